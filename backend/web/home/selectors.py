"""What each role's home shows, read through the domain selectors (what a user may see is
decided there, once). Every panel is a fixed number of queries, whatever the number of
tasks: lists are one query each (capped), counts are one aggregate each.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from backend.accounts.models import Role
from backend.accounts.selectors import agencies_visible_to, is_platform_admin
from backend.inspections.models import FindingState, InspectionState
from backend.inspections.selectors import findings_visible_to, inspections_visible_to, overdue_findings_q
from backend.plans.outcomes import TaskOutcomes
from backend.plans.models import OPEN_STATES as OPEN_TASK_STATES
from backend.plans.models import Task, TaskState
from backend.plans.selectors import plans_visible_to, tasks_visible_to
from backend.scoring.selectors import may_see_ranking, province_ranking, score_trend

from ..deadlines import with_days_left

# A home list shows this many; the rest is one click away (the board, the lists).
LIST_CAP = 25
MY_WORK_STATES = [TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.RETURNED]
# Supported work the lead office is doing or has handed in (a draft is nobody's yet).
SUPPORTED_STATES = [*MY_WORK_STATES, TaskState.SUBMITTED]
# A plan's state as stored (the API's value): the draft waits for the head's approval.
PLAN_DRAFT = "draft"
# Findings the responsible office has to move: acknowledge, then remedy and submit.
OFFICE_FINDING_STATES = [FindingState.OPEN, FindingState.IN_REMEDIATION]


@dataclass
class Capped:
    """A list cut at LIST_CAP; ``more``: there is more than shown."""

    items: list
    more: bool = False

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def _capped(qs, *, days_left=True) -> Capped:
    items = list(qs[:LIST_CAP + 1])
    more = len(items) > LIST_CAP
    items = items[:LIST_CAP]
    return Capped(with_days_left(items) if days_left else items, more)


def _tasks(user):
    return tasks_visible_to(user).select_related("lead_office", "assignee")


def _findings(user):
    return findings_visible_to(user)


# --- officer --------------------------------------------------------------------------

@dataclass
class Urgency:
    key: str
    tasks: list = field(default_factory=list)


def officer_home(user, today):
    """My tasks by urgency (each task once, in its most urgent group); my office's findings to act on."""
    tasks = with_days_left(
        _tasks(user).filter(assignee=user, state__in=MY_WORK_STATES).order_by("due_date", "code", "id"),
        today=today)
    due_soon_days = user.agency.due_soon_days if user.agency_id else 3
    groups = {key: Urgency(key) for key in ("overdue", "due_soon", "returned", "in_progress", "assigned")}
    for task in tasks:
        if task.outcome == "overdue":  # the one meaning (backend.plans.outcomes)
            key = "overdue"
        elif task.days_left is not None and task.days_left <= due_soon_days:
            key = "due_soon"
        else:
            key = task.state
        groups[key].tasks.append(task)
    findings = _capped(_findings(user).filter(office_id=user.office_id, state__in=OFFICE_FINDING_STATES)
                       .order_by("due_date", "id")) if user.office_id else Capped([])
    return {"urgency": list(groups.values()), "task_count": len(tasks), "due_soon_days": due_soon_days,
            "findings": findings, "supported": supported_by_my_office(user)}


def supported_by_my_office(user):
    """Open, assigned tasks that the user's office supports (đơn vị phối hợp), soonest due first."""
    if user.office_id is None:
        return Capped([])
    supported = Task.supporting_offices.through.objects.filter(office_id=user.office_id).values("task_id")
    return _capped(_tasks(user).filter(pk__in=supported, state__in=SUPPORTED_STATES)
                   .order_by("due_date", "code", "id"))


# --- department head and office head --------------------------------------------------

def _waiting(user, office_id=None):
    tasks = _tasks(user)
    if office_id is not None:
        tasks = tasks.filter(lead_office_id=office_id)
    counts = {"task_count": Count("tasks")}
    if office_id is not None:
        counts["office_task_count"] = Count("tasks", filter=Q(tasks__lead_office_id=office_id))
    drafts = plans_visible_to(user).filter(state=PLAN_DRAFT).annotate(**counts).order_by("year")
    return {
        "submitted": _capped(tasks.filter(state=TaskState.SUBMITTED).order_by("submitted_at", "id")),
        "extensions": _capped(tasks.filter(state__in=OPEN_TASK_STATES, extension_requested_until__isnull=False)
                              .order_by("extension_requested_until", "id")),
        "draft_plans": list(drafts),
    }


