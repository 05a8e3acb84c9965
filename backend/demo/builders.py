"""The demo department: Sở Xây dựng tỉnh Quảng Trị, its people, this year's plan, next year's.

What the department is (offices, people, tasks, findings, what people write) is data, in
``data/demo.toml``; this module plays it. Everything is dated relative to the day it
runs, so the demo always shows work in every state: done on time and late, open within
its term, overdue, due in a few days.

Plans, tasks, findings, evidence and comments are made through their services, and every
state change through its app's transition entry point (``task_transition``,
``finding_transition``, …: the workflow service), as the user who would make it, at the
planned time (``at=``), so checks, timestamps, history and events are real and nothing
of them is rewritten afterwards. The steps run in the order of their times, so event
ids grow with ``occurred_at`` as in a live system. (The department, its offices and
people are reference data, made with the models' managers. The create services stamp a
row's ``created_at`` / ``uploaded_at`` "now"; those creation stamps, on the plans, tasks,
inspection, findings, evidence and comments, are then set to the planned day.)

Each ``build_*`` step is idempotent on its own (it looks for what it would make first)
and records what it made in ``SeedResult``; ``build_demo`` runs them in one transaction.
A later step (e.g. inspections) is one more function taking the ``Demo`` and the result.
"""
from __future__ import annotations

import datetime
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Agency, Office, Role, User
from backend.comments.models import Comment
from backend.comments.services import comment_add
from backend.criteria.models import Criterion, Methodology
from backend.deadlines.scan import scan_deadlines
from backend.documents.models import Document
from backend.documents.services import document_create
from backend.evidence.models import Evidence
from backend.evidence.services import evidence_add_file, evidence_add_link
from backend.inspections import services as inspection_services
from backend.inspections.models import Finding, Inspection
from backend.plans import services as plan_services
from backend.plans.models import ReformPlan, Task
from backend.scoring.demo import build_score, score_summary
from workflows.models import Event

from .scans import result_scan

DATA_FILE = Path(__file__).parent / "data" / "demo.toml"


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: str  # a value of Role
    office: str | None = None  # office code
    title: str = ""  # chức vụ, for the summary only


@dataclass(frozen=True)
class PlannedTask:
    """One task of this year's plan and the story it has lived so far.

    ``due`` is in days from today; ``story`` a key of ``_story``'s table; ``assignee`` a
    username (the office's doer when empty).
    """

    code: str
    field: str
    office: str
    due: int
    story: str
    title: str
    output: str
    assignee: str = ""
    progress: int = 0
    cancel_reason: str = ""
    source: str = "own"  # who assigned it (Task.Source); a superior names its document:
    assignment: str = ""  # the key of its assigning document (plan.assignments)


@dataclass(frozen=True)
class PlannedFinding:
    """One finding of the demo inspection: its office, severity, due date and story.

    The due date is ``due_share`` of the inspection's timeline (0 = it started, 1 =
    today) or ``due_days`` from today; ``story`` lists (share, action, username).
    """

    office: str
    severity: str
    description: str
    due_share: float | None = None
    due_days: int | None = None
    story: tuple = ()


def _load(path: Path = DATA_FILE) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


_DATA = _load()
DEPARTMENT = _DATA["department"]
DEMO_PASSWORD = DEPARTMENT["password"]
AGENCY_NAME = DEPARTMENT["name"]
PROVINCE = DEPARTMENT["province"]
TEMPLATE_METHODOLOGY = DEPARTMENT["methodology"]
EVIDENCE_SITE = DEPARTMENT["evidence_site"]
OFFICES = [(o["code"], o["name"]) for o in _DATA["offices"]]
# Who does an office's work (the assignee) when a task names none.
OFFICE_DOERS = {o["code"]: o["doer"] for o in _DATA["offices"]}
PEOPLE = [Person(**p) for p in _DATA["people"]]

