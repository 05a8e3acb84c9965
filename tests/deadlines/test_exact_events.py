"""One deadline pass writes exactly one event per newly late or nearly due item, in bulk."""
import io

import pytest
from django.core.management import call_command

from tests.events import verify_action

from .conftest import d

pytestmark = pytest.mark.django_db


def _scan(now):
    return lambda: call_command("scan_deadlines", "--now", now, stdout=io.StringIO())


def test_a_pass_writes_exactly_the_overdue_and_due_soon_events(world, make_task, make_finding):
    world.agency.due_soon_days = 3
    world.agency.save()
    late = make_task(state="in_progress", assignee=world.officer, due_date=d(2026, 10, 9))
    near = make_task(state="assigned", assignee=world.officer, due_date=d(2026, 10, 14))
    make_task(state="in_progress", due_date=d(2026, 11, 30))              # far off: nothing
    make_task(state="done", due_date=d(2026, 10, 1), completed_on_time=True)  # closed: nothing
    finding = make_finding(state="in_remediation", due_date=d(2026, 10, 5))

    # Monday 12 October 2026: the 14th is two working days ahead.
    verify_action(_scan("2026-10-12T00:05"), [
        ("task.overdue", late, {"overdue_since": "2026-10-10", "due_date": "2026-10-09",
                                "assignee": world.officer.pk, "state": "in_progress"}),
        ("finding.overdue", finding, {"overdue_since": "2026-10-06", "office": world.office_a.pk}),
        ("task.due_soon", near, {"days_left": 2, "due_date": "2026-10-14", "assignee": world.officer.pk}),
    ])
    # A second pass at the same moment has nothing left to flag or remind.
    verify_action(_scan("2026-10-12T00:06"), [])
