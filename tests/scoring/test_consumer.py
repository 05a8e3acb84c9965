"""The scoring consumer: events → recompute → store → one ``score.changed`` only when points move."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.accounts import UserFactory
from tests.factories.plans import ReformPlanFactory
from backend.plans.models import Task
from backend.scoring import services as scoring_services
from backend.scoring.consumers import criterion_scorer
from backend.scoring.models import Score, ScoreChange
from backend.scoring.services import score_refresh
from notifications.models import Notification
from workflows.dispatch import deliver
from workflows.events import jsonable
from workflows.models import Event
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world):
    return UserFactory(username="doer", role="officer", office=world.office_a, agency=world.agency)


@pytest.fixture
def overdue_case(world, template, officer):
    """This year's plan: one task done on time, one overdue and in progress; the score stored."""
    today = world.today
    common = {"plan": world.plan, "field": template.c["1"], "lead_office": world.office_a,
              "expected_output": "Báo cáo"}
    Task.objects.create(code="1.1", title="Đã xong", state="done", completed_on_time=True,
                        due_date=today - datetime.timedelta(days=20), **common)
    late = Task.objects.create(code="1.2", title="Quá hạn", state="in_progress", assignee=officer,
                               due_date=today - datetime.timedelta(days=2), **common)
    score = score_refresh(agency=world.agency, year=today.year)
    return late, score


def score_events():
    return list(Event.objects.filter(type="score.changed").order_by("id"))


def test_completing_an_overdue_task_moves_the_score_once(world, overdue_case, officer,
                                                         django_capture_on_commit_callbacks):
    late, score = overdue_case
    before = score.points
    with django_capture_on_commit_callbacks(execute=True):
        late = run_transition(late, "submit", actor=officer, result_note="Đã hoàn thành")
    # Submitting changes no measure: recomputed, stored, nothing announced.
    assert score_events() == []

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(late, "approve", actor=world.head)
    score.refresh_from_db()
    # Completion 1/2 → 2/2 (0 → 2 points); on time stays 1 of 2 (done late).
    assert score.points == before + Decimal("2.00")
    [event] = score_events()
    assert (event.subject_type, event.subject_id, event.agency_id) == ("score", score.pk, world.agency.pk)
    assert event.payload["old_points"] == float(before)
    assert event.payload["new_points"] == float(score.points)
    assert event.payload["year"] == world.today.year
    assert event.payload["components"] == ["1.2"]
    assert event.payload["cause_event"] == Event.objects.get(type="task.completed").pk
    assert list(score.history.values_list("old_points", "points")) == [
        (None, before), (before, score.points)]
    # The department heads hear of it (the notifications consumer's rule for score.changed).
    assert Notification.objects.filter(event=event, recipient=world.head).exists()


def test_redelivery_is_idempotent(world, overdue_case, officer, django_capture_on_commit_callbacks):
    late, _ = overdue_case
    with django_capture_on_commit_callbacks(execute=True):
        late = run_transition(late, "submit", actor=officer, result_note="x")
        run_transition(late, "approve", actor=world.head)
    completed = Event.objects.get(type="task.completed")
    assert deliver(completed, criterion_scorer) is False  # the dispatcher's marker stops it
    with django_capture_on_commit_callbacks(execute=True):
        criterion_scorer.handle(completed)  # even run again by hand: same points, no new event
    assert len(score_events()) == 1
    assert ScoreChange.objects.count() == 2


def test_score_events_and_reminders_do_not_trigger_a_recompute(world, overdue_case):
    _, score = overdue_case
    computed_at = score.computed_at
    for event_type, subject_type in [("score.changed", "score"), ("task.due_soon", "task")]:
        criterion_scorer.handle(Event(type=event_type, subject_type=subject_type, subject_id=score.pk,
                                      agency=world.agency, occurred_at=computed_at, payload={}))
    score.refresh_from_db()
    assert score.computed_at == computed_at


def test_a_finding_closed_in_another_agency_leaves_this_score_alone(world, template, overdue_case):
    _, score = overdue_case
    handled = Event(type="finding.closed", subject_type="finding", subject_id=999999,
                    agency=world.other_agency, occurred_at=score.computed_at, payload={})
    criterion_scorer.handle(handled)  # the other agency has no finding 999999: nothing to do
    assert Score.objects.filter(agency=world.other_agency).count() == 0