PLAN = _DATA["plan"]
TEXTS = PLAN["texts"]  # what people write along a task's story
PLAN_TASKS = [PlannedTask(**t) for t in PLAN["tasks"]]
RETURN_REASONS = PLAN["return_reasons"]
DOCUMENTS = PLAN["documents"]
ASSIGNMENTS = {a["key"]: a for a in PLAN.get("assignments", [])}
NEXT_PLAN = _DATA["next_plan"]

INSPECTION = _DATA["inspection"]
INSPECTION_FINDINGS = [PlannedFinding(**{**f, "story": tuple(map(tuple, f.get("story", ())))})
                       for f in INSPECTION["findings"]]

EXTENSION_DAYS = 21  # an extended task's new due date, in days from today
# The widest offsets the data uses, ahead of and behind today: near the ends of the year
# they are scaled into the days left, so every due date stays inside the plan year.
_OFFSETS = ([pt.due for pt in PLAN_TASKS] + [EXTENSION_DAYS]
            + [f.due_days for f in INSPECTION_FINDINGS if f.due_days is not None])
AHEAD = max(max(_OFFSETS), 1)
BEHIND = max(-min(_OFFSETS), 1)


# --- the result -----------------------------------------------------------------

@dataclass
class SeedResult:
    created: Counter = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.created.values())


@dataclass
class Demo:
    """What later builders need: the department, its offices, people and PAR fields."""

    agency: Agency
    offices: dict[str, Office]
    users: dict[str, User]
    fields: dict[str, Criterion]
    today: datetime.date
    plan_current: ReformPlan | None = None
    plan_next: ReformPlan | None = None

    def day(self, offset: int) -> datetime.date:
        """The day ``offset`` days from today, kept inside this year (the plan's year).

        Far from the year's ends this is plain arithmetic; in December (or January) the
        data's offsets are scaled into the days left, keeping their order, so a demo
        loaded on 30 December still has work due in a few days, all of it this year.
        """
        if offset >= 0:
            room, span = (datetime.date(self.today.year, 12, 31) - self.today).days, AHEAD
        else:
            room, span = (self.today - datetime.date(self.today.year, 1, 1)).days, BEHIND
        if room < span and offset:
            # Past stays past and future stays future while the year has a day to give.
            days = min(max(1, round(abs(offset) * room / span)), room)
            offset = days if offset > 0 else -days
        return self.today + datetime.timedelta(days=offset)

    def field(self, code: str) -> Criterion:
        try:
            return self.fields[code]
        except KeyError:
            raise DemoConflict(
                f"the agency's methodology has no PAR field {code}; the demo plans are filed "
                f"under the fields of '{TEMPLATE_METHODOLOGY}'"
            ) from None


class DemoConflict(Exception):
    """The database holds something the demo would clash with (e.g. a username)."""


# --- the clock ------------------------------------------------------------------

def local_dt(day: datetime.date, minutes: int) -> datetime.datetime:
    """``day`` at ``minutes`` after midnight, local time (working hours: 450–1050)."""
    naive = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minutes)
    return timezone.make_aware(naive)


# --- the department -------------------------------------------------------------

def ensure_catalogue() -> Methodology:
    """The template methodology; a flushed database gets the shipped catalogue back."""
    methodology = Methodology.objects.filter(code=TEMPLATE_METHODOLOGY).first()
    if methodology is None:
        call_command("loaddata", "criteria", verbosity=0)
        methodology = Methodology.objects.get(code=TEMPLATE_METHODOLOGY)
    return methodology


