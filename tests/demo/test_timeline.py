"""The demo's past is written through the services at its planned times, not rewritten."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.inspections.models import Finding
from backend.plans.models import Task
from workflows.models import Event, TransitionRecord

# The timestamp a transition leaves on its subject.
TASK_STAMPS = {"assign": "assigned_at", "start": "started_at", "submit": "submitted_at",
               "approve": "completed_at", "cancel": "cancelled_at"}
FINDING_STAMPS = {"acknowledge": "acknowledged_at", "submit_remediation": "remediation_submitted_at",
                  "close": "closed_at"}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def _last_times(subject_type, subject_id):
    records = TransitionRecord.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("id")
    return {r.transition: r.at for r in records}


def test_every_event_is_at_the_time_of_its_history_row(seeded):
    records = TransitionRecord.objects.select_related("event")
    assert records.exists()
    assert all(r.event.occurred_at == r.at for r in records)


def test_the_rows_carry_the_times_of_their_history(seeded):
    today = timezone.localdate()
    tasks = list(Task.objects.filter(plan__year=today.year).exclude(state="draft"))
    findings = list(Finding.objects.all())
    assert tasks and findings
    for subject_type, rows, stamps in [("task", tasks, TASK_STAMPS), ("finding", findings, FINDING_STAMPS)]:
        for row in rows:
            times = _last_times(subject_type, row.pk)
            for transition, stamp in stamps.items():
                if transition in times and getattr(row, stamp) is not None:
                    assert getattr(row, stamp) == times[transition], (row, stamp)
            assert all(timezone.localdate(at) < today for at in times.values())
    done = [t for t in tasks if t.state == "done"]
    # On time was judged by the workflow at the planned submission, not fixed up afterwards.
    assert {t.completed_on_time for t in done} == {True, False}
    assert Event.objects.filter(type="task.completed").count() == len(done)
