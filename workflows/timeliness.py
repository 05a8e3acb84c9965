"""When work counts as on time: one rule for a plan's issue, tasks, reports and findings.

Work is on time when it is handed in (submitted; approved, when nothing was submitted
first) on or before its due date in force, by the local calendar day (SPEC §4); work
with no due date is never late. ``on_time`` judges one row in Python; the two ``Q``
forms say the same in SQL for the set-wise readers (the deadline pass, scoring).
"""
import datetime

from django.db.models import F, Q
from django.utils import timezone


def on_time(handed_in: datetime.datetime, due: datetime.date | None) -> bool:
    return due is None or timezone.localdate(handed_in) <= due


def on_time_if_handed_in_on(day: datetime.date) -> Q:
    """Rows whose work, handed in on ``day``, would be on time."""
    return Q(due_date__isnull=True) | Q(due_date__gte=day)


def handed_in_late(handed_in_field: str) -> Q:
    """Rows whose work was handed in (``handed_in_field``, a datetime) after their due date."""
    return Q(**{f"{handed_in_field}__date__gt": F("due_date")})
