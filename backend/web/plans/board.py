"""The plan board: a plan's tasks, filtered, grouped by PAR field or by office, counted.

One query for the tasks (their field, office and assignee joined), one for the working
calendar; grouping and counting happen in Python over that one list, so the board costs
the same few queries for 5 tasks or 2,000.
"""
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import pgettext_lazy

from backend.accounts.models import Agency
from backend.deadlines.scan import due_within_q
from backend.plans import outcomes
from backend.plans.models import OPEN_STATES, TaskState
from backend.plans.selectors import led_or_supported_by
from backend.web.deadlines import with_days_left

# The four outcomes of the government's classification (one of them split: handed in
# within its term and awaiting review), and cancelled: backend.plans.outcomes.
OUTCOMES = outcomes.OUTCOMES

GROUP_BY = {"field": pgettext_lazy("plans", "PAR field"), "office": pgettext_lazy("plans", "office")}


def outcome_q(outcome, *, today=None, agency_ids=None) -> Q:
    """The rows whose ``Task.outcome`` is ``outcome``, as a filter the database runs."""
    today = today or timezone.localdate()
    if agency_ids is None:
        agency_ids = list(Agency.objects.values_list("pk", flat=True))
    return outcomes.TaskOutcomes(today, agency_ids).q(outcome)


def board_tasks(tasks, *, state="", office=None, outcome="", overdue=False, due_within=None, search=""):
    """``tasks`` (a visible-to-the-user queryset of one plan) narrowed by the board's filters."""
    if state:
        tasks = tasks.filter(state=state)
    if office is not None:
        # The office's tasks: those it leads and those it supports (phối hợp).
        tasks = tasks.filter(led_or_supported_by(office))
    if outcome:
        tasks = tasks.filter(outcome_q(outcome))
    if overdue:
        tasks = tasks.filter(overdue=True)
    if due_within is not None:
        tasks = tasks.filter(state__in=OPEN_STATES).filter(due_within_q(due_within))
    if search:
        tasks = tasks.filter(Q(code__icontains=search) | Q(title__icontains=search)
                             | Q(description__icontains=search))
    tasks = tasks.select_related("field", "lead_office", "assignee").order_by("code", "id")
    return with_days_left(tasks)


@dataclass
class Group:
    key: str
    label: str
    order: tuple
    tasks: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def counts(self) -> dict:
        found = dict.fromkeys(OUTCOMES, 0)
        for task in self.tasks:
            found[task.outcome] += 1
        return found

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.state == TaskState.DONE)

    @property
    def percent_done(self) -> int:
        """Done among the tasks that count (cancelled ones do not)."""
        counted = sum(1 for t in self.tasks if t.state != TaskState.CANCELLED)
        return round(100 * self.done / counted) if counted else 0


def _field_group(task):
    criterion = task.field
    name = criterion.name_en if get_language() == "en" and criterion.name_en else criterion.name
    return f"field-{criterion.pk}", f"{criterion.code}. {name}", (criterion.order, criterion.code)


def _office_group(task):
    office = task.lead_office
    if office is None:
        return "office-none", str(pgettext_lazy("plans", "no lead office yet")), ("\uffff",)
    return f"office-{office.pk}", office.name, (office.name,)


def grouped(tasks, by="field") -> list[Group]:
    """The tasks in groups (PAR field or lead office), groups in the catalogue's order."""
    key_of = _office_group if by == "office" else _field_group
    groups = {}
    for task in tasks:
        key, label, order = key_of(task)
        groups.setdefault(key, Group(key=key, label=label, order=order)).tasks.append(task)
    return sorted(groups.values(), key=lambda g: g.order)


def overall(tasks) -> Group:
    """The whole board as one group: its counts and progress."""
    return Group(key="all", label=str(pgettext_lazy("plans", "all tasks")), order=(), tasks=list(tasks))