def _agencies(user):
    return None if is_platform_admin(user) else [user.agency_id]


def _overdue_tasks(user, today):
    agency_ids = _agencies(user)
    if agency_ids is None:
        agency_ids = list(agencies_visible_to(user).values_list("pk", flat=True))
    return _tasks(user).filter(TaskOutcomes(today, agency_ids).overdue)


def _overdue_findings(user, today):
    return _findings(user).filter(overdue_findings_q(today, _agencies(user)))


def overdue_by_office(user, today):
    """Open tasks and findings overdue (one meaning: backend.plans.outcomes), counted per office."""
    tasks = (_overdue_tasks(user, today)
             .values("lead_office_id", "lead_office__name").annotate(n=Count("id")).order_by())
    findings = (_overdue_findings(user, today)
                .values("office_id", "office__name").annotate(n=Count("id")).order_by())
    rows = {}
    for row in tasks:
        rows.setdefault(row["lead_office_id"], {"office_id": row["lead_office_id"], "name": row["lead_office__name"],
                                                "tasks": 0, "findings": 0})["tasks"] = row["n"]
    for row in findings:
        rows.setdefault(row["office_id"], {"office_id": row["office_id"], "name": row["office__name"],
                                           "tasks": 0, "findings": 0})["findings"] = row["n"]
    return sorted(rows.values(), key=lambda r: (-(r["tasks"] + r["findings"]), r["name"] or ""))


def head_home(user, today):
    return {"waiting": _waiting(user), "overdue_by_office": overdue_by_office(user, today),
            "score": score_trend(user.agency_id, today.year) if user.agency_id else None}


def office_head_home(user, today):
    overdue = _capped(_overdue_tasks(user, today).filter(lead_office_id=user.office_id).order_by("due_date", "id"))
    overdue_findings = _overdue_findings(user, today).filter(office_id=user.office_id).count()
    return {"waiting": _waiting(user, office_id=user.office_id), "overdue_tasks": overdue,
            "overdue_findings": overdue_findings, "supported": supported_by_my_office(user),
            "score": score_trend(user.agency_id, today.year) if user.agency_id else None}


# --- inspector ------------------------------------------------------------------------

def inspector_home(user, today):
    mine = _findings(user).filter(inspection__inspectors=user)
    return {
        "inspections": list(inspections_visible_to(user).filter(inspectors=user)
                            .exclude(state=InspectionState.CLOSED)[:LIST_CAP]),
        "to_verify": _capped(mine.filter(state=FindingState.REMEDIATION_SUBMITTED).order_by("due_date", "id")),
        "overdue": _capped(mine.filter(overdue_findings_q(today, _agencies(user))).order_by("due_date", "id")),
    }


# --- administrator --------------------------------------------------------------------

def admin_home(user, today):
    """The province rankings: for the province's administrator (platform admin) only; an
    agency's own admin sees none (nobody sees another agency's data)."""
    if is_platform_admin(user):
        provinces = list(agencies_visible_to(user).exclude(province="").order_by("province")
                         .values_list("province", flat=True).distinct())
    else:
        provinces = [user.agency.province] if user.agency_id and user.agency.province else []
    rankings = [{"province": p, "rows": province_ranking(p, today.year)}
                for p in provinces if may_see_ranking(user, p)]
    return {"rankings": rankings, "year": today.year}


HOMES = {
    Role.OFFICER: ("officer", officer_home),
    Role.HEAD: ("head", head_home),
    Role.OFFICE_HEAD: ("office_head", office_head_home),
    Role.INSPECTOR: ("inspector", inspector_home),
    Role.ADMIN: ("admin", admin_home),
}


def home_of(user, today=None):
    """(role key, the role's panels) for the home page."""
    today = today or timezone.localdate()
    key, build = HOMES.get(user.role, HOMES[Role.OFFICER])
    if user.agency_id is None and is_platform_admin(user):
        key, build = HOMES[Role.ADMIN]
    return key, build(user, today)
