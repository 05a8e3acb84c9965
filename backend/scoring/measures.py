"""What the leadership criterion measures: one function per measure, one aggregate query each.

Every measure works on a *set* of agencies at once (one agency is a set of one; a
province ranking is thirty): a single ``GROUP BY agency`` query with conditional
``Count(..., filter=Q(...))``. No Python loop over tasks or findings. Evidence lists
(which items count for and against) are separate queries, run only when asked for.

What counts, the decisions the rule-in-words repeats (``DEFINITIONS``):

* **Tasks** are the plan's rows of kind ``task``; periodic reports (kind ``report``)
  have their own component. **A task cancelled within its term does not count**
  (neither for nor against): the plan no longer asks for it. **A task cancelled after
  its term counts against** (as late, as not done) unless the criterion's rule says
  ``"cancelled_after_due": "not_counted"`` (rule data; ``Measure.cancelled_after_due``
  is the default).
* **On time** is the one rule of ``workflows.timeliness`` (outcomes in
  ``backend.plans.outcomes``): judged against the due date in force, its term running to
  the next working day when it falls on a day off (art. 148, the agency's setting). An
  extension granted within the term gives a clean new term; one granted after it leaves
  the lateness in the task's record (``overdue_since``) and the task counts late. A done
  task is on time when the submission finally approved came within the term
  (``Task.completed_on_time``, set by the workflow). An open task past its term is
  overdue (counted from the date, not the flag, so the score never waits for the
  deadline scan); one handed in within its term and awaiting review is not: it is
  pending, so the score does not move with the reviewer's delay.
* **plan_completion_rate** = done / tasks of the plan (done late counts as done).
* **tasks_on_time_rate** = done on time / (done + open overdue); open tasks still within
  their term are pending and count neither way.
* **reports_on_time**: every scheduled periodic report whose due date has come must be a
  report task done on time; a scheduled report with no (non-cancelled) task once due is
  missing. Unscheduled report tasks count like scheduled ones.
* **inspection_coverage** = distinct offices inspected by inspections started in the year
  and actually carried out (in progress, reported or closed) / offices of the agency.
* **findings_remedied_rate** = handled findings (remedied and closed, or referred to the
  competent authority) / findings whose remediation deadline falls in the year, whatever
  the year of their inspection (carried-over findings count in the year they are due).
  With no such finding the rule's data decides (``"if_none"``, which may require a fact:
  the shipped template gives full points only when at least one inspection was carried
  out in the year, ``inspection_carried_out``); the code's own default is 0.
* **plan_results_defined**: every task names an expected output and a lead office.
* **plan_issued**: the date of the signed plan document that issued the plan against the
  plan's issue deadline (set by the province); a plan issued before documents were
  recorded is judged by the approval's local date; a plan not issued (or no plan) is missing.
* **Reports** are judged by the date of the outgoing document that sent them
  (``Task.sent_on``): sent by the due date is on time, after it late, whether or not the
  office has approved the report internally yet; a report not sent is judged as a task.
* **Which tasks** a task measure counts is the rule's data: ``"sources"`` lists the task
  sources (``Task.Source``: province, chairman, home_affairs, superior, own) that count;
  without it every task of the plan counts. "Tasks assigned by superiors completed on
  time" lists the superiors, so the department's own plan tasks do not count there.

A rate with nothing to measure is ``None``; the rule then gives ``rule["if_none"]`` when
the catalogue sets it, else the measure's ``if_none`` default below (0). A measurement
may carry facts (``Measurement.facts``) that an ``if_none`` condition names.

Projections: ``Scope.assume_tasks`` / ``assume_findings`` name open items (or ``"all"``)
to treat as done / closed, on time, or at ``Scope.by`` when given (then judged against
their due date). The same queries evaluate it, with the assumption folded into the Q.
"""
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from backend.accounts.models import Office
from backend.criteria.schedules import due_date_in
from backend.inspections.machines import HANDLED_FINDING_STATES, OPEN_FINDING_STATES, InspectionState
from backend.inspections.models import Finding, Inspection
from backend.plans.machines import OPEN_STATES, PlanState, TaskState
from backend.plans.models import ReformPlan, Task
from backend.plans.reports import report_task_code
from backend.plans.outcomes import TaskOutcomes
from backend.workdays import terms
from workflows import timeliness

ALL = "all"
CARRIED_OUT = [InspectionState.IN_PROGRESS, InspectionState.REPORTED, InspectionState.CLOSED]
RATE_PLACES = Decimal("0.0001")


