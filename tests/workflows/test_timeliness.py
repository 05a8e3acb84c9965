"""One "on time" rule: handed in on or before the due date, by the local calendar day."""
import datetime

import pytest
from django.utils import timezone

from backend.plans.models import Task
from tests.factories.plans import TaskFactory
from workflows.timeliness import handed_in_late, on_time, on_time_if_handed_in_on

DUE = datetime.date(2026, 3, 20)


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.mark.parametrize(("handed_in", "expected"), [
    (local(DUE, 23, 59), True),  # the due date itself, late in the evening
    (local(DUE + datetime.timedelta(days=1), 6), False),  # still the due date in UTC, not here
    (local(DUE - datetime.timedelta(days=3), 9), True),
])
def test_judged_by_the_local_calendar_day(handed_in, expected):
    assert on_time(handed_in, DUE) is expected


def test_work_without_a_due_date_is_never_late():
    assert on_time(local(DUE, 9), None) is True


@pytest.mark.django_db
def test_the_sql_forms_agree_with_the_python_one():
    times = [local(DUE, 23, 59), local(DUE + datetime.timedelta(days=1), 6), local(DUE, 0, 1)]
    tasks = [TaskFactory(due_date=DUE, submitted_at=at) for at in times]
    late = set(Task.objects.filter(handed_in_late("submitted_at")).values_list("pk", flat=True))
    assert late == {t.pk for t in tasks if not on_time(t.submitted_at, t.due_date)} == {tasks[1].pk}

    undated = TaskFactory(due_date=None)
    ids = [*(t.pk for t in tasks), undated.pk]
    for day, expected in [(DUE, set(ids)), (DUE + datetime.timedelta(days=1), {undated.pk})]:
        found = set(Task.objects.filter(on_time_if_handed_in_on(day), pk__in=ids).values_list("pk", flat=True))
        assert found == expected
