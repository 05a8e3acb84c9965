"""What each transition needs in its body, and what it refuses (400, 403, 409), changing nothing."""
import pytest

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from tests.factories.evidence import EvidenceFactory
from tests.factories.plans import ReformPlanFactory
from backend.plans.models import Task

from tests.builders import build_task, days
from tests.cast import for_each
from tests.refusals import Unchanged, assert_error, assert_invalid_transition, assert_validation_error


# --- assign ------------------------------------------------------------------------

def test_assign_sets_office_assignee_and_due_date(world, api, task_in, assignee):
    task = task_in("draft", due_date=None)
    r = api(world.office_head).transition("tasks", task.pk, "assign", {
        "lead_office": world.office_a.pk, "assignee": assignee.pk, "due_date": str(days(45))})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["lead_office"], body["assignee"], body["due_date"]) == (
        world.office_a.pk, assignee.pk, str(days(45)))
    assert body["state"] == "assigned" and body["assigned_at"]


def test_assign_keeps_the_due_date_the_task_already_has(world, api, task_in):
    task = task_in("draft", due_date=days(10))
    r = api(world.head).transition("tasks", task.pk, "assign", {"lead_office": world.office_b.pk})
    assert r.status_code == 200, r.json()
    assert (r.json()["lead_office"], r.json()["due_date"], r.json()["assignee"]) == (
        world.office_b.pk, str(days(10)), None)


def test_assign_refuses_bad_input(world, api, task_in):
    a = world.office_a.pk
    cases = [
        ({}, "lead_office"),
        ({"lead_office": None}, "lead_office"),
        ({"lead_office": "abc"}, "lead_office"),
        ({"lead_office": 99999999999999999999}, "lead_office"),
        ({"lead_office": -1}, "lead_office"),
        ({"lead_office": world.other_office.pk}, "lead_office"),
        ({"lead_office": a, "assignee": world.officer2.pk}, "assignee"),
        ({"lead_office": a, "assignee": world.outsider_officer.pk}, "assignee"),
        ({"lead_office": a, "due_date": "2025-13-45"}, "due_date"),
        ({"lead_office": a, "due_date": "25/12/2025"}, "due_date"),
        ({"lead_office": a, "due_date": str(days(-1))}, "due_date"),
    ]
    task = task_in("draft")

    def check(case):
        body, field = case
        with Unchanged(task):
            assert_validation_error(api(world.head).transition("tasks", task.pk, "assign", body), field)

    for_each(cases, check)


def test_assign_needs_a_due_date_somewhere(world, api, task_in):
    task = task_in("draft", due_date=None)
    with Unchanged(task):
        r = api(world.head).transition("tasks", task.pk, "assign", {"lead_office": world.office_a.pk})
        assert_validation_error(r, "due_date")


def test_assignee_must_be_active(world, api, task_in):
    gone = UserFactory(username="gone", role=Role.OFFICER, office=world.office_a, agency=world.agency,
                       is_active=False)
    task = task_in("draft")
    with Unchanged(task):
        r = api(world.head).transition("tasks", task.pk, "assign",
                                       {"lead_office": world.office_a.pk, "assignee": gone.pk})
        assert_validation_error(r, "assignee")


def test_office_head_assigns_to_own_office_only(world, api, task_in):
    task = task_in("draft")
    with Unchanged(task):
        r = api(world.office_head).transition("tasks", task.pk, "assign", {"lead_office": world.office_b.pk})
        assert_error(r, 403, "permission_denied")


def test_office_head_may_assign_an_unplaced_task_to_own_office(world, api, task_in):
    task = task_in("draft", lead_office=None)
    r = api(world.office_head_b).transition("tasks", task.pk, "assign", {"lead_office": world.office_b.pk})
    assert r.status_code == 200, r.json()
    assert r.json()["lead_office"] == world.office_b.pk


def test_assign_refused_while_the_plan_is_draft(world, api):
    plan = ReformPlanFactory(agency=world.agency, year=world.today.year + 1)
    task = build_task(world, "draft", plan=plan)
    with Unchanged(task):
        r = api(world.head).transition("tasks", task.pk, "assign", {"lead_office": world.office_a.pk})
        error = assert_invalid_transition(r, "draft", ["cancel", "extend"])
        assert "plan" in error["message"]


# --- submit --------------------------------------------------------------------------

def test_submit_needs_a_note_or_evidence(world, api, task_in):
    task = task_in("in_progress")
    for body in ({}, {"result_note": ""}, {"result_note": "   "}):
        with Unchanged(task):
            assert_validation_error(api(world.officer).transition("tasks", task.pk, "submit", body),
                                    "result_note")


def test_submit_with_evidence_needs_no_note(world, api, task_in):
    task = task_in("in_progress")
    EvidenceFactory(task=task, uploaded_by=world.officer)
    r = api(world.officer).transition("tasks", task.pk, "submit")
    assert r.status_code == 200, r.json()
    assert r.json()["state"] == "submitted" and r.json()["submitted_at"]