@dataclass
class Scope:
    """Which agencies, which plan year, as of which day, under which assumptions."""

    agency_ids: list
    year: int
    as_of: datetime.date = field(default_factory=timezone.localdate)
    assume_tasks: object = None      # None, "all" or a set of task ids (open ones)
    assume_findings: object = None   # None, "all" or a set of finding ids (open ones)
    by: datetime.date | None = None  # assumed completion date (None: on time)
    schedules: dict = field(default_factory=dict)  # agency id → [{"code","name","due"}]
    rules: dict = field(default_factory=dict)  # (agency id, measure name) → the criterion's rule

    def cancelled_after_due(self, agency_id, measure) -> str:
        """The rule's word on tasks cancelled after their term (``"against"`` unless the
        catalogue says ``"not_counted"``; par-index-method.md §9)."""
        rule = self.rules.get((agency_id, measure), {})
        default = MEASURES[measure].cancelled_after_due if measure in MEASURES else None
        return rule.get("cancelled_after_due", default or CANCELLED_AGAINST)


@dataclass
class Measurement:
    value: object = None  # a Decimal rate, "on_time"/"late"/"missing", True/False, or None
    counted: int = 0      # items that count for the component
    against: int = 0      # items that count against it
    pending: int = 0      # items not judged yet (open within their term)
    total: int = 0        # the denominator, where there is one
    facts: dict = field(default_factory=dict)  # named facts a rule's "if_none" may require

    def as_json(self):
        value = self.value
        if isinstance(value, Decimal):
            value = float(value)
        body = {"value": value, "counted": self.counted, "against": self.against,
                "pending": self.pending, "total": self.total}
        if self.facts:
            body["facts"] = self.facts
        return body


def rate(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_PLACES, ROUND_HALF_UP)


# --- the projection folded into the conditions ---------------------------------------

def _assumed(ids, open_states):
    """Q of the open items a projection treats as finished (None: no assumption)."""
    if ids is None:
        return None
    if ids == ALL:
        return Q(state__in=open_states)
    return Q(state__in=open_states, id__in=sorted(ids))


def _in_time_at(scope):
    """An assumed completion on ``scope.by`` is on time when it comes within the term in
    force (the agency's calendar, art. 148) and no lateness is recorded."""
    no_lateness = ~timeliness.lateness_recorded_q()
    if scope.by is None:
        return no_lateness
    return no_lateness & terms.on_time_if_handed_in_q(scope.by, scope.agency_ids, agency_path="plan__agency_id")


CANCELLED_AGAINST, CANCELLED_NOT_COUNTED = "against", "not_counted"


class TaskConditions:
    """The outcomes (``backend.plans.outcomes``, par-index-method.md §4) as Q objects, the
    projection and the rule's word on late cancellations (``cancelled_after_due``) folded in."""

    def __init__(self, scope, measure=None):
        outcomes = TaskOutcomes(scope.as_of, scope.agency_ids)
        assumed = _assumed(scope.assume_tasks, OPEN_STATES)
        self.done_on_time = outcomes.done_on_time
        self.done_late = outcomes.done_late
        self.still_open = outcomes.still_open
        if assumed is not None:
            in_time = _in_time_at(scope)
            self.done_on_time |= assumed & in_time
            self.done_late |= assumed & ~in_time
            self.still_open &= ~assumed
        # Cancelled after its term: counts against where the rule says so (the default).
        against = [a for a in scope.agency_ids if scope.cancelled_after_due(a, measure) == CANCELLED_AGAINST]
        self.cancelled_late = outcomes.cancelled_late & Q(plan__agency_id__in=against)
        self.done = self.done_on_time | self.done_late
        self.overdue = self.still_open & outcomes.overdue
        self.in_term = self.still_open & ~outcomes.overdue
        self.late = self.done_late | self.overdue | self.cancelled_late
        # The tasks a measure counts: every one not cancelled, and those cancelled late.
        self.counted = ~Q(state=TaskState.CANCELLED) | self.cancelled_late


def _plan_tasks(scope, kind=Task.Kind.TASK, conditions=None, sources=()):
    # order_by(): no default ordering in the GROUP BY.
    qs = Task.objects.filter(plan__agency_id__in=scope.agency_ids, plan__year=scope.year, kind=kind)
    if sources:  # the rule's population (e.g. the tasks superiors assigned)
        qs = qs.filter(source__in=sources)
    if conditions is None:
        return qs.exclude(state=TaskState.CANCELLED).order_by()
    return qs.filter(conditions.counted).order_by()


