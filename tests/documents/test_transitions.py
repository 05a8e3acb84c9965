"""Transitions that take a signed document (API.md, Documents): the plan's issue, a report's
sending, cancelling a task of an issued plan, an inspection's conclusion notice. Who first,
then the document: required, of the caller's agency, not dated in the future; history and
the event carry it."""
import datetime

import pytest

from backend.plans.models import ReformPlan, Task
from workflows.models import Event, TransitionRecord

from tests.events import verify_action
from tests.factories.plans import ReformPlanFactory
from tests.refusals import Unchanged, assert_error, assert_validation_error


def _draft_plan(world):
    return ReformPlanFactory(agency=world.agency, year=world.today.year + 1,
                             issue_deadline=datetime.date(world.today.year, 12, 31))


# --- the plan is issued by its signed plan document --------------------------------------

def test_issue_records_the_document_and_its_date(world, api, make_document):
    plan = _draft_plan(world)
    signed = make_document(kind="plan", date=world.today - datetime.timedelta(days=4))
    events = verify_action(lambda: api(world.head).transition("plans", plan.pk, "approve", {"document": signed.pk}), [
        ("plan.approved", plan, {"document": signed.pk, "to": "approved",
                                 "changes": {"issue_document_id": {"from": None, "to": signed.pk},
                                             "issued_on": {"from": None, "to": signed.date.isoformat()}}}),
    ])
    plan.refresh_from_db()
    assert (plan.state, plan.issue_document_id, plan.issued_on) == ("approved", signed.pk, signed.date)
    record = TransitionRecord.objects.get(subject_type="plan", subject_id=plan.pk)
    assert record.data["document"] == signed.pk and record.event_id == events[0].pk
    body = api(world.head).get(f"/api/v1/plans/{plan.pk}/").json()
    assert (body["issue_document"], body["issued_on"], body["issued_on_time"]) == (
        signed.pk, signed.date.isoformat(), True)


def test_issue_refusals_change_nothing(world, api, make_document):
    plan = _draft_plan(world)
    head = api(world.head)
    theirs = make_document(agency=world.other_agency, created_by=world.outsider_head)
    ahead = make_document(date=world.today + datetime.timedelta(days=2))  # only a factory can date it so
    with Unchanged(plan):
        assert_validation_error(head.transition("plans", plan.pk, "approve"), "document")
        assert_validation_error(head.transition("plans", plan.pk, "approve", {"document": theirs.pk}), "document")
        assert_validation_error(head.transition("plans", plan.pk, "approve", {"document": ahead.pk}), "document")
        assert_validation_error(head.transition("plans", plan.pk, "approve", {"document": "215/KH"}), "document")
        # Who first: an officer hears 403, not a complaint about the body.
        assert_error(api(world.officer).transition("plans", plan.pk, "approve"), 403, "permission_denied")
    assert not Event.objects.exists() and not Task.objects.filter(plan=plan).exists()


def test_the_service_refuses_another_agencys_document_too(world, make_document):
    from backend.plans.services import plan_transition
    from workflows.errors import ValidationFailed

    plan = _draft_plan(world)
    theirs = make_document(agency=world.other_agency, created_by=world.outsider_head)
    with pytest.raises(ValidationFailed) as refused:
        plan_transition(plan, "approve", actor=world.head, document=theirs)
    assert "document" in refused.value.details
    assert ReformPlan.objects.get(pk=plan.pk).state == "draft"


# --- the issue deadline is the province's -------------------------------------------------

def test_the_province_sets_the_issue_deadline(world, api):
    from tests.factories.scoring import ScoringConfigFactory

    year = world.today.year + 2
    ScoringConfigFactory(agency=world.agency, year=year, plan_issue_deadline=datetime.date(year - 1, 12, 20))
    head = api(world.head)
    r = head.post("/api/v1/plans/", {"year": year, "title": "Kế hoạch CCHC"})
    assert r.status_code == 201, r.json()
    assert r.json()["issue_deadline"] == f"{year - 1}-12-20"
    ReformPlan.objects.filter(pk=r.json()["id"]).delete()
    # The department cannot give itself another date, at creation or later.
    assert_validation_error(head.post("/api/v1/plans/", {"year": year, "title": "Kế hoạch CCHC",
                                                         "issue_deadline": f"{year}-03-31"}), "issue_deadline")
    assert not ReformPlan.objects.filter(year=year).exists()


def test_without_a_provincial_date_the_announced_one_is_required(world, api):
    r = api(world.head).post("/api/v1/plans/", {"year": world.today.year + 3, "title": "Kế hoạch CCHC"})
    assert_validation_error(r, "issue_deadline")


def test_an_administrator_setting_the_date_moves_the_plan(world, admin_client):
    plan = _draft_plan(world)
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    admin_client.force_login(world.admin)
    new = datetime.date(world.today.year, 12, 10)
    r = admin_client.post("/admin/criteria/scoringconfig/add/", {
        "agency": world.agency.pk, "year": plan.year, "plan_issue_deadline": new.isoformat(),
        "report_schedule": "[]"})
    assert r.status_code == 302, r.content[:2000]
    plan.refresh_from_db()
    assert plan.issue_deadline == new


