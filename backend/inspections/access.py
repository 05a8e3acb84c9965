"""Who may see and change inspections and findings (Zulip's ``access_*`` helpers).

``access_inspection`` / ``access_finding`` fetch within what the user may see (another
agency's object is ``NotFound``), optionally locked; the ``may_*`` predicates are the
policy of the writes that are not transitions. Services, the API and the pages ask here.
"""
from django.utils.translation import gettext as _

from backend.accounts.access import fetch_visible, is_department_head
from workflows.errors import Forbidden

from .machines import is_inspector_of, is_responsible_for, may_add_evidence
from .models import Finding, Inspection
from .selectors import findings_visible_to, inspections_visible_to

__all__ = [
    "access_finding", "access_inspection", "is_inspector_of", "is_responsible_for",
    "may_add_finding_evidence", "may_edit_inspection", "may_plan_inspection", "may_raise_finding",
    "may_edit_finding", "may_link_follow_up_task", "check_may_plan_inspection", "check_may_edit_inspection",
    "check_may_raise_findings", "check_may_edit_finding",
]


def access_inspection(user, inspection_id, *, lock=False) -> Inspection:
    return fetch_visible(inspections_visible_to(user), inspection_id, lock=lock)


def access_finding(user, finding_id, *, lock=False) -> Finding:
    return fetch_visible(findings_visible_to(user), finding_id, lock=lock)


def may_plan_inspection(user) -> bool:
    return user.is_authenticated and user.is_inspector and user.agency_id is not None


def may_edit_inspection(user, inspection) -> bool:
    return is_inspector_of(inspection, user)


def may_raise_finding(user, inspection) -> bool:
    return is_inspector_of(inspection, user)


def may_edit_finding(user, finding) -> bool:
    """Its wording: an inspector of the finding's inspection."""
    return is_inspector_of(finding.inspection, user)


def may_link_follow_up_task(user, finding) -> bool:
    """The inspectors, or the department head (who owns the plan the task is in)."""
    return may_edit_finding(user, finding) or is_department_head(user, finding.inspection.agency_id)


def may_add_finding_evidence(user, finding) -> bool:
    """Those who remedy and those who verify attach evidence."""
    return may_add_evidence(finding, user)


# --- who first: the API asks these before it reads a body, the services again ---------

def check_may_plan_inspection(user) -> None:
    if not may_plan_inspection(user):
        raise Forbidden(_("only an inspector plans inspections"))


def check_may_edit_inspection(user, inspection) -> None:
    if not may_edit_inspection(user, inspection):
        raise Forbidden(_("only an inspector of this inspection edits it"))


def check_may_raise_findings(user) -> None:
    """By role, before the body names the inspection (``may_raise_finding`` checks that one)."""
    if not may_plan_inspection(user):
        raise Forbidden(_("only an inspector of this inspection raises findings"))


def check_may_edit_finding(user, finding) -> None:
    """An inspector of it, or the department head (who may only link the follow-up task)."""
    if not may_link_follow_up_task(user, finding):
        raise Forbidden(_("only an inspector of this inspection (or the department head, for the "
                          "follow-up task) edits a finding"))