def sources_of(rule) -> tuple:
    """The task sources a component counts (the rule's ``"sources"``; () = every task)."""
    return tuple(sorted(rule.get("sources") or ()))


class ReportConditions(TaskConditions):
    """A report is judged once sent by its outgoing document (``sent_on``), as a task while
    it is not: the workflow recorded its lateness (``overdue_since``) when the document's
    date came after the term, by the one rule; approved or not, a sent report is judged."""

    def __init__(self, scope, measure="reports_on_time"):
        super().__init__(scope, measure)
        sent = Q(sent_on__isnull=False)
        sent_on_time = sent & Q(overdue_since__isnull=True)
        sent_late = sent & Q(overdue_since__isnull=False)
        self.done_on_time = (self.done_on_time & ~sent) | sent_on_time
        self.done_late = (self.done_late & ~sent) | sent_late
        self.overdue &= ~sent
        self.in_term &= ~sent
        self.done = self.done_on_time | self.done_late
        self.late = self.done_late | self.overdue | self.cancelled_late


def _by_agency(rows, key, make):
    return {row[key]: make(row) for row in rows}


# --- the measures ---------------------------------------------------------------------

def plan_issued(scope):
    rows = ReformPlan.objects.filter(agency_id__in=scope.agency_ids, year=scope.year).values(
        "agency_id", "state", "approved_at", "issued_on", "issue_deadline")
    calendars = terms.term_calendars(scope.agency_ids, [scope.year - 1, scope.year, scope.year + 1])

    def judge(row):
        if row["state"] == PlanState.DRAFT or row["approved_at"] is None:
            return Measurement(value="missing", against=1, total=1)
        # The signed plan document's date (a plan issued before documents: its approval).
        issued = timeliness.on_time(row["issued_on"] or row["approved_at"], row["issue_deadline"],
                                    calendars[row["agency_id"]])
        return Measurement(value="on_time" if issued else "late", counted=int(issued),
                           against=int(not issued), total=1)

    found = _by_agency(rows, "agency_id", judge)
    return {a: found.get(a, Measurement(value="missing")) for a in scope.agency_ids}


def plan_completion_rate(scope, sources=()):
    c = TaskConditions(scope, "plan_completion_rate")
    rows = _plan_tasks(scope, conditions=c, sources=sources).values("plan__agency_id").annotate(
        total=Count("id"), done=Count("id", filter=c.done))
    found = _by_agency(rows, "plan__agency_id", lambda r: Measurement(
        value=rate(r["done"], r["total"]), counted=r["done"], against=r["total"] - r["done"],
        total=r["total"]))
    return {a: found.get(a, Measurement()) for a in scope.agency_ids}


def tasks_on_time_rate(scope, sources=()):
    c = TaskConditions(scope, "tasks_on_time_rate")
    rows = _plan_tasks(scope, conditions=c, sources=sources).values("plan__agency_id").annotate(
        on_time=Count("id", filter=c.done_on_time), late=Count("id", filter=c.done_late | c.cancelled_late),
        overdue=Count("id", filter=c.overdue), in_term=Count("id", filter=c.in_term))

    def make(r):
        judged = r["on_time"] + r["late"] + r["overdue"]
        return Measurement(value=rate(r["on_time"], judged), counted=r["on_time"],
                           against=r["late"] + r["overdue"], pending=r["in_term"], total=judged)

    found = _by_agency(rows, "plan__agency_id", make)
    return {a: found.get(a, Measurement()) for a in scope.agency_ids}


def _scheduled_due(scope, agency_id):
    """Report task code → due date, for the agency's schedule in the scope's year."""
    return {report_task_code(r["code"]): due_date_in(scope.year, r["due"])
            for r in scope.schedules.get(agency_id, [])}


def _report_run_out(scope):
    """agency id → the latest scheduled due date whose term has ended by ``as_of``."""
    return terms.cutoffs(scope.as_of, scope.agency_ids)


