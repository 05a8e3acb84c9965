"""Approve: done, progress 100, and on time measured by the approved submission (SPEC §4)."""
import datetime
import zoneinfo

import pytest
from django.utils import timezone

from backend.plans.models import Task
from backend.workdays.calendar import is_working_day

from tests.builders import days

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _approve(api, world, task):
    r = api(world.head).transition("tasks", task.pk, "approve")
    assert r.status_code == 200, r.json()
    return r.json()


def test_submitted_on_time_approved_after_the_due_date_counts_on_time(world, api, task_in):
    task = task_in("submitted")
    Task.objects.filter(pk=task.pk).update(
        due_date=days(-2), submitted_at=timezone.now() - datetime.timedelta(days=5), overdue=True)
    body = _approve(api, world, task)
    assert (body["state"], body["completed_on_time"], body["outcome"], body["progress"], body["overdue"]) == (
        "done", True, "done_on_time", 100, False)
    assert body["completed_at"]


def _working_day_before(day):
    """A working day on or before ``day``: its term is that day (no day-off rule at play)."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def test_submitted_after_the_due_date_is_late(world, api, task_in):
    task = task_in("submitted")
    Task.objects.filter(pk=task.pk).update(due_date=_working_day_before(days(-3)),
                                           submitted_at=timezone.now() - datetime.timedelta(days=1))
    body = _approve(api, world, task)
    assert (body["completed_on_time"], body["outcome"]) == (False, "done_late")


@pytest.mark.parametrize("local_time, on_time", [
    (datetime.time(23, 30), True),    # 16:30 UTC on the due date
    (datetime.time(0, 30), False),    # the next local day, still the due date in UTC
])
def test_on_time_uses_the_local_calendar_day(local_time, on_time, world, api, task_in):
    due = _working_day_before(days(-10))
    day = due if on_time else due + datetime.timedelta(days=1)
    submitted = datetime.datetime.combine(day, local_time, tzinfo=HCM)
    task = task_in("submitted")
    Task.objects.filter(pk=task.pk).update(due_date=due, submitted_at=submitted)
    assert _approve(api, world, task)["completed_on_time"] is on_time


def test_the_finally_approved_submission_counts_not_the_first(world, api, task_in):
    task = task_in("in_progress", due_date=days(10))
    officer, head = api(world.officer), api(world.head)
    assert officer.transition("tasks", task.pk, "submit", {"result_note": "lần 1"}).status_code == 200
    assert head.transition("tasks", task.pk, "return", {"reason": "chưa đạt"}).status_code == 200
    assert officer.transition("tasks", task.pk, "resume").status_code == 200
    Task.objects.filter(pk=task.pk).update(due_date=days(-1))  # the term ran out meanwhile
    assert officer.transition("tasks", task.pk, "submit", {"result_note": "lần 2"}).status_code == 200
    assert _approve(api, world, task)["completed_on_time"] is False


def test_an_extension_within_the_term_judges_by_the_new_date(world, api, task_in):
    task = task_in("in_progress", due_date=days(1))
    head = api(world.head)
    assert head.transition("tasks", task.pk, "extend", {"due_date": str(days(5)), "reason": "x"}).status_code == 200
    assert api(world.officer).transition("tasks", task.pk, "submit", {"result_note": "xong"}).status_code == 200
    body = _approve(api, world, task)
    assert (body["completed_on_time"], body["outcome"], body["original_due_date"]) == (True, "done_on_time",
                                                                                       str(days(1)))


def test_an_extension_after_the_term_does_not_make_a_late_task_on_time(world, api, task_in):
    task = task_in("in_progress", due_date=_working_day_before(days(-1)))
    head = api(world.head)
    assert head.transition("tasks", task.pk, "extend", {"due_date": str(days(5)), "reason": "x"}).status_code == 200
    assert api(world.officer).transition("tasks", task.pk, "submit", {"result_note": "xong"}).status_code == 200
    assert _approve(api, world, task)["completed_on_time"] is False
