"""Who may import tasks into a plan: its agency's department head, while the plan is open."""
from backend.accounts.access import fetch_visible, is_department_head

from .models import PlanImport


def may_import(user, plan) -> bool:
    return is_department_head(user, plan.agency_id)


def access_plan_import(user, plan, import_id, *, lock=False) -> PlanImport:
    """An import of ``plan`` (already visible to ``user``); another plan's is NotFound."""
    return fetch_visible(PlanImport.objects.filter(plan=plan), import_id, lock=lock)
