"""Reads of plans and tasks, scoped to what the caller may see."""
from backend.accounts.selectors import is_platform_admin

from .models import ReformPlan, Task


def plans_visible_to(user):
    qs = ReformPlan.objects.select_related("agency")
    return qs if is_platform_admin(user) else qs.filter(agency_id=user.agency_id)


def tasks_visible_to(user):
    qs = Task.objects.select_related("plan").prefetch_related("supporting_offices")
    return qs if is_platform_admin(user) else qs.filter(plan__agency_id=user.agency_id)