def build_agency(result: SeedResult, today: datetime.date) -> Demo:
    methodology = ensure_catalogue()
    agency = Agency.objects.filter(name=AGENCY_NAME, province=PROVINCE).first()
    if agency is None:
        agency = Agency.objects.create(name=AGENCY_NAME, short_name=DEPARTMENT["short_name"],
                                       province=PROVINCE, methodology=methodology)
        result.created["agency"] += 1
    elif agency.methodology_id is None:
        agency.methodology = methodology
        agency.save(update_fields=["methodology"])
        result.created["agency methodology"] += 1

    offices = {}
    for code, name in OFFICES:
        office = Office.objects.filter(agency=agency, name=name).first()
        if office is None:
            office = Office.objects.create(agency=agency, name=name, code=code)
            result.created["office"] += 1
        offices[code] = office

    users = {}
    password = None  # hashed once: hashing is deliberately slow
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is not None:
            if user.agency_id != agency.pk:
                raise DemoConflict(
                    f"user '{person.username}' exists and belongs to another agency; "
                    "the demo needs this username"
                )
        else:
            password = password or make_password(DEMO_PASSWORD)
            is_admin = person.role == Role.ADMIN
            user = User.objects.create(
                username=person.username, full_name=person.full_name, role=person.role,
                agency=agency, office=offices[person.office] if person.office else None,
                password=password, is_staff=is_admin, is_superuser=is_admin,
            )
            result.created["user"] += 1
        users[person.username] = user

    fields = {c.code: c for c in Criterion.objects.filter(methodology=agency.methodology_id or methodology,
                                                           parent=None)}
    return Demo(agency=agency, offices=offices, users=users, fields=fields, today=today)


# --- this year's plan -----------------------------------------------------------

@dataclass
class Step:
    """One thing that happens to a task, at a given time, by one user."""

    when: datetime.datetime
    seq: int  # order within the task
    task_code: str
    action: str  # a transition name, or "evidence", "comment", "progress"
    actor: str
    params: dict = field(default_factory=dict)


def _reviewer(office_code: str, i: int) -> str:
    """The office's head reviews most work; the director or deputy reviews the rest."""
    office_head = next((p.username for p in PEOPLE
                        if p.role == Role.OFFICE_HEAD and p.office == office_code), None)
    if office_head and i % 3:
        return office_head
    return "deputy_head" if i % 2 else "head"


def _assigner(office_code: str, i: int) -> str:
    office_head = next((p.username for p in PEOPLE
                        if p.role == Role.OFFICE_HEAD and p.office == office_code), None)
    return office_head if office_head and i % 2 else "head"


