"""An agency's terms: the timeliness rule (``workflows.timeliness``) on its calendar.

Whether a due date on a day off moves to the next working day (Civil Code 2015 art.
148) is the agency's setting (``Agency.deadline_moves_to_working_day``, on by default);
with it, the agency's working-day calendar (national holidays, swaps, its overrides)
says which days are off. ``term_calendar`` gives what ``workflows.timeliness`` takes:
the calendar, or ``None`` when the setting is off.

The set-wise readers (deadline pass, scoring, lists) ask ``overdue_q`` / ``run_out_q``:
one cut-off date per agency, agencies grouped by cut-off, so a province of thirty
agencies on the national calendar is one condition.
"""
import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from backend.accounts.models import Agency
from workflows import timeliness

from .calendar import WorkingCalendar, holiday_name


def working_calendars(agency_ids, years) -> dict:
    """``{agency_id: WorkingCalendar}`` (``agency_ids=None``: every agency), each with
    ``moves_deadlines`` (the agency's art. 148 setting); two queries in all."""
    agencies = Agency.objects.all() if agency_ids is None else Agency.objects.filter(
        pk__in=[a for a in agency_ids if a is not None])
    moves = dict(agencies.values_list("pk", "deadline_moves_to_working_day"))
    agency_ids = list(moves) if agency_ids is None else [a for a in agency_ids if a is not None]
    calendars = WorkingCalendar.for_agencies(agency_ids, years)
    for agency_id, calendar in calendars.items():
        calendar.moves_deadlines = moves.get(agency_id, True)
    return calendars


def for_terms(calendar):
    """What ``workflows.timeliness`` takes of a working calendar: itself, or ``None`` when
    the agency's due dates do not move off days off."""
    return calendar if calendar.moves_deadlines else None


def term_calendars(agency_ids, years) -> dict:
    """``{agency_id: calendar or None}`` for ``workflows.timeliness``."""
    return {a: for_terms(c) for a, c in working_calendars(agency_ids, years).items()}


def term_calendar(agency_id):
    """One agency's calendar for the timeliness rule (``None``: due dates do not move)."""
    if agency_id is None:
        return WorkingCalendar()
    moves = Agency.objects.filter(pk=agency_id).values_list("deadline_moves_to_working_day", flat=True).first()
    return WorkingCalendar(agency_id) if moves in (None, True) else None


def cutoffs(day: datetime.date, agency_ids=None, calendars=None) -> dict:
    """``{agency_id: the latest due date whose term has ended before day}``."""
    if calendars is None:
        calendars = term_calendars(agency_ids, [day.year - 1, day.year])
    return {a: timeliness.run_out_by(day, calendar) for a, calendar in calendars.items()}


def by_agency_q(agency_cutoffs: dict, make_q, agency_path: str) -> Q:
    """``make_q(cutoff)`` for each agency, one branch per distinct cut-off."""
    groups = defaultdict(list)
    for agency_id, cutoff in agency_cutoffs.items():
        groups[cutoff].append(agency_id)
    if not groups:
        return Q(pk__in=[])
    result = Q(pk__in=[])
    for cutoff, ids in sorted(groups.items()):
        result |= Q(**{f"{agency_path}__in": sorted(ids)}) & make_q(cutoff)
    return result


def run_out_q(day: datetime.date, agency_ids, *, agency_path: str, due_field: str = "due_date") -> Q:
    """Rows of these agencies whose term ended before ``day``."""
    return by_agency_q(cutoffs(day, agency_ids), lambda c: timeliness.run_out_q(c, due_field), agency_path)


def on_time_if_handed_in_q(day: datetime.date, agency_ids, *, agency_path: str) -> Q:
    """Rows of these agencies whose work, handed in on ``day``, would be on time."""
    return by_agency_q(cutoffs(day, agency_ids), timeliness.on_time_if_handed_in_q, agency_path)


def due_window(today: datetime.date, n: int, calendar) -> tuple[datetime.date, datetime.date]:
    """``(after, until)``: the due dates in ``(after, until]`` are still within their term
    on ``today`` and due within ``n`` working days (the term's end counted: a Saturday due
    date of an agency under art. 148 is due on Monday). ``calendar``: the agency's
    ``WorkingCalendar`` from ``working_calendars``."""
    if for_terms(calendar) is None:
        return today - timeliness.ONE_DAY, calendar.last_date_within(today, n)
    until = calendar.add_working_days(today, n)
    for _day in range(timeliness.MAX_DAYS_OFF_IN_A_ROW):
        if calendar.is_working_day(until):
            break
        until -= timeliness.ONE_DAY
    return timeliness.run_out_by(today, calendar), until


def working_days_left(today: datetime.date, due: datetime.date, calendar) -> int:
    """Working days from ``today`` to the end of the term of ``due`` (negative once past)."""
    return calendar.working_days_between(today, timeliness.term_end(due, for_terms(calendar)))


def due_date_warnings(due: datetime.date | None, calendar, field: str = "due_date") -> list[dict]:
    """What whoever picks ``due`` is told when it is not a working day (not an error: the
    date stands; with art. 148 the term runs to the end of the next working day).
    ``calendar``: the agency's ``WorkingCalendar`` (``working_calendars``)."""
    if due is None or calendar.is_working_day(due):
        return []
    ends = timeliness.term_end(due, for_terms(calendar))
    name = holiday_name(due)
    if ends != due:
        message = _("%(date)s is not a working day%(name)s: the term runs to the end of the next "
                    "working day, %(ends)s.")
    else:
        message = _("%(date)s is not a working day%(name)s; the agency does not move due dates off "
                    "days off.")
    return [{"code": "due_date_not_working_day", "field": field, "date": due, "term_ends": ends,
             "message": message % {"date": formats.date_format(due, "SHORT_DATE_FORMAT"),
                                   "ends": formats.date_format(ends, "SHORT_DATE_FORMAT"),
                                   "name": f" ({name})" if name else ""}}]


def overdue_q(as_of: datetime.date, agency_cutoffs: dict, *, agency_path: str, open_states,
              submitted_state) -> Q:
    """Open work overdue on ``as_of``: past its term or with its lateness recorded, unless
    it was handed in by its term and waits for review (tasks and findings alike).
    ``agency_cutoffs`` is ``cutoffs(as_of, agency_ids)``."""
    late = timeliness.lateness_recorded_q(as_of)
    awaiting_review = Q(state=submitted_state) & ~late
    run_out = by_agency_q(agency_cutoffs, timeliness.run_out_q, agency_path)
    return Q(state__in=list(open_states)) & ~awaiting_review & (run_out | late)
