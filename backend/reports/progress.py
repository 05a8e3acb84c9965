"""A plan's progress as a report counts it: by PAR field and by lead office, per state
and outcome, with completion and on-time rates and the list of overdue tasks.

Every count comes from the task's own ``state`` and ``outcome`` (the one rule, in the
plans app), read in one query; the same numbers as the plan board and the task API.
"""
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from backend.plans.machines import TaskState

OUTCOMES = ("done_on_time", "done_late", "open_in_term", "overdue", "cancelled")


@dataclass
class Line:
    label: str
    states: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    total: int = 0

    def add(self, task):
        self.total += 1
        self.states[task.state] = self.states.get(task.state, 0) + 1
        self.outcomes[task.outcome] = self.outcomes.get(task.outcome, 0) + 1

    @property
    def counted(self) -> int:
        """Tasks that count: all but the cancelled."""
        return self.total - self.outcomes.get("cancelled", 0)

    @property
    def done(self) -> int:
        return self.states.get(TaskState.DONE, 0)

    @property
    def completion_rate(self) -> Decimal | None:
        """Done among the tasks that count, in percent (one decimal)."""
        return _percent(self.done, self.counted)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Done on time among the done, in percent."""
        return _percent(self.outcomes["done_on_time"], self.done)


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class ProgressReport:
    plan: object
    as_of: datetime.date
    total: Line
    by_field: list
    by_office: list
    overdue: list  # tasks, oldest due date first


def plan_progress(plan, tasks, *, as_of: datetime.date, no_office_label: str) -> ProgressReport:
    """The report of ``plan`` over ``tasks`` (its tasks the reader may see)."""
    tasks = list(tasks.select_related("field", "lead_office", "assignee").order_by("code", "id"))
    total = Line(label="")
    fields, offices = {}, {}
    for task in tasks:
        total.add(task)
        f = task.field
        fields.setdefault((f.order, f.code, f.pk), Line(label=f"{f.code}. {f.name}")).add(task)
        office = task.lead_office
        key = (office.name, office.pk) if office else ("\uffff", 0)
        offices.setdefault(key, Line(label=office.name if office else no_office_label)).add(task)
    overdue = sorted((t for t in tasks if t.outcome == "overdue"), key=lambda t: (t.due_date, t.code))
    return ProgressReport(plan=plan, as_of=as_of, total=total,
                          by_field=[fields[k] for k in sorted(fields)],
                          by_office=[offices[k] for k in sorted(offices)], overdue=overdue)
