"""A task's outcome (par-index-method.md §4), one meaning for the task, its lists and the score.

The government's tracking system knows four outcomes: done on time, done late, not done
and within its term, not done and overdue. Two refinements, both within those four:

* ``awaiting_review``: handed in by its term and waiting for the reviewer. It is
  *within its term* (not overdue: the reviewer's delay is not the doer's) and shown as
  "in term, awaiting review" (*trong hạn, chờ duyệt kết quả*).
* done on time **with an extension granted in time** is shown as such (*đúng hạn (có
  gia hạn)*): the extension is honest, and the reader sees there was one.

And cancelled, outside the four. A task whose lateness is in its record
(``overdue_since``: handed in late, extended or cancelled after its term) stays late.

``Task.outcome`` judges one task in Python; ``TaskOutcomes`` says the same as ``Q``
objects for the set-wise readers (scoring, the board, the deadline pass), both from
``workflows.timeliness`` on the agency's calendar (``backend.workdays.terms``).
"""
import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from backend.workdays import terms
from workflows import timeliness

from .machines import OPEN_STATES, TaskState

DONE_ON_TIME, DONE_LATE = "done_on_time", "done_late"
OPEN_IN_TERM, AWAITING_REVIEW, OVERDUE, CANCELLED = "open_in_term", "awaiting_review", "overdue", "cancelled"
OUTCOMES = (DONE_ON_TIME, DONE_LATE, OPEN_IN_TERM, AWAITING_REVIEW, OVERDUE, CANCELLED)

LABELS = {
    DONE_ON_TIME: pgettext_lazy("task outcome", "done on time"),
    DONE_LATE: pgettext_lazy("task outcome", "done late"),
    OPEN_IN_TERM: pgettext_lazy("task outcome", "not done, within its term"),
    AWAITING_REVIEW: pgettext_lazy("task outcome", "in term, awaiting review"),
    OVERDUE: pgettext_lazy("task outcome", "not done, overdue"),
    CANCELLED: pgettext_lazy("task outcome", "cancelled"),
}
DONE_ON_TIME_EXTENDED = pgettext_lazy("task outcome", "done on time (with an extension)")
CANCELLED_LATE = pgettext_lazy("task outcome", "cancelled after its due date")


def outcome_of(task, today: datetime.date) -> str:
    """The outcome of one task on ``today``, by the rule of ``workflows.timeliness``."""
    if task.state == TaskState.DONE:
        return DONE_ON_TIME if task.completed_on_time is not False else DONE_LATE
    if task.state == TaskState.CANCELLED:
        return CANCELLED
    if task.overdue_since is not None and task.overdue_since <= today:
        return OVERDUE
    calendar = task.term_calendar
    if task.state == TaskState.SUBMITTED and timeliness.on_time(task.handed_in_on, task.due_date, calendar):
        return AWAITING_REVIEW
    if timeliness.past_term(task.due_date, today, calendar):
        return OVERDUE
    return OPEN_IN_TERM


def label_of(task, outcome: str):
    if outcome == DONE_ON_TIME and task.original_due_date is not None:
        return DONE_ON_TIME_EXTENDED
    if outcome == CANCELLED and task.overdue_since is not None:
        return CANCELLED_LATE
    return LABELS[outcome]


def with_term_calendars(tasks) -> list:
    """``tasks`` with their agency's calendar attached: a list's outcomes without a query each."""
    tasks = list(tasks)
    agency_ids = {t.plan.agency_id for t in tasks}
    if agency_ids:
        years = {t.due_date.year for t in tasks if t.due_date} | {timezone.localdate().year}
        calendars = terms.working_calendars(agency_ids, range(min(years), max(years) + 2))
        for task in tasks:
            task.working_calendar = calendars[task.plan.agency_id]
    return tasks


class TaskOutcomes:
    """The outcomes as ``Q`` objects on ``as_of`` for the tasks of ``agency_ids``.

    ``agency_path`` leads from the queried model to the agency (tasks: ``plan__agency_id``).
    """

    def __init__(self, as_of: datetime.date, agency_ids, agency_path="plan__agency_id"):
        self.still_open = Q(state__in=OPEN_STATES)
        late = timeliness.lateness_recorded_q(as_of)
        # Handed in by its term: a late hand-in records its lateness (TaskMachine.submit).
        self.awaiting_review = Q(state=TaskState.SUBMITTED) & ~late
        self.overdue = terms.overdue_q(as_of, terms.cutoffs(as_of, agency_ids), agency_path=agency_path,
                                       open_states=OPEN_STATES, submitted_state=TaskState.SUBMITTED)
        self.in_term = self.still_open & ~self.overdue
        # completed_on_time is set on approval; a done task without it had no due date.
        self.done_on_time = Q(state=TaskState.DONE) & ~Q(completed_on_time=False)
        self.done_late = Q(state=TaskState.DONE, completed_on_time=False)
        self.cancelled = Q(state=TaskState.CANCELLED)
        self.cancelled_late = self.cancelled & late

    def q(self, outcome: str) -> Q:
        return {
            DONE_ON_TIME: self.done_on_time, DONE_LATE: self.done_late,
            OPEN_IN_TERM: self.in_term & ~self.awaiting_review, AWAITING_REVIEW: self.awaiting_review,
            OVERDUE: self.overdue, CANCELLED: self.cancelled,
        }[outcome]
