"""When work counts as on time: one rule for a plan's issue, tasks, reports and findings.

The rule, in words (SPEC §4, par-index-method.md §9):

* The **term** of a due date ends at the end of that day, by the local calendar day;
  when the agency applies Civil Code 2015 art. 148 (the default) and the due date is
  a day off (weekend, public holiday, the agency's declared day off), the term ends at
  the end of the next working day (``term_end``).
* Work is **on time** when the day that counts (the day it was handed in: submitted,
  sent by its document, approved when nothing was handed in first; the domain model
  says which, in one place: ``Task.handed_in_on``) is no later than the term's end.
  Work with no due date is never late.
* Work is **past its term** on ``day`` when its term ended before ``day``. Set-wise,
  that is ``due_date <= run_out_by(day)``: a due date on or before the last working day
  before ``day`` has run out (a due date on a day off runs to the next working day, and
  that working day is before ``day`` exactly when the last working day before ``day``
  is on or after the due date).
* Work handed in by its term and waiting for review is **not overdue** (the reviewer's
  delay is not the doer's); work handed in after it stays late, whatever happens next.
* **Lateness stays in the record.** Once work is past its term, an extension granted
  after that, a late hand-in or a cancellation after that does not make it on time: the
  domain keeps the day it became overdue (``overdue_since``) and judges it late.

``calendar`` is the agency's working-day calendar when art. 148 applies (anything with
``is_working_day(date)``; ``backend.workdays.terms`` gives it), ``None`` when the agency
turned the setting off: then a due date is a due date. This module knows no agency and
no table, so every layer above can use it.
"""
import datetime

from django.db.models import Q
from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)
# A term never runs over more days off than this (Tết with its weekends is ~9).
MAX_DAYS_OFF_IN_A_ROW = 31


def day_of(moment) -> datetime.date | None:
    """The local calendar day of a moment (a date is its own day)."""
    if moment is None or (isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime)):
        return moment
    return timezone.localdate(moment)


def term_end(due: datetime.date | None, calendar=None) -> datetime.date | None:
    """The last day of the term of ``due``: the next working day when ``due`` is a day off."""
    if due is None or calendar is None:
        return due
    day = due
    for _ in range(MAX_DAYS_OFF_IN_A_ROW):
        if calendar.is_working_day(day):
            return day
        day += ONE_DAY
    return due


def on_time(handed_in, due: datetime.date | None, calendar=None) -> bool:
    """Handed in (a moment or a day) by the end of the term of ``due``. Nothing handed in
    (a row that says "submitted" with no day, e.g. from an older import) is not on time."""
    if due is None:
        return True
    day = day_of(handed_in)
    return day is not None and day <= term_end(due, calendar)


def past_term(due: datetime.date | None, day: datetime.date, calendar=None) -> bool:
    """On ``day``, the term of ``due`` has ended (the work, not handed in, is overdue)."""
    return due is not None and term_end(due, calendar) < day


def overdue_since(due: datetime.date, calendar=None) -> datetime.date:
    """The first day the work is overdue: the day after its term ends."""
    return term_end(due, calendar) + ONE_DAY


def run_out_by(day: datetime.date, calendar=None) -> datetime.date:
    """The latest due date whose term has ended before ``day`` (see the module's rule)."""
    last = day - ONE_DAY
    if calendar is None:
        return last
    for _ in range(MAX_DAYS_OFF_IN_A_ROW):
        if calendar.is_working_day(last):
            return last
        last -= ONE_DAY
    return day - ONE_DAY


# --- the same rule as ``Q`` objects, for the set-wise readers -------------------------
# Per agency, one cut-off date each: ``backend.workdays.terms.run_out_q`` groups them.

def run_out_q(cutoff: datetime.date, due_field: str = "due_date") -> Q:
    """Rows whose term has ended, given ``cutoff = run_out_by(day, calendar)``."""
    return Q(**{f"{due_field}__lte": cutoff})


def on_time_if_handed_in_q(cutoff: datetime.date, due_field: str = "due_date") -> Q:
    """Rows whose work, handed in on the day whose cut-off is ``cutoff``, would be on time."""
    return Q(**{f"{due_field}__isnull": True}) | Q(**{f"{due_field}__gt": cutoff})


def lateness_recorded_q(as_of: datetime.date | None = None) -> Q:
    """Rows whose lateness is in their record (``overdue_since``), by ``as_of`` if given."""
    if as_of is None:
        return Q(overdue_since__isnull=False)
    return Q(overdue_since__lte=as_of)
