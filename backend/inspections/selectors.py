"""Reads of inspections and findings, scoped to what the caller may see."""
from django.db.models import Count, Prefetch

from backend.accounts.selectors import is_platform_admin
from backend.workdays import terms

from .machines import OPEN_FINDING_STATES, FindingState
from .models import Finding, Inspection


def inspections_visible_to(user):
    qs = Inspection.objects.select_related("agency").prefetch_related(
        "offices", "inspectors",
        # Feeds `open_findings` and the close condition without a query per inspection.
        Prefetch("findings", to_attr="open_finding_list",
                 # `state` too: the state machine reads it when a row is loaded.
                 queryset=Finding.objects.filter(state__in=OPEN_FINDING_STATES).only("id", "inspection_id", "state")),
    ).annotate(
        findings_count=Count("findings", distinct=True),
    ).order_by("-start_date", "-id")  # an aggregate drops Meta.ordering
    return qs if is_platform_admin(user) else qs.filter(agency_id=user.agency_id)


def findings_visible_to(user):
    qs = Finding.objects.select_related("inspection", "office").prefetch_related("inspection__inspectors")
    return qs if is_platform_admin(user) else qs.filter(inspection__agency_id=user.agency_id)


def overdue_findings_q(as_of, agency_ids=None):
    """Findings overdue on ``as_of`` by the one rule (``backend.workdays.terms.overdue_q``):
    past their term or with their lateness recorded, unless remediated within the term
    and awaiting verification. ``agency_ids=None``: every agency."""
    return terms.overdue_q(as_of, terms.cutoffs(as_of, agency_ids), agency_path="inspection__agency_id",
                           open_states=OPEN_FINDING_STATES, submitted_state=FindingState.REMEDIATION_SUBMITTED)
