"""Every task transition by every member of the cast, allowed and refused, through the API."""
import pytest

from backend.plans.models import Task
from workflows.models import Event, TransitionRecord

from tests.factories.documents import DocumentFactory
from tests.builders import days
from tests.cast import CAST, OUTSIDERS, for_each
from tests.refusals import Unchanged, assert_error, assert_invalid_transition

STATES = ["draft", "assigned", "in_progress", "submitted", "returned", "done", "cancelled"]


def assign_body(world, assignee):
    return {"lead_office": world.office_a.pk, "assignee": assignee.pk, "due_date": str(days(20))}


# name → (from state, to state, who may, body, event type)
TRANSITIONS = {
    "assign": ("draft", "assigned", {"head", "office_head"}, assign_body, "task.assigned"),
    "start": ("assigned", "in_progress", {"assignee", "officer"}, {}, "task.started"),
    "submit": ("in_progress", "submitted", {"assignee", "officer"},
               {"result_note": "Đã ban hành văn bản"}, "task.submitted"),
    "approve": ("submitted", "done", {"head", "office_head"}, {"comment": "Đạt"}, "task.completed"),
    "return": ("submitted", "returned", {"head", "office_head"},
               {"reason": "Thiếu tài liệu kiểm chứng"}, "task.returned"),
    "resume": ("returned", "in_progress", {"assignee", "officer"}, {}, "task.resumed"),
    # The plan is issued: dropping a task takes the plan amendment.
    "cancel": ("in_progress", "cancelled", {"head"},
               lambda world, assignee: {"reason": "Không còn phù hợp", "document": amendment(world).pk},
               "task.cancelled"),
    "extend": ("in_progress", "in_progress", {"head"},
               {"due_date": str(days(90)), "reason": "Chờ văn bản của Bộ"}, "task.deadline_extended"),
}

# What each kind of actor may run in each state (the lead office is office_a, the
# plan is approved, no extension request pending). Everyone not listed may run nothing.
AVAILABLE = {
    "head": {
        "draft": ["assign", "cancel", "extend"], "assigned": ["cancel", "extend"],
        "in_progress": ["cancel", "extend"], "submitted": ["approve", "return", "cancel", "extend"],
        "returned": ["cancel", "extend"],
    },
    "office_head": {"draft": ["assign"], "submitted": ["approve", "return"]},
    "officer": {"assigned": ["start", "request_extension"], "in_progress": ["submit", "request_extension"],
                "returned": ["resume", "request_extension"]},
}
AVAILABLE["assignee"] = AVAILABLE["officer"]


def amendment(world):
    return DocumentFactory(agency=world.agency, created_by=world.head, kind="amendment",
                           number="15/KH-SXD", summary="Điều chỉnh, bổ sung Kế hoạch CCHC")


def body_for(name, world, assignee):
    body = TRANSITIONS[name][3]
    return body(world, assignee) if callable(body) else body


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_by_role(name, world, api, cast, assignee, task_in):
    source, target, allowed, _, event_type = TRANSITIONS[name]
    body = body_for(name, world, assignee)

    def check(role):
        task = task_in(source)  # a fresh one for each member of the cast
        actor = cast[role]
        if role not in allowed:
            with Unchanged(task):
                r = api(actor).transition("tasks", task.pk, name, body)
                if role in OUTSIDERS:
                    assert_error(r, 404, "not_found")
                else:
                    assert_error(r, 403, "permission_denied")
            return

        events_before = Event.objects.count()
        r = api(actor).transition("tasks", task.pk, name, body)
        assert r.status_code == 200, r.json()
        data = r.json()
        assert data["state"] == target
        assert data["id"] == task.pk
        assert sorted(data["available_transitions"]) == sorted(AVAILABLE.get(role, {}).get(target, []))
        assert Task.objects.get(pk=task.pk).state == target

        record = TransitionRecord.objects.get(subject_type="task", subject_id=task.pk)
        assert (record.transition, record.from_state, record.to_state, record.actor_id) == (
            name, source, target, actor.pk)
        assert Event.objects.count() == events_before + 1
        event = Event.objects.get(pk=record.event_id)
        assert (event.type, event.subject_type, event.subject_id, event.actor_id, event.agency_id) == (
            event_type, "task", task.pk, actor.pk, world.agency.pk)
        assert event.payload["from"] == source and event.payload["to"] == target

    for_each(CAST, check)


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_wrong_state_is_409_naming_state_and_allowed(name, world, api, cast, assignee, task_in):
    """A caller who may run the transition, on a task in a state it does not start from."""
    source, _, allowed, _, _ = TRANSITIONS[name]
    sources = {"cancel": {"draft", "assigned", "in_progress", "submitted", "returned"},
               "extend": {"draft", "assigned", "in_progress", "submitted", "returned"}}.get(name, {source})
    role = sorted(allowed)[0]
    for state in STATES:
        if state in sources:
            continue
        task = task_in(state)
        with Unchanged(task):
            r = api(cast[role]).transition("tasks", task.pk, name, body_for(name, world, assignee))
            error = assert_invalid_transition(r, state, AVAILABLE[role].get(state, []))
            assert state in error["message"]