def reports_on_time(scope):
    c = ReportConditions(scope)
    # One row per (agency, report code): a handful per agency, whatever the plan's size.
    rows = _plan_tasks(scope, Task.Kind.REPORT, c).values("plan__agency_id", "code").annotate(
        on_time=Count("id", filter=c.done_on_time), late=Count("id", filter=c.done_late | c.cancelled_late),
        overdue=Count("id", filter=c.overdue), in_term=Count("id", filter=c.in_term))
    result = {a: Measurement() for a in scope.agency_ids}
    present = {a: set() for a in scope.agency_ids}
    for r in rows:
        m = result[r["plan__agency_id"]]
        present[r["plan__agency_id"]].add(r["code"])
        m.counted += r["on_time"]
        m.against += r["late"] + r["overdue"]
        m.pending += r["in_term"]
    run_out = _report_run_out(scope)
    for agency_id, m in result.items():
        missing = [code for code, due in _scheduled_due(scope, agency_id).items()
                   if due <= run_out[agency_id] and code not in present[agency_id]]
        m.against += len(missing)
        m.total = m.counted + m.against
        m.value = rate(m.counted, m.total)
    return result


def inspection_coverage(scope):
    inspected = Q(inspections__state__in=CARRIED_OUT, inspections__start_date__year=scope.year,
                  inspections__start_date__lte=scope.as_of)
    rows = Office.objects.filter(agency_id__in=scope.agency_ids).order_by().values("agency_id").annotate(
        total=Count("id", distinct=True), inspected=Count("id", filter=inspected, distinct=True))
    found = _by_agency(rows, "agency_id", lambda r: Measurement(
        value=rate(r["inspected"], r["total"]), counted=r["inspected"],
        against=r["total"] - r["inspected"], total=r["total"]))
    return {a: found.get(a, Measurement()) for a in scope.agency_ids}


def _finding_handled(scope):
    handled = Q(state__in=HANDLED_FINDING_STATES)
    assumed = _assumed(scope.assume_findings, OPEN_FINDING_STATES)
    return handled | assumed if assumed is not None else handled


def _year_findings(scope):
    """The findings due in the year: carried-over ones (raised by an earlier year's
    inspection) included, those due next year left to it."""
    return Finding.objects.filter(
        inspection__agency_id__in=scope.agency_ids, due_date__year=scope.year,
    ).order_by()


def _inspections_carried_out(scope) -> set:
    """Agencies with at least one inspection started in the year (by ``as_of``) and carried out."""
    return set(Inspection.objects.filter(
        agency_id__in=scope.agency_ids, state__in=CARRIED_OUT, start_date__year=scope.year,
        start_date__lte=scope.as_of).order_by().values_list("agency_id", flat=True).distinct())


def findings_remedied_rate(scope):
    handled = _finding_handled(scope)
    rows = _year_findings(scope).values("inspection__agency_id").annotate(
        total=Count("id"), handled=Count("id", filter=handled))
    found = _by_agency(rows, "inspection__agency_id", lambda r: Measurement(
        value=rate(r["handled"], r["total"]), counted=r["handled"], against=r["total"] - r["handled"],
        total=r["total"]))
    inspected = _inspections_carried_out(scope)
    result = {a: found.get(a, Measurement()) for a in scope.agency_ids}
    for agency_id, m in result.items():
        m.facts = {"inspection_carried_out": agency_id in inspected}
    return result


def _results_defined():
    return Q(lead_office__isnull=False) & ~Q(expected_output="")


def plan_results_defined(scope, sources=()):
    rows = _plan_tasks(scope, sources=sources).values("plan__agency_id").annotate(
        total=Count("id"), defined=Count("id", filter=_results_defined()))
    found = _by_agency(rows, "plan__agency_id", lambda r: Measurement(
        value=r["total"] > 0 and r["defined"] == r["total"], counted=r["defined"],
        against=r["total"] - r["defined"], total=r["total"]))
    return {a: found.get(a, Measurement()) for a in scope.agency_ids}


# --- evidence: which items count for and against, for one agency ------------------------

def _item(kind, obj_id, title, **extra):
    return {"type": kind, "id": obj_id, "title": title, "url": f"/api/v1/{kind}s/{obj_id}/", **extra}


def _task_items(qs, limit, offset=0):
    rows = qs.order_by("due_date", "code", "id").values(
        "id", "code", "title", "due_date", "state", "completed_on_time")[offset:offset + limit]
    return [_item("task", r["id"], f'{r["code"]} {r["title"]}', code=r["code"],
                  due_date=r["due_date"].isoformat() if r["due_date"] else None, state=r["state"])
            for r in rows]


