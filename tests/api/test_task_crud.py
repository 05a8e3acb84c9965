"""Tasks: create (head; office head for their own office), read, and PATCH rules."""

from tests.factories.plans import ReformPlanFactory
from tests.factories.criteria import CriterionFactory, MethodologyFactory
from backend.plans.models import Task

from tests.builders import days
from tests.cast import CAST, OUTSIDERS, for_each
from tests.refusals import Unchanged, assert_error, assert_invalid_transition, assert_validation_error

TASK_KEYS = {"id", "plan", "code", "title", "description", "field", "expected_output", "lead_office",
             "supporting_offices", "assignee", "due_date", "progress", "state", "overdue", "overdue_since",
             "submitted_at", "completed_at", "completed_on_time", "created_at", "updated_at",
             "available_transitions"}


def _body(world, **kw):
    return {"plan": world.plan.pk, "code": "3.2", "title": "Rà soát thủ tục hành chính",
            "field": world.field.pk, **kw}


# --- create ---------------------------------------------------------------------------

def test_head_creates_a_task_with_everything(world, api):
    r = api(world.head).post("/api/v1/tasks/", _body(
        world, description="Rà soát, đơn giản hóa", expected_output="Báo cáo rà soát",
        lead_office=world.office_a.pk, supporting_offices=[world.office_b.pk], assignee=world.officer.pk,
        due_date=str(days(60)), state="done", progress=80))
    assert r.status_code == 201, r.json()
    body = r.json()
    assert TASK_KEYS <= set(body)
    assert (body["plan"], body["code"], body["field"], body["lead_office"], body["supporting_offices"],
            body["assignee"], body["due_date"], body["state"], body["progress"], body["overdue"]) == (
        world.plan.pk, "3.2", world.field.pk, world.office_a.pk, [world.office_b.pk], world.officer.pk,
        str(days(60)), "draft", 0, False)
    assert sorted(body["available_transitions"]) == ["assign", "cancel", "extend"]
    assert Task.objects.get(pk=body["id"]).created_by == world.head


def test_minimal_task(world, api):
    r = api(world.head).post("/api/v1/tasks/", _body(world))
    assert r.status_code == 201, r.json()
    assert (r.json()["lead_office"], r.json()["assignee"], r.json()["due_date"], r.json()["supporting_offices"]) == (
        None, None, None, [])


def test_office_head_creates_for_own_office_only(world, api):
    r = api(world.office_head).post("/api/v1/tasks/", _body(world))
    assert r.status_code == 201, r.json()
    assert r.json()["lead_office"] == world.office_a.pk  # their office, by default
    before = Task.objects.count()
    assert_error(api(world.office_head).post("/api/v1/tasks/", _body(world, code="3.3", lead_office=world.office_b.pk)),
                 403, "permission_denied")
    assert Task.objects.count() == before


def test_others_may_not_create_tasks(world, api, cast):
    def check(role):
        before = Task.objects.count()
        r = api(cast[role]).post("/api/v1/tasks/", _body(world, lead_office=world.office_a.pk))
        if role in OUTSIDERS:
            # Our plan does not exist for them: refused like a missing one, never created.
            assert r.status_code in (400, 403, 404)
            assert_error(r, r.status_code, r.json()["error"]["code"])
        else:
            assert_error(r, 403, "permission_denied")
        assert Task.objects.count() == before

    for_each(["office_head_b", "officer", "assignee", "officer2", "inspector", "admin", *sorted(OUTSIDERS)], check)


def test_task_to_a_closed_plan_is_409(world, api):
    plan = ReformPlanFactory(agency=world.agency, year=2031, state="closed")
    before = Task.objects.count()
    r = api(world.head).post("/api/v1/tasks/", _body(world, plan=plan.pk))
    error = assert_error(r, 409, r.json()["error"]["code"])
    assert error["details"]["state"] == "closed"
    assert Task.objects.count() == before


def test_mid_year_task_on_an_approved_plan(world, api):
    assert world.plan.state == "approved"
    r = api(world.head).post("/api/v1/tasks/", _body(world, code="9.9", lead_office=world.office_a.pk,
                                                     due_date=str(days(30))))
    assert r.status_code == 201
    r = api(world.head).transition("tasks", r.json()["id"], "assign", {"lead_office": world.office_a.pk})
    assert r.status_code == 200 and r.json()["state"] == "assigned"


