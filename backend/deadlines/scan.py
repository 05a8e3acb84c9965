"""The deadline scan: overdue flags and due-soon reminders, set-wise, each exactly once.

    scan_deadlines(now) ─▶ flag_overdue(now)   tasks and findings past their due date
                        └▶ send_due_soon(now)  tasks N working days before it (N per agency)

Each pass is one transaction built around a compare-and-set ``UPDATE … RETURNING id``:
the WHERE names only rows no earlier pass has handled (``overdue = false``; the
reminder not yet sent *for this due date*), so the UPDATE itself decides which rows
this pass owns, and the events are written for exactly those rows, in the same
transaction. A second pass finds nothing to flip. Two passes at the same moment: on
PostgreSQL the candidate rows are locked ``FOR UPDATE SKIP LOCKED`` in id order (the
other pass skips what this one holds, and sees it flagged once this one commits; no
waiting, no deadlock); SQLite runs write transactions one at a time (BEGIN IMMEDIATE).
The work is a few statements whatever the number of rows; Python touches only the
rows that were flipped, to build their events.

Overdue means what it means everywhere (``workflows.timeliness``, set-wise in
``backend.workdays.terms.overdue_q``): dates are local (Asia/Ho_Chi_Minh); a task due on
Wednesday the 10th is overdue from 00:00 on the 11th, the last minute of the 10th still
in time; due on a day off, its term runs to the end of the next working day (art. 148,
the agency's setting). A task or finding handed in by its term is waiting for review,
not late, and is not flagged; one handed in late, or extended after its term, has its
lateness recorded and is flagged.

The clock is a parameter (``now``), so tests and ``manage.py scan_deadlines --now``
evaluate the same code at any moment.
"""
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.utils import timezone

from backend.accounts.models import Agency
from backend.inspections.machines import FindingState
from backend.inspections.models import Finding
from backend.plans.machines import OPEN_STATES, TaskState
from backend.plans.models import ReformPlan, Task
from backend.workdays import terms
from backend.workdays.calendar import WorkingCalendar
from workflows import timeliness
from workflows.events import emit_events_bulk
from workflows.setwise import collector_paused, ids_in

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deadlines:
    """What the scan needs to know of one kind of thing with a due date."""

    model: type
    event: str                 # "task.overdue"
    open_states: tuple         # not finished (the work to do, or handed in and under review)
    submitted_state: str       # handed in, awaiting review
    agency_path: str           # from the row to its agency, whose calendar sets the terms
    # The fields event_payload() and event_agency_id read of the row itself, the only
    # ones the UPDATE returns (the others stay deferred: thousands of rows cost less to
    # build without their timestamps). One left out costs a query per row, which the
    # tests' query counts catch.
    payload_fields: tuple = ()
    # What event_payload() reads from related rows. Prefetched, not joined: thousands of
    # flipped rows share a handful of plans, built once each instead of once per row.
    prefetch: tuple = ()
    # Functions that attach the rest of what event_payload() reads to the flipped rows,
    # set-wise (one query for any number of rows).
    attach: tuple = ()

    def late_q(self, today, agency_cutoffs):
        """Overdue by the one rule (``backend.workdays.terms.overdue_q``), not yet flagged."""
        return Q(overdue=False) & terms.overdue_q(
            today, agency_cutoffs, agency_path=self.agency_path, open_states=self.open_states,
            submitted_state=self.submitted_state)


TASKS = Deadlines(
    model=Task, event="task.overdue", open_states=tuple(OPEN_STATES),
    submitted_state=TaskState.SUBMITTED, agency_path="plan__agency_id",
    payload_fields=("code", "title", "kind", "plan", "lead_office", "assignee", "due_date", "state",
                    "overdue_since"),
    prefetch=("plan",),
    attach=(Task.attach_supporting_office_ids,),
)
FINDINGS = Deadlines(
    model=Finding, event="finding.overdue",
    open_states=(FindingState.OPEN, FindingState.IN_REMEDIATION, FindingState.REMEDIATION_SUBMITTED),
    submitted_state=FindingState.REMEDIATION_SUBMITTED, agency_path="inspection__agency_id",
    payload_fields=("inspection", "office", "severity", "due_date", "description", "state", "overdue_since"),
    prefetch=("inspection", "inspection__inspectors"),
)
# Reminders go to work still to be done; a submitted task waits for its reviewer.
DUE_SOON_STATES = tuple(s for s in OPEN_STATES if s != TaskState.SUBMITTED)


def _today(now):
    return timezone.localdate(now)