@dataclass
class ItemLists:
    """Which items count for and against one component, read only when asked.

    ``cut(limit)`` gives the first ``limit`` items of each side with the full sizes (the
    pages, the API, the report); ``each(side)`` yields every item of a side a page at a
    time (the evidence dossier of 10,000 tasks), never all of them in memory at once.
    A side is a queryset made into items by ``to_items(qs, limit, offset)``, or a list
    of items already made (a plan, a missing report).
    """

    counted: object
    against: object
    to_items: object = None
    # Items no query yields: a hand-scored point's assessment leads the counted side, the
    # missing reports close the side against.
    counted_first: list = field(default_factory=list)
    more_against: list = field(default_factory=list)

    def _page(self, side, offset, limit):
        source = getattr(self, side)
        if isinstance(source, list):
            return source[offset:offset + limit]
        return self.to_items(source, limit, offset)

    def total(self, side) -> int:
        source = getattr(self, side)
        size = len(source) if isinstance(source, list) else source.count()
        return size + len(self.counted_first if side == "counted" else self.more_against)

    def cut(self, limit) -> dict:
        return {"counted": list(self.counted_first) + self._page("counted", 0, limit),
                "against": self._page("against", 0, limit) + list(self.more_against),
                "counted_total": self.total("counted"), "against_total": self.total("against")}

    def each(self, side, page=500):
        if side == "counted":
            yield from self.counted_first
        offset = 0
        while True:
            items = self._page(side, offset, page)
            yield from items
            if len(items) < page:
                break
            offset += page
        if side == "against":
            yield from self.more_against


def _one(scope, agency_id):
    return Scope(agency_ids=[agency_id], year=scope.year, as_of=scope.as_of,
                 assume_tasks=scope.assume_tasks, assume_findings=scope.assume_findings,
                 by=scope.by, schedules=scope.schedules, rules=scope.rules)


def plan_issued_evidence(scope, agency_id):
    plan = ReformPlan.objects.filter(agency_id=agency_id, year=scope.year).first()
    if plan is None:
        return ItemLists([], [])
    item = _item("plan", plan.pk, plan.title, issue_deadline=plan.issue_deadline.isoformat(),
                 approved_on=timezone.localdate(plan.approved_at).isoformat() if plan.approved_at else None,
                 issued_on=plan.issued_on.isoformat() if plan.issued_on else None,
                 document=plan.issue_document_id)
    on_time = plan.state != PlanState.DRAFT and plan.issued_on_time
    return ItemLists([item] if on_time else [], [] if on_time else [item])


def plan_completion_rate_evidence(scope, agency_id, sources=()):
    c = TaskConditions(_one(scope, agency_id), "plan_completion_rate")
    qs = _plan_tasks(_one(scope, agency_id), conditions=c, sources=sources)
    return ItemLists(qs.filter(c.done), qs.filter(c.still_open | c.cancelled_late), _task_items)


def tasks_on_time_rate_evidence(scope, agency_id, sources=()):
    c = TaskConditions(_one(scope, agency_id), "tasks_on_time_rate")
    qs = _plan_tasks(_one(scope, agency_id), conditions=c, sources=sources)
    return ItemLists(qs.filter(c.done_on_time), qs.filter(c.late), _task_items)


def reports_on_time_evidence(scope, agency_id):
    c = ReportConditions(_one(scope, agency_id))
    qs = _plan_tasks(_one(scope, agency_id), Task.Kind.REPORT, c)
    lists = ItemLists(qs.filter(c.done_on_time), qs.filter(c.late), _task_items)
    present = set(qs.values_list("code", flat=True))
    names = {report_task_code(r["code"]): r.get("name", r["code"]) for r in scope.schedules.get(agency_id, [])}
    run_out = _report_run_out(_one(scope, agency_id))[agency_id]
    for code, due in sorted(_scheduled_due(scope, agency_id).items(), key=lambda kv: kv[1]):
        if due <= run_out and code not in present:
            lists.more_against.append({"type": "report", "id": None, "title": f"{code} {names[code]}",
                                       "url": None, "code": code, "due_date": due.isoformat(),
                                       "state": "missing"})
    return lists


def _office_items(qs, limit, offset=0):
    return [_item("office", r["id"], r["name"])
            for r in qs.order_by("name", "id").values("id", "name")[offset:offset + limit]]


def inspection_coverage_evidence(scope, agency_id):
    offices = Office.objects.filter(agency_id=agency_id)
    inspected = Q(inspections__state__in=CARRIED_OUT, inspections__start_date__year=scope.year,
                  inspections__start_date__lte=scope.as_of)
    inspected_ids = offices.filter(inspected).values("id")
    return ItemLists(offices.filter(id__in=inspected_ids), offices.exclude(id__in=inspected_ids), _office_items)


