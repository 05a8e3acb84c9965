"""Writes to inspections and findings: create, edit, raise, and their transitions.

``inspection_transition`` and ``finding_transition`` are the one entry point the API and
the pages call to move an inspection or a finding (``workflows.services.run_transition``).
Raising a finding is its first state change (nothing → ``open``), so it writes the
history row and the event itself, in the same transaction, the way the service does.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.errors import Forbidden, InvalidState, ValidationFailed
from workflows.events import emit_event
from workflows.models import Event
from workflows.services import record_change, run_transition
from workflows.updates import model_update

from .access import (
    may_edit_finding, may_edit_inspection, may_link_follow_up_task, may_plan_inspection, may_raise_finding,
)
from .machines import ACCEPTS_FINDINGS, HANDLED_FINDING_STATES, FindingState, InspectionState
from .models import Finding, Inspection

REMEDIATION_READY = "finding.remediation_ready"


def inspection_transition(inspection, name, *, actor, at=None, **params) -> Inspection:
    """Run transition ``name`` on ``inspection`` (at ``at``, default now)."""
    return run_transition(inspection, name, actor=actor, at=at, **params)


def finding_transition(finding, name, *, actor, at=None, **params) -> Finding:
    """Run transition ``name`` on ``finding`` (at ``at``, default now)."""
    return run_transition(finding, name, actor=actor, at=at, **params)


# --- inspections -------------------------------------------------------------------

def _check_team(*, agency_id, offices, inspectors, errors):
    if offices is not None:
        if not offices:
            errors["offices"] = [_("choose at least one office to inspect")]
        elif any(o.agency_id != agency_id for o in offices):
            errors["offices"] = [_("choose offices of this agency")]
    if inspectors is not None:
        if not inspectors:
            errors["inspectors"] = [_("an inspection needs at least one inspector")]
        elif any(u.agency_id != agency_id or not u.is_inspector or not u.is_active for u in inspectors):
            errors["inspectors"] = [_("inspectors must be active inspectors of this agency")]


def _check_dates(start_date, end_date, errors):
    if start_date is not None and end_date is not None and start_date > end_date:
        errors["end_date"] = [_("the inspection cannot end before it starts")]


def inspection_create(*, actor, title, offices, start_date, end_date, inspectors=None) -> Inspection:
    if not may_plan_inspection(actor):
        raise Forbidden(_("only an inspector plans inspections"))
    # The one who plans it is on the team.
    team = list({u.pk: u for u in [actor, *(inspectors or [])]}.values())
    offices = list({o.pk: o for o in offices}.values())
    errors = {}
    _check_team(agency_id=actor.agency_id, offices=offices, inspectors=team, errors=errors)
    _check_dates(start_date, end_date, errors)
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        inspection = Inspection.objects.create(
            agency_id=actor.agency_id, title=title, start_date=start_date, end_date=end_date,
            created_by=actor,
        )
        inspection.offices.set(offices)
        inspection.inspectors.set(team)
    return inspection


INSPECTION_FIELDS = {"title", "offices", "inspectors", "start_date", "end_date"}  # while planned


def inspection_update(*, inspection, actor, data) -> Inspection:
    if not may_edit_inspection(actor, inspection):
        raise Forbidden(_("only an inspector of this inspection edits it"))
    if inspection.state != InspectionState.PLANNED:
        raise InvalidState(_("an inspection is edited while it is planned"), state=inspection.state)
    if not data:
        return inspection
    offices, inspectors = data.get("offices"), data.get("inspectors")
    errors = {}
    _check_team(agency_id=inspection.agency_id, offices=offices, inspectors=inspectors, errors=errors)
    _check_dates(data.get("start_date", inspection.start_date), data.get("end_date", inspection.end_date),
                 errors)
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        model_update(inspection, data, INSPECTION_FIELDS)
    return inspection


# --- findings ----------------------------------------------------------------------

def finding_raise(*, actor, inspection, office, description, severity, due_date, raised_on=None,
                  at=None) -> Finding:
    """Record a finding against an inspected office: ``open``, with history and event.

    ``at`` (default now) is the moment it is recorded (history and event), ``raised_on``
    (default: ``at``'s day) the day; only code that writes down a past inspection (the
    demo) gives others. The due date cannot precede that day.
    """
    at = at or timezone.now()
    raised_on = raised_on or timezone.localdate(at)
    with transaction.atomic():
        # Locked so that the inspection cannot close between this check and the insert.
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if not may_raise_finding(actor, locked):
            raise Forbidden(_("only an inspector of this inspection raises findings"))
        if locked.state not in ACCEPTS_FINDINGS:
            raise InvalidState(
                _("findings are raised while the inspection is in progress or reported"), state=locked.state
            )
        errors = {}
        if not locked.offices.filter(pk=office.pk).exists():
            errors["office"] = [_("choose one of the inspected offices")]
        if due_date < raised_on:
            errors["due_date"] = [_("the remediation due date cannot be in the past")]
        if errors:
            raise ValidationFailed(details=errors)
        finding = Finding.objects.create(
            inspection=locked, office=office, description=description, severity=severity,
            due_date=due_date, created_by=actor,
        )
        record_change(finding, event_type="finding.raised", transition="raise", from_state="", actor=actor, at=at)
    return finding


EDITABLE_WHILE_OPEN = {"description", "severity"}
# What finding_update writes: the above and the follow-up task (a due date moves by 'extend').
FINDING_FIELDS = EDITABLE_WHILE_OPEN | {"follow_up_task"}


def finding_update(*, finding, actor, data) -> Finding:
    """Edit the wording (inspector, while ``open``) or link the follow-up task.

    The due date is not edited here: it moves by the ``extend`` transition, which keeps
    the old and new date in history and emits ``finding.deadline_extended``.
    """
    if not data:
        return finding
    inspection = finding.inspection
    if not (may_edit_finding(actor, finding)
            or (set(data) == {"follow_up_task"} and may_link_follow_up_task(actor, finding))):
        raise Forbidden(_("only an inspector of this inspection (or the department head, for the "
                                 "follow-up task) edits a finding"))
    if finding.state in HANDLED_FINDING_STATES:
        raise InvalidState(_("a closed finding cannot be edited"), state=finding.state)
    errors = {}
    if set(data) & EDITABLE_WHILE_OPEN and finding.state != FindingState.OPEN:
        for name in set(data) & EDITABLE_WHILE_OPEN:
            errors[name] = [_("fixed once the office has acknowledged the finding")]
    if "due_date" in data:
        errors["due_date"] = [_("the due date changes only by the transition 'extend' (with a reason)")]
    task = data.get("follow_up_task")
    if task is not None and task.plan.agency_id != inspection.agency_id:
        errors["follow_up_task"] = [_("choose a task of this agency's plan")]
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        model_update(finding, data, FINDING_FIELDS)
        # Linked to work that is already done: the office may submit right away.
        if task is not None and task.state == "done":
            finding_announce_remediation_ready(finding=finding, task=task)
    return finding


def finding_announce_remediation_ready(*, finding, task) -> Event | None:
    """Tell the finding's office that its follow-up task is done: once per finding and task."""
    with transaction.atomic():
        locked = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
        if locked.state not in (FindingState.OPEN, FindingState.IN_REMEDIATION):
            return None
        if locked.follow_up_task_id != task.pk:
            return None
        # The finding's row lock makes this check-then-insert safe against a second delivery.
        already = Event.objects.filter(
            type=REMEDIATION_READY, subject_type=locked.subject_type, subject_id=locked.pk,
            payload__task=task.pk,
        ).exists()
        if already:
            return None
        return emit_event(
            type=REMEDIATION_READY, subject=locked, actor=None,
            payload={"task": task.pk, "task_code": task.code, "task_title": task.title},
        )
