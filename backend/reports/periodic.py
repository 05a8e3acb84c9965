"""The periodic reform report (quarterly, six-month, annual): the tables of its outline
filled from the data as they stood on the report's cut-off day.

The cut-off follows the reporting regime of Decree 09/2019/NĐ-CP (art. 12): a period's
figures are counted up to the 14th of its last month (Q1: 14/3, six months: 14/6,
Q3: 14/9, the year: 14/12). Each task is counted in the state its history gave it at the
end of that day, so a report drawn later says what was true on the day, not today.
"""
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from backend.comments.models import Comment
from backend.inspections.models import Finding, Inspection
from backend.plans.machines import TaskState
from backend.scoring.selectors import criterion_score
from workflows.models import TransitionRecord

from .progress import progress_of

# Report code (its task is BC-<code>) → the month its period ends.
PERIOD_END_MONTH = {"Q1": 3, "H1": 6, "Q3": 9, "Y": 12}
CUT_OFF_DAY = 14


def cut_off_for(code: str, year: int) -> datetime.date:
    return datetime.date(year, PERIOD_END_MONTH.get(code, 12), CUT_OFF_DAY)


@dataclass
class TaskAt:
    """A task as it stood at the cut-off."""
    task: object
    state: str
    submitted_at: datetime.datetime | None
    day: datetime.date  # the cut-off
    reason: str = ""  # the latest word on it before the cut-off, for an overdue one

    def __getattr__(self, name):
        return getattr(self.task, name)

    @property
    def outcome(self) -> str:
        task, day = self.task, self.day
        if self.state == TaskState.DONE:
            return "done_on_time" if task.completed_on_time else "done_late"
        if self.state == TaskState.CANCELLED:
            return "cancelled"
        due = task.due_date
        handed_in = self.submitted_at is not None and timezone.localdate(self.submitted_at) <= (due or day)
        if due is not None and due < day and not (self.state == TaskState.SUBMITTED and handed_in):
            return "overdue"
        return "open_in_term"

    def get_state_display(self):
        return TaskState(self.state).label


@dataclass
class PeriodicReport:
    agency: object
    plan: object
    code: str
    cut_off: datetime.date
    progress: object
    points: object
    max_points: object
    inspections: list = field(default_factory=list)  # (inspection, state then, {finding state: n})


def _end_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _states_at(subject_type, ids, until):
    """{id: (state, last submit time)} from the history up to ``until``."""
    states, submitted = {}, {}
    for record in (TransitionRecord.objects.filter(subject_type=subject_type, subject_id__in=ids, at__lte=until)
                   .order_by("at", "id").only("subject_id", "to_state", "transition", "at")):
        states[record.subject_id] = record.to_state
        if record.transition in ("submit", "submit_remediation"):
            submitted[record.subject_id] = record.at
    return states, submitted


def periodic_report(plan, tasks, *, code, cut_off, no_office_label) -> PeriodicReport:
    until = _end_of(cut_off)
    tasks = list(tasks.filter(created_at__lte=until).select_related("field", "lead_office")
                 .order_by("code", "id"))
    states, submitted = _states_at("task", [t.pk for t in tasks], until)
    items = []
    for task in tasks:
        items.append(TaskAt(task=task, state=states.get(task.pk, TaskState.DRAFT),
                            submitted_at=submitted.get(task.pk), day=cut_off))
    late = [i for i in items if i.outcome == "overdue"]
    reasons = {}
    for comment in (Comment.objects.filter(task__in=[i.task for i in late], created_at__lte=until)
                    .order_by("created_at", "id")):
        reasons[comment.task_id] = comment.body
    for item in late:
        item.reason = reasons.get(item.task.pk, "")
    progress = progress_of(plan, items, as_of=cut_off, no_office_label=no_office_label)

    inspections = list(Inspection.objects.filter(agency=plan.agency, start_date__year=plan.year,
                                                 start_date__lte=cut_off).order_by("start_date", "id"))
    inspection_states, _ = _states_at("inspection", [i.pk for i in inspections], until)
    findings = list(Finding.objects.filter(inspection__in=inspections, created_at__lte=until))
    finding_states, _ = _states_at("finding", [f.pk for f in findings], until)
    by_inspection = {}
    for finding in findings:
        by_inspection.setdefault(finding.inspection_id, Counter())[finding_states.get(finding.pk, "open")] += 1
    score = criterion_score(plan.agency, plan.year, as_of=cut_off)
    return PeriodicReport(
        agency=plan.agency, plan=plan, code=code, cut_off=cut_off, progress=progress,
        points=score.points if score else None, max_points=score.max_points if score else None,
        inspections=[(i, inspection_states.get(i.pk, i.state), dict(by_inspection.get(i.pk, {})))
                     for i in inspections],
    )