def _finding_items(qs, limit, offset=0):
    rows = qs.order_by("due_date", "id").values(
        "id", "description", "due_date", "state", "office__name")[offset:offset + limit]
    return [_item("finding", r["id"], r["description"][:120], office=r["office__name"],
                  due_date=r["due_date"].isoformat(), state=r["state"]) for r in rows]


def findings_remedied_rate_evidence(scope, agency_id):
    handled = _finding_handled(scope)
    qs = _year_findings(_one(scope, agency_id))
    return ItemLists(qs.filter(handled), qs.exclude(handled), _finding_items)


def plan_results_defined_evidence(scope, agency_id, sources=()):
    qs = _plan_tasks(_one(scope, agency_id), sources=sources)
    return ItemLists(qs.filter(_results_defined()), qs.exclude(_results_defined()), _task_items)


@dataclass(frozen=True)
class Measure:
    name: str
    compute: object
    evidence: object
    definition: object  # gettext (lazy): what is counted, said once for the rule in words
    if_none: object = 0  # points when there is nothing to measure: a number or "max"
    none_means: object = None  # gettext (lazy): when there is nothing to measure
    # Measures that count tasks: a task cancelled after its term is "against" (late, not
    # done) or "not_counted"; a criterion's rule overrides it with "cancelled_after_due".
    cancelled_after_due: str | None = None
    # gettext (lazy) of each fact the measurement carries, for a rule's conditional "if_none".
    facts: dict = field(default_factory=dict)
    by_source: bool = False  # counts tasks: the rule's "sources" choose which (sources_of)

    def run(self, scope, sources=()):
        return self.compute(scope, sources=sources) if self.by_source else self.compute(scope)

    def evidence_for(self, scope, agency_id, sources=()) -> ItemLists:
        if self.by_source:
            return self.evidence(scope, agency_id, sources=sources)
        return self.evidence(scope, agency_id)


MEASURES = {m.name: m for m in [
    Measure("plan_issued", plan_issued, plan_issued_evidence,
            pgettext_lazy("score measure", "The date the plan was issued against its issue deadline; a plan not"
                                           " issued yet counts as not issued.")),
    Measure("plan_completion_rate", plan_completion_rate, plan_completion_rate_evidence,
            pgettext_lazy("score measure", "Rate = tasks done (late ones included) / tasks of the plan; "
                                           "tasks cancelled within their term and periodic reports are not "
                                           "counted."),
            none_means=pgettext_lazy("score measure", "No task in the plan"),
            cancelled_after_due=CANCELLED_AGAINST, by_source=True),
    Measure("tasks_on_time_rate", tasks_on_time_rate, tasks_on_time_rate_evidence,
            pgettext_lazy("score measure", "Rate = tasks done on time / (tasks done + open tasks past their "
                                           "term); a due date on a day off runs to the end of the next working "
                                           "day; an extension granted after the task became overdue does not "
                                           "make it on time; tasks within their term (handed in and awaiting "
                                           "review included) and tasks cancelled within their term are not "
                                           "counted."),
            none_means=pgettext_lazy("score measure", "No task done or past due yet"),
            cancelled_after_due=CANCELLED_AGAINST, by_source=True),
    Measure("reports_on_time", reports_on_time, reports_on_time_evidence,
            pgettext_lazy("score measure", "Every periodic report that has come due must be done on time; a due"
                                           " report with no task (or a cancelled one) is missing; reports not "
                                           "yet due are not counted."),
            none_means=pgettext_lazy("score measure", "No report due or sent yet"),
            cancelled_after_due=CANCELLED_AGAINST),
    Measure("inspection_coverage", inspection_coverage, inspection_coverage_evidence,
            pgettext_lazy("score measure", "Rate = offices inspected (inspections started in the year and "
                                           "carried out) / all offices of the agency."),
            none_means=pgettext_lazy("score measure", "The agency has no offices")),
    Measure("findings_remedied_rate", findings_remedied_rate, findings_remedied_rate_evidence,
            pgettext_lazy("score measure", "Rate = findings handled (remedied and closed, or referred to "
                                           "the competent authority) / findings whose remediation deadline "
                                           "falls in the year, those carried over from earlier inspections "
                                           "included."),
            none_means=pgettext_lazy("score measure", "No finding due in the year"),
            facts={"inspection_carried_out": pgettext_lazy(
                "score measure", "at least one inspection was carried out in the year")}),
    Measure("plan_results_defined", plan_results_defined, plan_results_defined_evidence,
            pgettext_lazy("score measure", "Every task of the plan names its expected output and a lead office."),
            by_source=True),
]}