# --- a report is sent by its outgoing document ---------------------------------------------

def test_a_report_is_sent_by_its_outgoing_document(world, api, task_in, assignee, make_document):
    report = task_in("in_progress", kind="report", code="BC-Q1", due_date=world.today + datetime.timedelta(days=3))
    doer = api(assignee)
    with Unchanged(report):
        assert_validation_error(doer.transition("tasks", report.pk, "submit", {"result_note": "Đã gửi"}), "document")
    outgoing = make_document(kind="report", number="45/BC-SXD", date=world.today - datetime.timedelta(days=1))
    verify_action(lambda: doer.transition("tasks", report.pk, "submit", {"document": outgoing.pk}), [
        ("task.submitted", report, {"document": outgoing.pk, "to": "submitted"}),
    ])
    body = doer.get(f"/api/v1/tasks/{report.pk}/").json()
    assert (body["sent_document"], body["sent_on"]) == (outgoing.pk, outgoing.date.isoformat())


def test_an_ordinary_task_is_still_submitted_with_a_note(world, api, task_in, assignee):
    task = task_in("in_progress")
    r = api(assignee).transition("tasks", task.pk, "submit", {"result_note": "Đã xong"})
    assert r.status_code == 200, r.json()
    assert r.json()["sent_document"] is None and r.json()["sent_on"] is None


def test_approving_a_sent_report_judges_the_documents_date_not_the_click(world, api, task_in, assignee,
                                                                        make_document):
    due = world.today - datetime.timedelta(days=5)
    report = task_in("in_progress", kind="report", code="BC-H1", due_date=due)
    # Sent by a document signed on the due date, recorded in the system days later.
    outgoing = make_document(kind="report", date=due)
    assert api(assignee).transition("tasks", report.pk, "submit", {"document": outgoing.pk}).status_code == 200
    r = api(world.head).transition("tasks", report.pk, "approve")
    assert r.status_code == 200, r.json()
    assert r.json()["completed_on_time"] is True


# --- cancelling a task of an issued plan takes the amendment --------------------------------

def test_cancel_of_an_issued_plans_task_needs_the_amendment(world, api, task_in, make_document):
    task = task_in("assigned")
    head = api(world.head)
    with Unchanged(task):
        assert_validation_error(head.transition("tasks", task.pk, "cancel", {"reason": "Trùng lặp"}), "document")
        theirs = make_document(agency=world.other_agency, created_by=world.outsider_head)
        assert_validation_error(head.transition("tasks", task.pk, "cancel",
                                                {"reason": "Trùng lặp", "document": theirs.pk}), "document")
        assert_error(api(world.officer).transition("tasks", task.pk, "cancel", {}), 403, "permission_denied")
    amendment = make_document(kind="amendment")
    r = head.transition("tasks", task.pk, "cancel", {"reason": "Trùng lặp", "document": amendment.pk})
    assert r.status_code == 200, r.json()
    assert (r.json()["state"], r.json()["cancel_document"]) == ("cancelled", amendment.pk)
    record = TransitionRecord.objects.get(subject_type="task", subject_id=task.pk)
    assert (record.reason, record.data["document"]) == ("Trùng lặp", amendment.pk)


def test_a_draft_plans_task_is_dropped_without_one(world, api):
    from tests.factories.plans import TaskFactory

    task = TaskFactory(plan=_draft_plan(world), field=world.field)
    r = api(world.head).transition("tasks", task.pk, "cancel", {"reason": "Không còn phù hợp"})
    assert r.status_code == 200, r.json()
    assert r.json()["cancel_document"] is None
    assert Event.objects.get(type="task.cancelled").payload["document"] is None


# --- the inspection's conclusion notice ---------------------------------------------------

def test_the_inspection_is_reported_with_its_conclusion_notice(world, api, make_inspection, make_document):
    inspection = make_inspection("in_progress")
    notice = make_document(kind="conclusion", number="12/TB-SXD", date=world.today)
    verify_action(lambda: api(world.inspector).transition("inspections", inspection.pk, "report",
                                                         {"document": notice.pk}), [
        ("inspection.reported", inspection, {"document": notice.pk, "to": "reported"}),
    ])
    body = api(world.head).get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert (body["conclusion_document"], body["concluded_on"]) == (notice.pk, notice.date.isoformat())


def test_the_conclusion_notice_is_checked_when_given(world, api, make_inspection, make_document):
    inspection = make_inspection("in_progress")
    ahead = make_document(date=world.today + datetime.timedelta(days=1))
    with Unchanged(inspection):
        assert_validation_error(api(world.inspector).transition("inspections", inspection.pk, "report",
                                                                {"document": ahead.pk}), "document")
    # The API contract lists no body for report: without one it still reports.
    r = api(world.inspector).transition("inspections", inspection.pk, "report")
    assert r.status_code == 200 and r.json()["conclusion_document"] is None