# --- the compare-and-set UPDATE ------------------------------------------------------

def _qn(name):
    return connection.ops.quote_name(name)


def _column(model, field):
    return _qn(model._meta.get_field(field).column)


def _db_value(model, field, value):
    return model._meta.get_field(field).get_db_prep_value(value, connection)


def _day_after(column_sql):
    if connection.vendor == "postgresql":
        return f"({column_sql} + 1)"
    if connection.vendor == "sqlite":
        return f"date({column_sql}, '+1 day')"
    raise NotImplementedError(f"the deadline scan has no date arithmetic for {connection.vendor}")


def _flip(spec, candidates, assignments, *, still):
    """``UPDATE … SET assignments WHERE pk IN (candidates) AND still RETURNING *``.

    ``candidates`` is a queryset (the ORM writes the condition, time zones included);
    on PostgreSQL its rows (theirs only) are locked in id order, skipping those another
    pass or a transition holds.
    ``still`` repeats the compare-and-set condition on the row being written. The
    flipped rows come back as model instances straight from RETURNING (through
    ``raw()``, so every column gets its usual conversion), with what their
    ``event_payload()`` reads prefetched: no second read of thousands of ids.
    """
    model = spec.model
    candidates = candidates.order_by("pk").values("pk")
    if connection.features.has_select_for_update_skip_locked:
        # Only the rows being flipped: the plan or inspection joined for its agency
        # stays unlocked (locked, a plan edited meanwhile would hide all its tasks).
        of = ("self",) if connection.features.has_select_for_update_of else ()
        candidates = candidates.select_for_update(skip_locked=True, of=of)
    sub_sql, sub_params = candidates.query.sql_with_params()
    pk = _column(model, model._meta.pk.name)
    sets, set_params = [], []
    for column_sql, (value_sql, params) in assignments.items():
        sets.append(f"{column_sql} = {value_sql}")
        set_params.extend(params)
    still_sql, still_params = still
    columns = ", ".join([pk, *(_column(model, name) for name in spec.payload_fields)])
    sql = (f"UPDATE {_qn(model._meta.db_table)} SET {', '.join(sets)} "
           f"WHERE {pk} IN ({sub_sql}) AND {still_sql} RETURNING {columns}")
    flipped = sorted(model.objects.raw(sql, [*set_params, *sub_params, *still_params]),
                     key=lambda obj: obj.pk)
    if flipped:
        prefetch_related_objects(flipped, *spec.prefetch)
        for attach in spec.attach:
            attach(flipped)
    return flipped


# --- overdue --------------------------------------------------------------------------

def _agency_of(obj):
    return obj.plan.agency_id if isinstance(obj, Task) else obj.inspection.agency_id


def _term_overdue_since(spec, flipped, calendars):
    """The SQL wrote ``due_date + 1`` where no lateness was recorded; a due date on a day
    off runs to the next working day (art. 148): those rows get the day after that one."""
    fixes = defaultdict(list)
    terms_of = {}  # (agency, due date) → the first overdue day: thousands of rows share a few
    for obj in flipped:
        if obj.overdue_since == obj.due_date + timeliness.ONE_DAY:
            key = (_agency_of(obj), obj.due_date)
            if key not in terms_of:
                terms_of[key] = timeliness.overdue_since(obj.due_date, calendars[key[0]])
            since = terms_of[key]
            if since != obj.overdue_since:
                obj.overdue_since = since
                fixes[since].append(obj.pk)
    for since, ids in fixes.items():
        spec.model.objects.filter(pk__in=ids_in(ids)).update(overdue_since=since)


def _flag_overdue_of(spec, now, calendars) -> int:
    model = spec.model
    overdue = _column(model, "overdue")
    since = _column(model, "overdue_since")
    assignments = {
        overdue: ("%s", [True]),
        # Lateness already recorded (a late hand-in or extension) keeps its date.
        since: (f"COALESCE({since}, {_day_after(_column(model, 'due_date'))})", []),
        _column(model, "updated_at"): ("%s", [_db_value(model, "updated_at", now)]),
    }
    agency_cutoffs = terms.cutoffs(_today(now), calendars=calendars)
    flipped = _flip(spec, model.objects.filter(spec.late_q(_today(now), agency_cutoffs)), assignments,
                    still=(f"{overdue} = %s", [False]))
    if flipped:
        _term_overdue_since(spec, flipped, calendars)
        emit_events_bulk(type=spec.event, subjects=flipped, occurred_at=now,
                         payloads=[{"overdue_since": obj.overdue_since} for obj in flipped])
    return len(flipped)


