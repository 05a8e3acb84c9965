"""An injectable clock: a transition run ``at`` a past moment writes that moment
everywhere (the FSM timestamps, the history row, the event), through the real service."""
import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories.documents import DocumentFactory
from tests.factories.inspections import FindingFactory, InspectionFactory
from backend.inspections.services import finding_raise, finding_transition, inspection_transition
from tests.factories.plans import ReformPlanFactory
from backend.plans.models import Task
from backend.plans.services import plan_transition, task_transition
from workflows.models import Event, TransitionRecord
from workflows.services import record_change, run_transition

pytestmark = pytest.mark.django_db

PAST = timezone.make_aware(datetime.datetime(2025, 3, 14, 9, 30))


def _written_at(subject):
    record = TransitionRecord.objects.filter(subject_type=subject.subject_type, subject_id=subject.pk).latest("id")
    event = Event.objects.get(pk=record.event_id)
    return record.at, event.occurred_at


def test_a_task_walks_through_the_past(world, make_task):
    task = make_task(due_date=datetime.date(2025, 3, 20))
    steps = [("assign", world.head, {"lead_office": world.office_a, "assignee": world.officer}, "assigned_at"),
             ("start", world.officer, {}, "started_at"),
             ("submit", world.officer, {"result_note": "Đã xong"}, "submitted_at"),
             ("approve", world.head, {}, "completed_at")]
    for hours, (name, actor, params, stamp) in enumerate(steps):
        moment = PAST + datetime.timedelta(hours=hours)
        task = task_transition(task, name, actor=actor, at=moment, **params)
        assert getattr(Task.objects.get(pk=task.pk), stamp) == moment, name
        assert _written_at(task) == (moment, moment), name
    # On time is judged from the submission's moment (the 14th), not from the real today.
    assert Task.objects.get(pk=task.pk).completed_on_time is True


def test_a_plan_approved_in_the_past_gets_its_report_tasks_then(world):
    plan = ReformPlanFactory(agency=world.agency, year=2025)
    document = DocumentFactory(agency=world.agency, created_by=world.head, date=PAST.date())
    plan = plan_transition(plan, "approve", actor=world.head, at=PAST, document=document)
    assert plan.approved_at == PAST and _written_at(plan) == (PAST, PAST)
    # ``at`` is the clock, not a parameter of the transition: it is not stored as data.
    assert "at" not in TransitionRecord.objects.filter(subject_type="plan", subject_id=plan.pk).get().data


def test_inspections_and_findings_take_the_moment_too(world):
    inspection = InspectionFactory(agency=world.agency, offices=[world.office_a], inspectors=[world.inspector])
    inspection = inspection_transition(inspection, "start", actor=world.inspector, at=PAST)
    assert inspection.started_at == PAST and _written_at(inspection) == (PAST, PAST)
    later = PAST + datetime.timedelta(days=1)
    finding = finding_raise(actor=world.inspector, inspection=inspection, office=world.office_a,
                            description="Chưa niêm yết thủ tục", severity="low",
                            due_date=datetime.date(2025, 4, 1), at=later)
    assert _written_at(finding) == (later, later)
    finding = finding_transition(finding, "acknowledge", actor=world.officer, at=later)
    assert finding.acknowledged_at == later and _written_at(finding) == (later, later)


def test_without_a_moment_it_is_now(world, make_task):
    before = timezone.now()
    task = run_transition(make_task(), "assign", actor=world.head, lead_office=world.office_a)
    after = timezone.now()
    record_at, occurred_at = _written_at(task)
    assert before <= task.assigned_at <= after and record_at == occurred_at == task.assigned_at


def test_record_change_takes_the_moment(world):
    finding = FindingFactory(inspection=InspectionFactory(agency=world.agency, offices=[world.office_a]))
    with transaction.atomic():
        event = record_change(finding, event_type="finding.raised", transition="raise", from_state="",
                              actor=world.inspector, at=PAST)
    assert event.occurred_at == PAST and _written_at(finding) == (PAST, PAST)