def _story(pt: PlannedTask, i: int, demo: Demo, doer: str) -> list[tuple]:
    """(day offset, action, actor, params) for the task's history, oldest first."""
    d, jitter = (demo.day(pt.due) - demo.today).days, i % 5
    assigner, reviewer = _assigner(pt.office, i), _reviewer(pt.office, i)
    url = f"{EVIDENCE_SITE}/van-ban/{demo.today.year}-{pt.code.replace('.', '-')}"
    evidence = ("evidence", doer, {"url": url, "name": TEXTS["evidence_name"].format(code=pt.code),
                                    "note": pt.output})
    output = pt.output.lower()
    cancel = {"reason": pt.cancel_reason or PLAN["default_cancel_reason"]}
    # Work starts some weeks before the due date (or, for long tasks, after the plan).
    assign = min(d - 55 - 3 * jitter, -20 - jitter)
    start = assign + 2 + jitter
    steps = {
        "draft": [],
        "assigned": [(-9 - jitter, "assign", assigner, {})],
        "in_progress": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                        (-2 - jitter, "progress", doer, {"progress": pt.progress or 50})],
        "submitted": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                      (-3, "evidence", *evidence[1:]),
                      (-2, "submit", doer, {"result_note": TEXTS["submit_note"].format(output=output)})],
        "returned": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                     (-9, "submit", doer, {"result_note": TEXTS["draft_note"].format(output=output)}),
                     (-7, "return", reviewer, {"reason": RETURN_REASONS[i % len(RETURN_REASONS)]}),
                     (-6, "comment", doer, {"body": TEXTS["returned_comment"]})],
        "done_on_time": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                         (min(d - 4 + jitter // 2, -3), "evidence", *evidence[1:]),
                         (min(d - 3 + jitter // 2, -2), "submit", doer, {}),
                         (min(d - 1 + jitter // 2, -1), "approve", reviewer, {})],
        "done_late": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                      (d + 2, "comment", reviewer, {"body": TEXTS["late_comment"]}),
                      (min(d + 4 + jitter, -2), "evidence", *evidence[1:]),
                      (min(d + 5 + jitter, -2), "submit", doer, {}),
                      (min(d + 7 + jitter, -1), "approve", reviewer, {})],
        "done_after_return": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                              (d - 9, "submit", doer, {"result_note": TEXTS["resubmit_draft_note"]}),
                              (d - 7, "return", reviewer, {"reason": RETURN_REASONS[2]}),
                              (d - 6, "resume", doer, {}),
                              (d - 3, "evidence", *evidence[1:]),
                              (d - 2, "submit", doer, {"result_note": TEXTS["resubmit_note"]}),
                              (d - 1, "approve", "head", {"comment": TEXTS["approve_comment"]})],
        "cancelled": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                      (-12, "cancel", "head", cancel)],
        "cancelled_draft": [(-40, "cancel", "head", cancel)],
        "extended": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                     (d - 4, "comment", doer, {"body": TEXTS["extension_comment"]}),
                     (d - 3, "extend", "head", {"due_date": demo.day(EXTENSION_DAYS),
                                                "reason": TEXTS["extension_reason"]}),
                     (-3 - jitter, "progress", doer, {"progress": pt.progress or 50})],
    }[pt.story]
    return steps


def _dated(offsets, demo: Demo, approved: datetime.date, code: str) -> list[Step]:
    """Offsets → times after the plan's approval and before today, never going back.

    The time of day is spread over working hours by a fixed scatter of the task code,
    so the demo is the same on every run.
    """
    out, floor = [], local_dt(approved + datetime.timedelta(days=1), 0)
    latest = demo.today - datetime.timedelta(days=1)
    scatter = sum(ord(ch) for ch in code) * 47
    for seq, (offset, action, actor, params) in enumerate(offsets):
        day = min(max(demo.today + datetime.timedelta(days=offset), floor.date()), latest)
        if day.weekday() >= 5:  # offices work Monday to Friday: the Friday before
            friday = day - datetime.timedelta(days=day.weekday() - 4)
            day = friday if friday >= floor.date() else day
        when = local_dt(day, 450 + (scatter + seq * 131) % 540)  # 7:30–16:30
        if when <= floor:
            when = floor + datetime.timedelta(minutes=11)
        floor = when
        out.append(Step(when, seq, code, action, actor, params))
    return out


def record_document(demo: Demo, result: SeedResult, *, actor: User, kind: str, number: str, summary: str,
                    day: datetime.date, issuer: str = "", when: datetime.datetime | None = None) -> Document:
    """A signed document in the department's register, through its service, dated ``day``
    (recorded at ``when``, default that day's morning)."""
    document = document_create(actor=actor, number=number, date=day, issuer=issuer or DOCUMENTS["issuer"],
                               summary=summary, kind=kind)
    Document.objects.filter(pk=document.pk).update(created_at=when or local_dt(day, 8 * 60))
    result.created["document"] += 1
    return document


def _numbered(template: str, demo: Demo, when: datetime.datetime) -> str:
    """A running number for the department's own documents: the day of the year, stable per run."""
    return template.format(n=when.timetuple().tm_yday + 100, year=demo.today.year)


def _report_steps(report: Task, demo: Demo) -> list[tuple]:
    """Past reports were sent (the half-year one late); the next one is being written."""
    d = (report.due_date - demo.today).days
    assign = [(-400, "assign", "vp_head", {})]  # clamped to right after the approval
    url = f"{EVIDENCE_SITE}/bao-cao/{report.code.lower()}"
    sent = [("evidence", "officer2", {"url": url, "name": report.title, "note": TEXTS["report_evidence_note"]})]
    if d < 0:
        late = 4 if report.code.endswith("H1") else 0
        return [*assign, (d - 12, "start", "officer2", {}),
                (d - 2 + late, *sent[0]), (d - 1 + late, "submit", "officer2", {}),
                (d + late, "approve", "vp_head", {})]
    if d <= 40:
        return [*assign, (-6, "start", "officer2", {}), (-2, "progress", "officer2", {"progress": 30})]
    return assign


def _plan_reports(plan: ReformPlan, demo: Demo, result: SeedResult) -> list[Task]:
    """The plan's periodic report tasks, still in draft, to be played like the others.

    The plan's approval normally creates them (``backend.plans.reports``); if it made
    none, they are made here from the methodology's reports rule.
    """
    if not plan.tasks.filter(kind=Task.Kind.REPORT).exists():
        for entry in (_reports_rule(demo) or {}).get("reports", []):
            month, day = (int(x) for x in entry["due"].split("-"))
            plan_services.task_create(
                actor=demo.users["head"], plan=plan, kind=Task.Kind.REPORT, code=f"BC-{entry['code']}",
                title=entry["name"], field=demo.field("1"),
                description=TEXTS["report_description"], expected_output=TEXTS["report_output"],
                lead_office=demo.offices["VP"], due_date=datetime.date(plan.year, month, day),
            )
            result.created["report task"] += 1
    return list(plan.tasks.filter(kind=Task.Kind.REPORT, state="draft").select_related("lead_office"))


def _reports_rule(demo: Demo) -> dict | None:
    """The rule that lists the periodic reports (the template's 1.4), if the methodology has one."""
    for rule in Criterion.objects.filter(methodology=demo.agency.methodology_id).values_list("rule", flat=True):
        if "reports" in rule:
            return rule
    return None


def build_plan_current(demo: Demo, result: SeedResult, timeline: Timeline | None = None) -> ReformPlan:
    """The approved plan of this year, its tasks in every state, with their history.

    ``timeline`` holds other builders' dated steps (the inspection): they run between the
    plan's own, in date order.
    """
    year = demo.today.year
    plan = ReformPlan.objects.filter(agency=demo.agency, year=year).first()
    if plan is not None:
        demo.plan_current = plan
        return plan

    head = demo.users["head"]
    issue_deadline = datetime.date(year - 1, 12, 15)
    approved = min(issue_deadline - datetime.timedelta(days=5), demo.today - datetime.timedelta(days=30))
    plan = plan_services.plan_create(actor=head, year=year, issue_deadline=issue_deadline,
                                     title=PLAN["title"].format(year=year))
    result.created["plan"] += 1

    # What superiors assigned arrived before the plan was written: their documents first.
    assigning = {}
    for key, a in ASSIGNMENTS.items():
        day = approved - datetime.timedelta(days=a["days"])
        assigning[key] = record_document(
            demo, result, actor=demo.users["vp_head"], kind=Document.Kind.ASSIGNMENT, number=a["number"],
            summary=a["summary"].format(year=year), issuer=a["issuer"], day=day)

    # The tasks are written into the draft plan before the head approves it.
    tasks = {}
    for pt in PLAN_TASKS:
        due = demo.day(pt.due)
        superior = {"source": pt.source, "source_document": assigning[pt.assignment],
                    "superior_due_date": due} if pt.assignment else {}
        tasks[pt.code] = plan_services.task_create(
            actor=head, plan=plan, code=pt.code, title=pt.title, field=demo.field(pt.field),
            description=PLAN["task_description"].format(year=year),
            expected_output=pt.output, lead_office=demo.offices[pt.office],
            due_date=due,
            supporting_offices=[demo.offices["VP"]] if pt.office != "VP" and pt.field == "3" else [],
            **superior,
        )
        result.created["task"] += 1

    # Issued (ban hành) by the signed plan document, on the day it was signed.
    issued_at = local_dt(approved, 15 * 60)
    plan_document = record_document(
        demo, result, actor=head, kind=Document.Kind.PLAN, number=DOCUMENTS["plan"]["number"],
        summary=DOCUMENTS["plan"]["summary"].format(year=year), day=approved, when=issued_at)
    plan = plan_services.plan_transition(plan, "approve", actor=head, at=issued_at, document=plan_document)
    for report in _plan_reports(plan, demo, result):
        tasks[report.code] = report

    # Every step of every task, in date order, so the event log reads like a real year.
    steps = []
    for i, pt in enumerate(PLAN_TASKS):
        doer = pt.assignee or OFFICE_DOERS[pt.office]
        steps += _dated(_story(pt, i, demo, doer), demo, approved, pt.code)
    for report in (t for t in tasks.values() if t.kind == Task.Kind.REPORT):
        steps += _dated(_report_steps(report, demo), demo, approved, report.code)
    steps.sort(key=lambda s: (s.when, s.task_code, s.seq))

    for step in steps:
        if timeline is not None:
            timeline.run_until(step.when)
        task, actor = tasks[step.task_code], demo.users[step.actor]
        tasks[step.task_code] = _apply(step, task, actor, demo, result)

    # Written into the draft a week before the approval; the report tasks by the approval.
    drafted = local_dt(approved - datetime.timedelta(days=7), 9 * 60)
    ReformPlan.objects.filter(pk=plan.pk).update(created_at=drafted)
    plan.tasks.filter(kind=Task.Kind.TASK).update(created_at=drafted)
    plan.tasks.filter(kind=Task.Kind.REPORT).update(created_at=plan.approved_at)
    demo.plan_current = plan
    return plan


def _apply(step: Step, task: Task, actor: User, demo: Demo, result) -> Task:
    when = step.when
    if step.action == "evidence":
        evidence = evidence_add_link(subject=task, actor=actor, **step.params)
        # The signed result as a scan too, so the evidence dossier has files to hold.
        scan = evidence_add_file(subject=task, actor=actor, upload=result_scan(task, step.params.get("note", ""), AGENCY_NAME),
                                 note=TEXTS["scan_note"])
        Evidence.objects.filter(pk__in=[evidence.pk, scan.pk]).update(uploaded_at=when)
        result.created["evidence"] += 2
        return task
    if step.action == "comment":
        comment = comment_add(subject=task, actor=actor, body=step.params["body"])
        Comment.objects.filter(pk=comment.pk).update(created_at=when)
        result.created["comment"] += 1
        return task
    if step.action == "progress":
        return plan_services.task_update(task=task, actor=actor, data=dict(step.params))

    params = dict(step.params)
    if step.action == "submit" and task.kind == Task.Kind.REPORT:
        # A report is sent by its outgoing document, signed the day it goes out.
        template = DOCUMENTS["report"]
        params["document"] = record_document(
            demo, result, actor=actor, kind=Document.Kind.REPORT, number=_numbered(template["number"], demo, when),
            summary=template["summary"].format(title=task.title, year=demo.today.year), day=when.date(), when=when)
    if step.action == "cancel":
        # The plan is issued: dropping a task takes the plan's amendment.
        template = DOCUMENTS["amendment"]
        params["document"] = record_document(
            demo, result, actor=actor, kind=Document.Kind.AMENDMENT, number=_numbered(template["number"], demo, when),
            summary=template["summary"].format(year=demo.today.year), day=when.date(), when=when)
    if step.action == "assign":
        # The due date was set on the draft; a past one cannot be given to assign.
        office = task.lead_office or demo.offices["VP"]
        assignee = task.assignee or demo.users[_planned_assignee(task) or OFFICE_DOERS[office.code]]
        params = {"lead_office": office, "assignee": assignee}
    task = plan_services.task_transition(task, step.action, actor=actor, at=when, **params)
    result.created["transition"] += 1
    return task


def _planned_assignee(task: Task) -> str:
    planned = next((pt for pt in PLAN_TASKS if pt.code == task.code), None)
    return planned.assignee if planned else ""


# --- next year's plan -----------------------------------------------------------

def build_plan_next(demo: Demo, result: SeedResult) -> ReformPlan:
    """Next year's plan, still a draft being written, with a handful of draft tasks."""
    year = demo.today.year + 1
    plan = ReformPlan.objects.filter(agency=demo.agency, year=year).first()
    if plan is not None:
        demo.plan_next = plan
        return plan
    head = demo.users["head"]
    plan = plan_services.plan_create(actor=head, year=year, issue_deadline=datetime.date(year - 1, 12, 15),
                                     title=NEXT_PLAN["title"].format(year=year))
    result.created["plan"] += 1
    for planned in NEXT_PLAN["tasks"]:
        month, day = (int(x) for x in planned["due"].split("-"))
        plan_services.task_create(
            actor=head, plan=plan, code=planned["code"], title=planned["title"].format(year=year),
            field=demo.field(planned["field"]), description=NEXT_PLAN["task_description"].format(year=year),
            expected_output=planned["output"], lead_office=demo.offices[planned["office"]],
            due_date=datetime.date(year, month, day),
        )
        result.created["task"] += 1
    demo.plan_next = plan
    return plan


# --- this year's inspection -----------------------------------------------------

class Timeline:
    """Dated steps that several builders share, so the event log reads in date order.

    ``build_plan_current`` runs what is due before each of its own steps; ``run_all``
    runs the rest, and the ``last`` steps (linking, creation stamps) after everything.
    """

    END = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)

    def __init__(self):
        self._steps = []

    def add(self, when: datetime.datetime, run) -> None:
        self._steps.append((when, len(self._steps), run))

    def last(self, run) -> None:
        self.add(self.END, run)

    def run_until(self, when: datetime.datetime) -> None:
        self._steps.sort(key=lambda s: (s[0], s[1]))
        while self._steps and self._steps[0][0] <= when:
            self._steps.pop(0)[2]()

    def run_all(self) -> None:
        self.run_until(self.END)