def flag_overdue(now=None) -> dict:
    """Flag open tasks and findings whose due date has passed; one event each, once."""
    now = now or timezone.now()
    today = _today(now)
    # The dispatch runs (inline) as the transaction commits: inside the pause too.
    with collector_paused(), transaction.atomic():
        # Every agency's terms (its setting, its calendar): two queries for the pass.
        calendars = terms.term_calendars(None, [today.year - 1, today.year])
        counts = {"tasks": _flag_overdue_of(TASKS, now, calendars),
                  "findings": _flag_overdue_of(FINDINGS, now, calendars)}
    return counts


# --- due soon -------------------------------------------------------------------------

def due_soon_windows(today, agency_days, calendars) -> dict:
    """``{agency_id: (after, until)}``: due dates in ``(after, until]`` are within that
    agency's N working days of the end of their term (``terms.due_window``).
    ``agency_days`` is ``{agency_id: N}``; N = 0 turns reminders off."""
    return {a: terms.due_window(today, n, calendars[a]) for a, n in agency_days.items() if n}


def due_within_q(n: int, *, agency_path="plan__agency_id", today=None) -> Q:
    """For lists: due from today to N working days ahead (the term's end counted), each
    agency on its own calendar."""
    today = today or timezone.localdate()
    calendars = terms.working_calendars(None, [today.year, today.year + 1])
    by_window = defaultdict(list)
    for agency_id, calendar in calendars.items():
        by_window[terms.due_window(today, n, calendar)].append(agency_id)
    if len(by_window) <= 1:
        after, until = next(iter(by_window), (today - timeliness.ONE_DAY, WorkingCalendar().last_date_within(today, n)))
        return Q(due_date__gt=after, due_date__lte=until)
    within = Q(pk__in=[])
    for (after, until), ids in by_window.items():
        within |= Q(**{f"{agency_path}__in": ids}, due_date__gt=after, due_date__lte=until)
    return within


def send_due_soon(now=None) -> int:
    """``task.due_soon`` for open tasks N working days or less before the end of their
    term, once per task and due date (an extension re-arms it: the due date changes)."""
    now = now or timezone.now()
    today = _today(now)
    with collector_paused(), transaction.atomic():
        agency_days = dict(Agency.objects.values_list("pk", "due_soon_days"))
        calendars = terms.working_calendars(list(agency_days), [today.year, today.year + 1])
        windows = due_soon_windows(today, agency_days, calendars)
        # Agencies share a window unless their N, their setting or their own days off
        # differ: one UPDATE per distinct window, usually one in all.
        by_horizon = defaultdict(list)
        for agency_id, window in windows.items():
            by_horizon[window].append(agency_id)
        notified = _column(Task, "due_soon_notified_for")
        due = _column(Task, "due_date")
        assignments = {
            notified: (due, []),
            _column(Task, "updated_at"): ("%s", [_db_value(Task, "updated_at", now)]),
        }
        tasks = []
        for (after, until), agency_ids in sorted(by_horizon.items()):
            candidates = Task.objects.filter(
                Q(due_soon_notified_for__isnull=True) | ~Q(due_soon_notified_for=F("due_date")),
                state__in=DUE_SOON_STATES, due_date__gt=after, due_date__lte=until,
            )
            if len(by_horizon) > 1 or len(agency_ids) < len(agency_days):
                candidates = candidates.filter(plan__in=ReformPlan.objects.filter(agency_id__in=agency_ids))
            tasks += _flip(TASKS, candidates, assignments,
                           still=(f"({notified} IS NULL OR {notified} <> {due})", []))
        if not tasks:
            return 0
        tasks.sort(key=lambda task: task.pk)
        emit_events_bulk(
            type="task.due_soon", subjects=tasks, occurred_at=now,
            payloads=[{"days_left": terms.working_days_left(today, t.due_date, calendars[t.plan.agency_id])}
                      for t in tasks],
        )
    return len(tasks)


def scan_deadlines(now=None) -> dict:
    """The periodic job: overdue first. A task past its due date gets no due-soon reminder
    (it is not due from today on); one extended after its term keeps its overdue flag and
    is reminded of its new date like any other."""
    now = now or timezone.now()
    overdue = flag_overdue(now)
    due_soon = send_due_soon(now)
    counts = {"tasks_overdue": overdue["tasks"], "findings_overdue": overdue["findings"],
              "tasks_due_soon": due_soon}
    if any(counts.values()):
        log.info("deadline scan at %s: %s", now.isoformat(), counts)
    return counts
