"""Finding (tồn tại, hạn chế): open → in_remediation → remediation_submitted → closed.

    open ──acknowledge──▶ in_remediation ──submit_remediation──▶ remediation_submitted ──close──▶ closed
                               ▲                                         │
                               └────────────────reopen───────────────────┘

The responsible office (its officers and head) or the department head remedies; only
an inspector of the finding's inspection verifies, closes or reopens. A finding is
created ``open`` by ``backend.inspections.services.finding_raise`` (not a transition:
there is no object before it). Overdue is a flag, as for tasks.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ..errors import ValidationFailed
from .access import is_department_head, same_agency
from .inspection import is_inspector_of
from .task import check_reason


class FindingState(models.TextChoices):
    OPEN = "open", _("open")
    IN_REMEDIATION = "in_remediation", _("in remediation")
    REMEDIATION_SUBMITTED = "remediation_submitted", _("remediation submitted")
    CLOSED = "closed", _("closed")


OPEN_FINDING_STATES = [FindingState.OPEN, FindingState.IN_REMEDIATION, FindingState.REMEDIATION_SUBMITTED]


class Severity(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


# --- who may run a transition ------------------------------------------------------

def is_responsible_for(finding, user) -> bool:
    """An officer or the head of the responsible office, or the department head."""
    agency_id = finding.inspection.agency_id
    return is_department_head(user, agency_id) or (
        same_agency(user, agency_id) and user.works_in(finding.office_id)
    )


def _responsible(finding, user) -> bool:
    return is_responsible_for(finding, user)


def _verifier(finding, user) -> bool:
    return is_inspector_of(finding.inspection, user)


# --- preconditions on what the request brings ----------------------------------------

def check_submit_remediation(finding, actor, *, note=""):
    if not (note or "").strip() and not finding.evidence.exists():
        raise ValidationFailed(
            _("attach evidence or write a note on the remediation before submitting"),
            {"note": [str(_("required when the finding has no evidence"))]},
        )


class FindingMachine(ConcurrentTransitionMixin, models.Model):
    state = FSMField(_("state"), default=FindingState.OPEN, choices=FindingState.choices, protected=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    remediation_submitted_at = models.DateTimeField(_("remediation submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    remediation_note = models.TextField(_("remediation note"), blank=True)
    # Whether the remediation that was finally accepted came by the due date (scoring).
    remediated_on_time = models.BooleanField(null=True, blank=True)

    class Meta:
        abstract = True

    # How messages name the object and each transition in the reader's language; the
    # identifiers (subject_type, transition names) stay as they are in the API and events.
    subject_label = pgettext_lazy("subject", "finding")
    transition_labels = {
        "acknowledge": pgettext_lazy("transition", "acknowledge"),
        "submit_remediation": pgettext_lazy("transition", "submit_remediation"),
        "close": pgettext_lazy("finding transition", "close"),
        "reopen": pgettext_lazy("transition", "reopen"),
    }

    @transition(field=state, source=FindingState.OPEN, target=FindingState.IN_REMEDIATION,
                permission=_responsible, custom={"event": "finding.acknowledged"})
    def acknowledge(self):
        self.acknowledged_at = timezone.now()

    @transition(field=state, source=FindingState.IN_REMEDIATION, target=FindingState.REMEDIATION_SUBMITTED,
                permission=_responsible,
                custom={"event": "finding.remediation_submitted", "check": check_submit_remediation})
    def submit_remediation(self, *, note=""):
        if note:
            self.remediation_note = note
        self.remediation_submitted_at = timezone.now()

    @transition(field=state, source=FindingState.REMEDIATION_SUBMITTED, target=FindingState.CLOSED,
                permission=_verifier, custom={"event": "finding.closed"})
    def close(self, *, comment=""):
        self.closed_at = timezone.now()
        submitted_on = timezone.localdate(self.remediation_submitted_at or self.closed_at)
        self.remediated_on_time = self.due_date is None or submitted_on <= self.due_date
        self.overdue = False

    @transition(field=state, source=FindingState.REMEDIATION_SUBMITTED, target=FindingState.IN_REMEDIATION,
                permission=_verifier, custom={"event": "finding.reopened", "check": check_reason})
    def reopen(self, *, reason):
        self.remediation_submitted_at = None


def may_add_evidence(finding, user) -> bool:
    """Those who remedy and those who verify attach evidence."""
    return is_responsible_for(finding, user) or is_inspector_of(finding.inspection, user)