def test_available_transitions_per_role(api, cast, task_in):
    def check(state):
        task = task_in(state)
        for role in CAST:
            r = api(cast[role]).get(f"/api/v1/tasks/{task.pk}/")
            if role in OUTSIDERS:
                assert_error(r, 404, "not_found")
                continue
            assert r.status_code == 200
            available = sorted(r.json()["available_transitions"])
            assert available == sorted(AVAILABLE.get(role, {}).get(state, [])), (role, available)

    for_each(STATES, check)


def test_head_cancels_from_every_open_state(world, api, task_in):
    def check(state):
        task = task_in(state)
        r = api(world.head).transition("tasks", task.pk, "cancel", {"reason": "Trùng với nhiệm vụ 2.1",
                                                                     "document": amendment(world).pk})
        assert r.status_code == 200, r.json()
        assert r.json()["state"] == "cancelled" and r.json()["available_transitions"] == []
        assert r.json()["cancelled_at"] is not None
        record = TransitionRecord.objects.get(subject_id=task.pk)
        assert (record.from_state, record.reason) == (state, "Trùng với nhiệm vụ 2.1")

    for_each(["draft", "assigned", "in_progress", "submitted", "returned"], check)


def test_unknown_transition_name_is_404(world, api, task_in):
    task = task_in("submitted")
    for name in ["publish", "send_back", "APPROVE", "approve_"]:
        with Unchanged(task):
            error = assert_error(api(world.head).transition("tasks", task.pk, name), 404, "not_found")
            assert name in error["message"]


def test_unknown_transition_on_someone_elses_task_is_404(world, api, task_in):
    task = task_in("submitted")
    assert_error(api(world.outsider_head).transition("tasks", task.pk, "approve"), 404, "not_found")
    assert_error(api(world.head).transition("tasks", 99999999, "approve"), 404, "not_found")


def test_wrong_role_hears_403_even_with_a_bad_body(world, api, task_in):
    """Who may act is decided before what they sent: no hint about the body to outsiders of the job."""
    task = task_in("in_progress")
    with Unchanged(task):
        assert_error(api(world.officer).transition("tasks", task.pk, "cancel", {}), 403, "permission_denied")
        assert_error(api(world.inspector).transition("tasks", task.pk, "extend", {"due_date": "x"}),
                     403, "permission_denied")


def test_wrong_state_hears_409_even_with_a_bad_body(world, api, task_in):
    task = task_in("done")
    with Unchanged(task):
        assert_invalid_transition(api(world.head).transition("tasks", task.pk, "cancel", {}), "done", [])


def test_transition_answers_the_full_task_body(world, api, task_in):
    task = task_in("assigned")
    body = api(world.officer).transition("tasks", task.pk, "start").json()
    expected = {"id", "plan", "code", "title", "description", "field", "expected_output", "lead_office",
                "supporting_offices", "assignee", "due_date", "progress", "state", "overdue",
                "overdue_since", "submitted_at", "completed_at", "completed_on_time", "created_at",
                "updated_at", "available_transitions"}
    assert expected <= set(body)
    assert body["started_at"] is not None