def test_submit_keeps_the_result_note(world, api, task_in):
    task = task_in("in_progress")
    r = api(world.officer).transition("tasks", task.pk, "submit", {"result_note": "Quyết định số 12/QĐ-SXD"})
    assert r.json()["result_note"] == "Quyết định số 12/QĐ-SXD"


# --- return and cancel need a reason --------------------------------------------------

@pytest.mark.parametrize("name, state", [("return", "submitted"), ("cancel", "assigned")])
def test_reason_is_required(name, state, world, api, task_in):
    task = task_in(state)

    def check(body):
        with Unchanged(task):
            assert_validation_error(api(world.head).transition("tasks", task.pk, name, body), "reason")

    for_each([{}, {"reason": ""}, {"reason": "  \n "}, {"reason": None}, {"reason": "x" * 10001}], check)


def test_return_clears_the_submission_and_keeps_the_reason(world, api, task_in):
    task = task_in("submitted")
    r = api(world.office_head).transition("tasks", task.pk, "return", {"reason": "Bổ sung số liệu quý III"})
    assert r.json()["state"] == "returned" and r.json()["submitted_at"] is None
    history = api(world.head).get(f"/api/v1/tasks/{task.pk}/history/").json()["results"]
    assert history[-1]["reason"] == "Bổ sung số liệu quý III"


# --- extend ------------------------------------------------------------------------

def test_extend_moves_the_date_keeps_the_old_one_and_the_lateness(world, api, task_in):
    task = task_in("in_progress", due_date=days(-3))
    Task.objects.filter(pk=task.pk).update(overdue=True, overdue_since=days(-2))
    r = api(world.head).transition("tasks", task.pk, "extend",
                                   {"due_date": str(days(30)), "reason": "Chờ hướng dẫn của Bộ"})
    assert r.status_code == 200, r.json()
    body = r.json()
    # Extended after the task became overdue: the lateness stays (par-index-method.md §9).
    assert (body["state"], body["due_date"], body["overdue"], body["overdue_since"], body["original_due_date"]) == (
        "in_progress", str(days(30)), True, str(days(-2)), str(days(-3)))

    history = api(world.head).get(f"/api/v1/tasks/{task.pk}/history/").json()["results"]
    assert len(history) == 1
    entry = history[0]
    assert (entry["from"], entry["to"], entry["reason"]) == ("in_progress", "in_progress", "Chờ hướng dẫn của Bộ")
    assert entry["data"]["changes"]["due_date"] == {"from": str(days(-3)), "to": str(days(30))}
    event = api(world.head).get("/api/v1/events/", {"type": "task.deadline_extended"}).json()["results"]
    assert len(event) == 1
    assert event[0]["payload"]["changes"]["due_date"]["from"] == str(days(-3))


def test_extend_needs_a_later_date(world, api, task_in):
    task = task_in("assigned", due_date=days(10))

    def check(shift):
        with Unchanged(task):
            r = api(world.head).transition("tasks", task.pk, "extend",
                                           {"due_date": str(days(10 + shift)), "reason": "Lý do"})
            assert_validation_error(r, "due_date")

    for_each([0, -1, -400], check)


def test_extend_refuses_bad_input(world, api, task_in):
    later = str(days(60))
    task = task_in("in_progress")

    def check(case):
        body, field = case
        with Unchanged(task):
            assert_validation_error(api(world.head).transition("tasks", task.pk, "extend", body), field)

    for_each([
        ({"reason": "Lý do"}, "due_date"),
        ({"due_date": later}, "reason"),
        ({"due_date": later, "reason": ""}, "reason"),
        ({"due_date": "2025-02-30", "reason": "Lý do"}, "due_date"),
        ({"due_date": "30/12/2099", "reason": "Lý do"}, "due_date"),
        ({"due_date": 20991230, "reason": "Lý do"}, "due_date"),
    ], check)


def test_extend_a_closed_task_is_409(world, api, task_in):
    task = task_in("done")
    with Unchanged(task):
        r = api(world.head).transition("tasks", task.pk, "extend", {"due_date": str(days(60)), "reason": "x"})
        assert_invalid_transition(r, "done", [])


def test_extend_twice_keeps_each_old_date(world, api, task_in):
    task = task_in("in_progress", due_date=days(5))
    head = api(world.head)
    head.transition("tasks", task.pk, "extend", {"due_date": str(days(10)), "reason": "lần 1"})
    head.transition("tasks", task.pk, "extend", {"due_date": str(days(20)), "reason": "lần 2"})
    history = head.get(f"/api/v1/tasks/{task.pk}/history/").json()["results"]
    assert [h["data"]["changes"]["due_date"] for h in history] == [
        {"from": str(days(5)), "to": str(days(10))}, {"from": str(days(10)), "to": str(days(20))}]


# --- bodies that are not objects --------------------------------------------------

def test_transition_body_that_is_not_an_object(world, api, task_in):
    task = task_in("submitted")
    client = api(world.head).client

    def check(raw):
        with Unchanged(task):
            r = client.post(f"/api/v1/tasks/{task.pk}/transitions/return/", raw, content_type="application/json")
            assert_error(r, 400, "validation_error")

    for_each(['[]', '"approve"', 'null', '42', '{"comment": ', 'không phải JSON'], check)