def test_plan_approval_creates_report_tasks_and_the_first_score(world, template, api, make_document,
                                                              django_capture_on_commit_callbacks):
    plan = ReformPlanFactory(agency=world.agency, year=world.today.year + 1,
                             issue_deadline=world.today + datetime.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        response = api(world.head).transition("plans", plan.pk, "approve",
                                              {"document": make_document(kind="plan").pk})
    assert response.status_code == 200, response.json()
    assert Task.objects.filter(plan=plan, kind="report").count() == 4
    score = Score.objects.get(agency=world.agency, year=plan.year)
    assert score.components[0]["code"] == "1.1" and score.components[0]["value"] == "on_time"
    # The first computation starts the history; nothing changed, so nothing is announced.
    assert score.history.count() == 1 and score_events() == []


@pytest.mark.django_db(transaction=True)
def test_events_drive_the_score_through_real_commits(api):
    """The same flow with real commits (no captured callbacks), on a catalogue built in code."""
    from tests.factories.accounts import AgencyFactory, OfficeFactory
    from tests.factories.scoring import leadership_methodology

    methodology, field = leadership_methodology()
    agency = AgencyFactory(methodology=methodology)
    office = OfficeFactory(agency=agency, name="Văn phòng Sở")
    head = UserFactory(username="giamdoc", role="head", agency=agency)
    officer = UserFactory(username="chuyenvien", role="officer", office=office, agency=agency)
    today = datetime.date.today()
    plan = ReformPlanFactory(agency=agency, year=today.year, issue_deadline=today)
    from tests.factories.documents import DocumentFactory

    plan_document = DocumentFactory(agency=agency, created_by=head, date=today)
    assert api(head).transition("plans", plan.pk, "approve", {"document": plan_document.pk}).status_code == 200
    score = Score.objects.get(agency=agency, year=today.year)
    reports = Task.objects.filter(plan=plan, kind="report")
    assert {t.lead_office_id for t in reports} == {office.pk}  # the Văn phòng writes the reports

    task = Task.objects.create(plan=plan, code="1", title="Rà soát TTHC", field=field, lead_office=office,
                               assignee=officer, due_date=today + datetime.timedelta(days=5),
                               state="in_progress", expected_output="Báo cáo")
    assert api(officer).transition("tasks", task.pk, "submit", {"result_note": "Xong"}).status_code == 200
    assert api(head).transition("tasks", task.pk, "approve").status_code == 200
    score.refresh_from_db()
    [event] = score_events()
    assert event.payload["new_points"] == float(score.points) > event.payload["old_points"]


def test_a_batch_of_task_events_refreshes_each_plan_year_once_reading_plans_not_tasks(
        world, template, make_task, monkeypatch, django_assert_max_num_queries):
    """A task event names its plan: the batch reads the plans' years, one query, however
    many tasks; each agency-year is refreshed once, its cause the batch's last event of it."""
    last_year = ReformPlanFactory(agency=world.agency, year=world.today.year - 1, state="approved")
    this_year = [make_task(code=f"1.{k}") for k in range(3)]
    before = [make_task(plan=last_year, code=f"9.{k}") for k in range(2)]
    events = [Event.objects.create(type="task.overdue", occurred_at=timezone.now(), agency=world.agency,
                                   subject_type="task", subject_id=t.pk,
                                   payload=jsonable({**t.event_payload(), "overdue_since": "2026-01-01"}))
              for t in [this_year[0], before[0], this_year[1], before[1], this_year[2]]]
    # A task gone since its event still moves its plan's year (it may have counted there).
    Task.objects.filter(pk=this_year[2].pk).delete()
    refreshed = []
    monkeypatch.setattr(scoring_services, "score_refresh",
                        lambda *, agency, year, cause=None: refreshed.append((agency.pk, year, cause.pk)))
    with django_assert_max_num_queries(2) as captured:  # the plans' years, the agency
        criterion_scorer.handle_batch(events)
    assert not any('"plans_task"' in q["sql"] for q in captured.captured_queries)
    assert refreshed == [(world.agency.pk, world.today.year - 1, events[3].pk),
                         (world.agency.pk, world.today.year, events[4].pk)]