def test_task_on_a_draft_plan_cannot_be_assigned_yet(world, api):
    plan = ReformPlanFactory(agency=world.agency, year=2031)
    r = api(world.head).post("/api/v1/tasks/", _body(world, plan=plan.pk, due_date=str(days(30))))
    assert r.status_code == 201
    assert r.json()["available_transitions"] == ["cancel", "extend"]
    task = Task.objects.get(pk=r.json()["id"])
    with Unchanged(task):
        assert_invalid_transition(api(world.head).transition("tasks", task.pk, "assign",
                                                             {"lead_office": world.office_a.pk}),
                                  "draft", ["cancel", "extend"])


def test_duplicate_code_in_a_plan_is_400(world, api):
    assert api(world.head).post("/api/v1/tasks/", _body(world)).status_code == 201
    assert_validation_error(api(world.head).post("/api/v1/tasks/", _body(world)), "code")
    # The same code in another plan is fine.
    plan = ReformPlanFactory(agency=world.agency, year=2031)
    assert api(world.head).post("/api/v1/tasks/", _body(world, plan=plan.pk)).status_code == 201


def test_field_must_be_a_top_level_field_of_the_agencys_methodology(world, api):
    child = CriterionFactory(methodology=world.methodology, parent=world.field, code="1.1")
    foreign = CriterionFactory(methodology=MethodologyFactory(code="another"), code="1")
    for field in (child, foreign):
        assert_validation_error(api(world.head).post("/api/v1/tasks/", _body(world, field=field.pk)), "field")
    assert Task.objects.count() == 0


def test_task_create_bad_input(world, api):
    other_plan = ReformPlanFactory(agency=world.other_agency, year=world.today.year)

    def check(case):
        extra, field = case
        assert_validation_error(api(world.head).post("/api/v1/tasks/", _body(world, **extra)), field)
        assert Task.objects.count() == 0

    for_each([
        ({"lead_office": world.other_office.pk}, "lead_office"),
        ({"supporting_offices": [world.other_office.pk]}, "supporting_offices"),
        ({"assignee": world.outsider_officer.pk}, "assignee"),
        ({"lead_office": world.office_a.pk, "assignee": world.officer2.pk}, "assignee"),
        ({"plan": other_plan.pk}, "plan"),
        ({"due_date": "2025-13-45"}, "due_date"),
        ({"due_date": "25/12/2025"}, "due_date"),
        ({"code": ""}, "code"),
        ({"code": "x" * 33}, "code"),
        ({"title": "x" * 100_000}, "title"),
        ({"description": "x" * 100_000}, "description"),
        ({"kind": "party"}, "kind"),
        ({"field": None}, "field"),
        ({"supporting_offices": "abc"}, "supporting_offices"),
    ], check)


def test_task_create_missing_fields(world, api):
    assert_validation_error(api(world.head).post("/api/v1/tasks/", {}), "plan", "code", "title", "field")


# --- read -------------------------------------------------------------------------------

def test_task_detail_for_every_member_of_the_agency(world, api, cast, task_in):
    task = task_in("in_progress")
    for role in CAST:
        r = api(cast[role]).get(f"/api/v1/tasks/{task.pk}/")
        if role in OUTSIDERS:
            assert_error(r, 404, "not_found")
        else:
            assert r.status_code == 200 and TASK_KEYS <= set(r.json())


# --- PATCH --------------------------------------------------------------------------------

def test_progress_by_the_assignee_while_in_progress(world, api, assignee, task_in):
    task = task_in("in_progress")
    r = api(assignee).patch(f"/api/v1/tasks/{task.pk}/", {"progress": 40})
    assert r.status_code == 200, r.json()
    assert r.json()["progress"] == 40
    assert api(world.officer).patch(f"/api/v1/tasks/{task.pk}/", {"progress": 60}).json()["progress"] == 60


def test_progress_outside_in_progress_is_refused(world, api, assignee, task_in):
    def check(state):
        task = task_in(state)
        with Unchanged(task):
            r = api(assignee).patch(f"/api/v1/tasks/{task.pk}/", {"progress": 40})
            error = assert_error(r, 409, r.json()["error"]["code"])
            assert error["details"]["state"] == state

    for_each(["draft", "assigned", "submitted", "returned"], check)


def test_progress_must_be_0_to_100(world, api, assignee, task_in):
    task = task_in("in_progress")

    def check(value):
        with Unchanged(task):
            assert_validation_error(api(assignee).patch(f"/api/v1/tasks/{task.pk}/", {"progress": value}), "progress")

    for_each([-1, 101, "abc", None, 50.5, 99999999999999999999], check)