def build_inspection(demo: Demo, result: SeedResult, timeline: Timeline | None = None) -> Inspection:
    """An inspection of this year, reported, with findings in every state and their history.

    Its dated steps go on ``timeline`` (shared with this year's plan); without one they
    run at once.
    """
    year = demo.today.year
    offices = [demo.offices[code] for code in INSPECTION["offices"]]
    title = INSPECTION["title"].format(year=year, offices=" và ".join(o.name for o in offices))
    inspection = Inspection.objects.filter(agency=demo.agency, title=title).first()
    if inspection is not None:
        return inspection

    inspector = demo.users["inspector"]
    today = demo.today
    began = max(today - datetime.timedelta(days=130), datetime.date(year, 1, 2))
    span = max((today - began).days, 0)

    def day(share: float) -> datetime.date:
        return began + datetime.timedelta(days=round(span * share))

    inspection = inspection_services.inspection_create(
        actor=inspector, title=title, offices=offices, start_date=began,
        end_date=min(began + datetime.timedelta(days=7), today),
    )
    result.created["inspection"] += 1
    own_timeline = timeline is None
    timeline = timeline or Timeline()
    current = {"inspection": inspection}  # the latest copy of each object, by key
    raised = {}  # finding key → when it was raised

    def move_inspection(action, when):
        def run():
            params = {}
            if action == "report":  # concluded by its conclusion notice, signed that day
                template = DOCUMENTS["conclusion"]
                params["document"] = record_document(
                    demo, result, actor=inspector, kind=Document.Kind.CONCLUSION,
                    number=_numbered(template["number"], demo, when),
                    summary=template["summary"].format(year=year), day=when.date(), when=when)
            current["inspection"] = inspection_services.inspection_transition(
                current["inspection"], action, actor=inspector, at=when, **params)
            result.created["transition"] += 1
        return run

    def raise_finding(i, pf, when):
        def run():
            due = day(pf.due_share) if pf.due_share is not None else demo.day(pf.due_days)
            current[i] = inspection_services.finding_raise(
                actor=inspector, inspection=current["inspection"], office=demo.offices[pf.office],
                description=pf.description, severity=pf.severity, due_date=due, at=when,
            )
            raised[i] = when
            result.created["finding"] += 1
        return run

    def act_on_finding(i, action, username, when):
        def run():
            actor = demo.users[username]
            if action == "evidence":
                evidence = evidence_add_link(
                    subject=current[i], actor=actor,
                    url=f"{EVIDENCE_SITE}/van-ban/khac-phuc-ton-tai-{year}-{current[i].pk}-{when:%m%d}",
                    note=INSPECTION["evidence_note"],
                )
                Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=when)
                result.created["evidence"] += 1
                return
            current[i] = inspection_services.finding_transition(
                current[i], action, actor=actor, at=when, **INSPECTION["params"].get(action, {}))
            result.created["transition"] += 1
        return run

    timeline.add(local_dt(began, 8 * 60), move_inspection("start", local_dt(began, 8 * 60)))
    for i, pf in enumerate(INSPECTION_FINDINGS):
        when = local_dt(day(0.03), 9 * 60 + 10 * i)
        timeline.add(when, raise_finding(i, pf, when))
        for share, action, username in pf.story:
            when = local_dt(day(share), 14 * 60 + 10 * i)
            timeline.add(when, act_on_finding(i, action, username, when))
    reported = local_dt(day(0.08), 16 * 60)
    timeline.add(reported, move_inspection("report", reported))

    def settle():
        # The follow-up task: this year's plan work of that office, under way.
        finding = current[INSPECTION["follow_up_finding"]]
        task = (Task.objects.filter(plan=demo.plan_current, lead_office=finding.office, state="in_progress")
                .order_by("due_date", "id").first() if demo.plan_current else None)
        if task is not None:
            inspection_services.finding_update(finding=finding, actor=inspector, data={"follow_up_task": task})
        # Creation stamps: planned a week before it began; each finding when it was raised.
        Inspection.objects.filter(pk=inspection.pk).update(
            created_at=local_dt(began - datetime.timedelta(days=7), 9 * 60))
        for key, when in raised.items():
            Finding.objects.filter(pk=current[key].pk).update(created_at=when)

    timeline.last(settle)
    if own_timeline:
        timeline.run_all()
    return inspection


