"""Reads of plans and tasks, scoped to what the caller may see."""
from django.db.models import Q

from backend.accounts.selectors import is_platform_admin

from .models import ReformPlan, Task


def plans_visible_to(user):
    qs = ReformPlan.objects.select_related("agency")
    return qs if is_platform_admin(user) else qs.filter(agency_id=user.agency_id)


def tasks_visible_to(user):
    qs = Task.objects.select_related("plan").prefetch_related("supporting_offices")
    return qs if is_platform_admin(user) else qs.filter(plan__agency_id=user.agency_id)


def led_or_supported_by(office) -> Q:
    """Tasks the office leads (chủ trì) or supports (phối hợp); a subquery, so no duplicates."""
    office_id = getattr(office, "pk", office)
    supported = Task.supporting_offices.through.objects.filter(office_id=office_id).values("task_id")
    return Q(lead_office_id=office_id) | Q(pk__in=supported)