def test_progress_by_others_is_refused(api, cast, task_in):
    task = task_in("in_progress")

    def check(role):
        with Unchanged(task):
            r = api(cast[role]).patch(f"/api/v1/tasks/{task.pk}/", {"progress": 40})
            if role in OUTSIDERS:
                assert_error(r, 404, "not_found")
            else:
                assert_error(r, 403, "permission_denied")

    for_each(["officer2", "inspector", "admin", "office_head_b", *sorted(OUTSIDERS)], check)


def test_managers_edit_the_description(world, api, task_in):
    task = task_in("in_progress")
    r = api(world.office_head).patch(f"/api/v1/tasks/{task.pk}/", {
        "title": "Tiêu đề mới", "supporting_offices": [world.office_b.pk], "expected_output": "Quyết định"})
    assert r.status_code == 200, r.json()
    assert (r.json()["title"], r.json()["supporting_offices"], r.json()["expected_output"]) == (
        "Tiêu đề mới", [world.office_b.pk], "Quyết định")
    assert r.json()["state"] == "in_progress"


def test_only_managers_edit_the_description(api, cast, task_in):
    task = task_in("in_progress")

    def check(role):
        with Unchanged(task):
            assert_error(api(cast[role]).patch(f"/api/v1/tasks/{task.pk}/", {"title": "Đổi tên"}), 403,
                         "permission_denied")

    for_each(["officer", "assignee", "officer2", "inspector", "admin", "office_head_b"], check)


def test_assignment_fields_after_assignment_are_refused(world, api, task_in):
    values = {"due_date": str(days(90)), "lead_office": world.office_b.pk, "assignee": world.officer.pk}

    def check(state):
        task = task_in(state)
        for field, value in values.items():
            with Unchanged(task):
                assert_validation_error(api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {field: value}), field)

    for_each(["assigned", "in_progress", "submitted", "returned"], check)


def test_draft_assignment_fields_may_be_edited(world, api, task_in):
    task = task_in("draft")
    r = api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {"due_date": str(days(90)), "lead_office": world.office_b.pk})
    assert r.status_code == 200, r.json()
    assert (r.json()["due_date"], r.json()["lead_office"]) == (str(days(90)), world.office_b.pk)


def test_draft_assignee_must_work_in_the_lead_office(world, api, task_in):
    task = task_in("draft")  # led by office_a
    with Unchanged(task):
        assert_validation_error(api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {"assignee": world.officer2.pk}),
                                "assignee")
    r = api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {"assignee": world.officer.pk})
    assert r.status_code == 200 and r.json()["assignee"] == world.officer.pk


def test_office_head_keeps_tasks_in_own_office(world, api, task_in):
    task = task_in("draft")
    with Unchanged(task):
        assert_error(api(world.office_head).patch(f"/api/v1/tasks/{task.pk}/", {"lead_office": world.office_b.pk}),
                     403, "permission_denied")


def test_closed_tasks_are_not_edited(world, api, task_in):
    def check(state):
        task = task_in(state)
        with Unchanged(task):
            r = api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {"title": "Sửa sau khi xong"})
            error = assert_error(r, 409, r.json()["error"]["code"])
            assert error["details"]["state"] == state

    for_each(["done", "cancelled"], check)


def test_patch_never_moves_the_state(world, api, task_in):
    task = task_in("draft")
    r = api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {"state": "done", "overdue": True,
                                                           "completed_on_time": True, "title": "Tên mới"})
    assert r.status_code == 200
    task.refresh_from_db()
    assert (task.state, task.overdue, task.completed_on_time, task.title) == ("draft", False, None, "Tên mới")


def test_patch_duplicate_code_is_400(world, api, task_in):
    first = task_in("draft", code="1.1")
    second = task_in("draft", code="1.2")
    with Unchanged(first, second):
        assert_validation_error(api(world.head).patch(f"/api/v1/tasks/{second.pk}/", {"code": "1.1"}), "code")


def test_moving_a_draft_task_away_from_its_assignees_office_is_400(world, api, task_in):
    task = task_in("draft")
    api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {"assignee": world.officer.pk})
    with Unchanged(task):
        assert_validation_error(api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {"lead_office": world.office_b.pk}),
                                "assignee")
    r = api(world.head).patch(f"/api/v1/tasks/{task.pk}/", {"lead_office": world.office_b.pk,
                                                           "assignee": world.officer2.pk})
    assert r.status_code == 200 and (r.json()["lead_office"], r.json()["assignee"]) == (
        world.office_b.pk, world.officer2.pk)