# --- all of it ------------------------------------------------------------------

def build_demo(today: datetime.date | None = None) -> tuple[Demo, SeedResult]:
    result = SeedResult()
    today = today or timezone.localdate()
    with transaction.atomic():
        demo = build_agency(result, today)
        timeline = Timeline()
        build_inspection(demo, result, timeline)
        build_plan_current(demo, result, timeline)
        timeline.run_all()
        # The night's deadline pass, as the periodic job would run it just after midnight:
        # a freshly loaded demo lists its overdue work at once, with its reminders sent.
        if result.changed:
            # Never in the future: in the first minutes after midnight, the pass is now.
            flagged = scan_deadlines(min(local_dt(today, 5), timezone.now()))
            result.created["deadline flag"] += flagged["tasks_overdue"] + flagged["findings_overdue"]
        build_plan_next(demo, result)
        build_score(demo, result)
    result.lines = summary(demo) + score_summary(demo)
    return demo, result


def summary(demo: Demo) -> list[str]:
    lines = [f"{demo.agency.name} ({demo.agency.methodology}): "
             f"{len(demo.offices)} offices, {len(demo.users)} demo users"]
    for plan in (demo.plan_current, demo.plan_next):
        if plan is None:
            continue
        plan.refresh_from_db()
        tasks = list(plan.tasks.all())
        states = Counter(t.state for t in tasks)
        lines.append(f"{plan.year} plan ({plan.state}): {len(tasks)} tasks — "
                     + ", ".join(f"{s} {n}" for s, n in sorted(states.items())))
        if plan.state != "draft":
            outcomes = Counter(t.outcome for t in tasks)
            soon = sum(1 for t in tasks if t.is_open and t.due_date
                       and 0 <= (t.due_date - demo.today).days <= 7)
            lines.append("  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
                         + f"; due within 7 days: {soon}")
    for inspection in Inspection.objects.filter(agency=demo.agency, start_date__year=demo.today.year):
        states = Counter(inspection.findings.values_list("state", flat=True))
        lines.append(f"inspection '{inspection.title}' ({inspection.state}): "
                     + ", ".join(f"{s} {n}" for s, n in sorted(states.items())))
    events = Event.objects.filter(agency=demo.agency).count()
    lines.append(f"events: {events}; evidence: {Evidence.objects.filter(task__plan__agency=demo.agency).count()}; "
                 f"comments: {Comment.objects.filter(task__plan__agency=demo.agency).count()}")
    lines.append(f"log in with password '{DEMO_PASSWORD}' as: "
                 + ", ".join(p.username for p in PEOPLE))
    return lines
