"""The state machines of inspections and findings: states, transitions, who may run them.

Abstract models that ``Inspection`` and ``Finding`` inherit; the methods are pure (the
moment comes in as ``at``, given by the service), and
``services.inspection_transition`` / ``finding_transition`` are the entry points.

Inspection (đợt kiểm tra CCHC): planned → in_progress → reported → closed.

Only an inspector of that very inspection moves it. It closes once every finding
raised in it is closed: the findings' remediation is what the inspection is for.

Finding (tồn tại, hạn chế): open → in_remediation → remediation_submitted → closed.

    open ──acknowledge──▶ in_remediation ──submit_remediation──▶ remediation_submitted ──close──▶ closed
                               ▲                                         │
                               └────────────────reopen───────────────────┘

    any open state ──extend──▶ (same state, a later due date; the overdue flag cleared when
                               extended within the term, kept with its date when after it)
    any open state ──refer──▶ referred (kiến nghị cấp có thẩm quyền xử lý: beyond the
                              department's power; counts as handled, like closed)

The responsible office (its officers and head) or the department head remedies; only
an inspector of the finding's inspection verifies, closes or reopens. The remediation
term moves only by ``extend`` (the department head, as for tasks, with a reason; history
keeps the old and new date), never by editing the finding. A finding is created ``open`` by ``backend.inspections.services.finding_raise`` (not a transition:
there is no object before it). Overdue is a flag, as for tasks.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from backend.accounts.access import is_department_head, same_agency
from backend.documents.access import check_document
from backend.plans.machines import check_extend, check_reason
from workflows.concurrency import ConcurrentTransitions
from workflows.errors import ValidationFailed
from workflows import timeliness


class InspectionState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("inspection state", "planned")
    IN_PROGRESS = "in_progress", _("in progress")
    REPORTED = "reported", pgettext_lazy("inspection state", "reported")
    CLOSED = "closed", pgettext_lazy("inspection state", "closed")


# Findings are raised while the inspectors are at work or writing up.
ACCEPTS_FINDINGS = [InspectionState.IN_PROGRESS, InspectionState.REPORTED]


def is_inspector_of(inspection, user) -> bool:
    """An inspector of the agency who is on this inspection's team."""
    if not (same_agency(user, inspection.agency_id) and user.is_inspector):
        return False
    # `.all()` uses the prefetch cache on lists: no query per inspection.
    return any(member.pk == user.pk for member in inspection.inspectors.all())


def _inspector(inspection, user) -> bool:
    return is_inspector_of(inspection, user)


def open_finding_ids(inspection) -> list[int]:
    """Ids of the inspection's findings that are not closed yet."""
    prefetched = getattr(inspection, "open_finding_list", None)
    if prefetched is not None:
        return sorted(f.pk for f in prefetched)
    return list(inspection.findings.filter(state__in=OPEN_FINDING_STATES).order_by("id")
                .values_list("id", flat=True))


def all_findings_closed(inspection) -> bool:
    return not open_finding_ids(inspection)


def _explain_open_findings(inspection):
    ids = open_finding_ids(inspection)
    listed = ", ".join(f"#{i}" for i in ids)
    return (str(_("findings %(ids)s are not closed yet") % {"ids": listed}), {"open_findings": ids})


all_findings_closed.hint = _("some findings are not closed yet")
# The workflow service calls this for the refusal's message and details.
all_findings_closed.explain = _explain_open_findings


def check_report(inspection, actor, *, document=None):
    """The conclusion notice (thông báo kết luận kiểm tra), when given: of this agency, not
    dated ahead. Optional in the API (its contract lists no body for ``report``); the pages
    ask for it."""
    check_document(document, agency_id=inspection.agency_id, required=False)


class InspectionMachine(ConcurrentTransitions, models.Model):
    state = FSMField(_("state"), default=InspectionState.PLANNED, choices=InspectionState.choices,
                     protected=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The conclusion notice (thông báo kết luận kiểm tra): the inspection is concluded on its date.
    conclusion_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("conclusion notice"),
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)

    class Meta:
        abstract = True

    # How messages name the object and each transition in the reader's language; the
    # identifiers (subject_type, transition names) stay as they are in the API and events.
    subject_label = pgettext_lazy("subject", "inspection")
    transition_labels = {
        "start": pgettext_lazy("transition", "start"),
        "report": pgettext_lazy("transition", "report"),
        "close": pgettext_lazy("transition", "close"),
    }

    @transition(field=state, source=InspectionState.PLANNED, target=InspectionState.IN_PROGRESS,
                permission=_inspector, custom={"event": "inspection.started"})
    def start(self, *, at):
        self.started_at = at

    @transition(field=state, source=InspectionState.IN_PROGRESS, target=InspectionState.REPORTED,
                permission=_inspector, custom={"event": "inspection.reported", "check": check_report,
                                               "carries": ("document",),
                                               "tracks": ("conclusion_document_id", "concluded_on")})
    def report(self, *, at, document=None):
        self.reported_at = at
        if document is not None:
            self.conclusion_document = document
            self.concluded_on = document.date

    @transition(field=state, source=InspectionState.REPORTED, target=InspectionState.CLOSED,
                permission=_inspector, conditions=[all_findings_closed],
                custom={"event": "inspection.closed"})
    def close(self, *, at):
        self.closed_at = at


# --- findings -------------------------------------------------------------------------

class FindingState(models.TextChoices):
    OPEN = "open", _("open")
    IN_REMEDIATION = "in_remediation", _("in remediation")
    REMEDIATION_SUBMITTED = "remediation_submitted", _("remediation submitted")
    CLOSED = "closed", pgettext_lazy("finding state", "closed")
    REFERRED = "referred", _("referred to the competent authority")


OPEN_FINDING_STATES = [FindingState.OPEN, FindingState.IN_REMEDIATION, FindingState.REMEDIATION_SUBMITTED]
# A finding ends remedied (closed) or referred to the competent authority; both are
# handled (par-index-method.md §9), for the inspection's closing and for the score.
HANDLED_FINDING_STATES = [FindingState.CLOSED, FindingState.REFERRED]


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


def _term_setter(finding, user) -> bool:
    """Who moves a remediation term once it is set: the department head, as for a task's
    ``extend`` (the inspectors set it when they raise the finding, and then verify)."""
    return is_department_head(user, finding.inspection.agency_id)


# --- preconditions on what the request brings ----------------------------------------

def check_submit_remediation(finding, actor, *, note=""):
    if not (note or "").strip() and not finding.evidence.exists():
        raise ValidationFailed(
            _("attach evidence or write a note on the remediation before submitting"),
            {"note": [str(_("required when the finding has no evidence"))]},
        )


def check_refer(finding, actor, *, authority="", reason=""):
    errors = {}
    if not (authority or "").strip():
        errors["authority"] = [str(_("name the competent authority the finding is referred to"))]
    if not (reason or "").strip():
        errors["reason"] = [str(_("a reason is required"))]
    if errors:
        raise ValidationFailed(_("the referral is incomplete"), errors)


class FindingMachine(ConcurrentTransitions, models.Model):
    state = FSMField(_("state"), default=FindingState.OPEN, choices=FindingState.choices, protected=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    remediation_submitted_at = models.DateTimeField(_("remediation submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    remediation_note = models.TextField(_("remediation note"), blank=True)
    # Whether the remediation that was finally accepted came by the due date (scoring).
    remediated_on_time = models.BooleanField(null=True, blank=True)
    # Referred to the competent authority (kiến nghị cấp có thẩm quyền xử lý): to whom, when.
    referred_to = models.CharField(_("referred to"), max_length=255, blank=True)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)

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
        "extend": pgettext_lazy("transition", "extend"),
        "refer": pgettext_lazy("transition", "refer"),
    }

    @transition(field=state, source=FindingState.OPEN, target=FindingState.IN_REMEDIATION,
                permission=_responsible, custom={"event": "finding.acknowledged"})
    def acknowledge(self, *, at):
        self.acknowledged_at = at

    @transition(field=state, source=FindingState.IN_REMEDIATION, target=FindingState.REMEDIATION_SUBMITTED,
                permission=_responsible,
                custom={"event": "finding.remediation_submitted", "check": check_submit_remediation})
    def submit_remediation(self, *, at, note=""):
        if note:
            self.remediation_note = note
        self.remediation_submitted_at = at
        # Handed in after its term: the lateness stays in the record (workflows.timeliness).
        if not timeliness.on_time(at, self.due_date, self.term_calendar):
            self._record_lateness()

    @transition(field=state, source=FindingState.REMEDIATION_SUBMITTED, target=FindingState.CLOSED,
                permission=_verifier, custom={"event": "finding.closed"})
    def close(self, *, at, comment=""):
        self.closed_at = at
        self.remediated_on_time = self.overdue_since is None and timeliness.on_time(
            self.remediation_submitted_at or self.closed_at, self.due_date, self.term_calendar)
        self.overdue = False

    @transition(field=state, source=FindingState.REMEDIATION_SUBMITTED, target=FindingState.IN_REMEDIATION,
                permission=_verifier, custom={"event": "finding.reopened", "check": check_reason})
    def reopen(self, *, at, reason):
        self.remediation_submitted_at = None

    # Beyond the department's power to remedy: the inspectors, who verify and close,
    # record that it went to the competent authority (counted as handled).
    @transition(field=state, source=OPEN_FINDING_STATES, target=FindingState.REFERRED,
                permission=_verifier, custom={"event": "finding.referred", "check": check_refer})
    def refer(self, *, at, authority, reason):
        self.referred_to = authority.strip()
        self.referred_at = at
        self.overdue = False

    # target=None: the state stays; only the due date moves (the old one stays in history).
    @transition(field=state, source=OPEN_FINDING_STATES, target=None,
                permission=_term_setter, custom={"event": "finding.deadline_extended", "check": check_extend,
                                                 "tracks": ("due_date", "overdue", "overdue_since")})
    def extend(self, *, at, due_date, reason):
        # Within the term: a new term, judged afresh. After it: the lateness stays.
        if timeliness.past_term(self.due_date, timeliness.day_of(at), self.term_calendar):
            self._record_lateness()
        else:
            self.overdue = False
            self.overdue_since = None
        self.due_date = due_date

    def _record_lateness(self):
        if self.overdue_since is None and self.due_date is not None:
            self.overdue_since = timeliness.overdue_since(self.due_date, self.term_calendar)


def may_add_evidence(finding, user) -> bool:
    """Those who remedy and those who verify attach evidence."""
    return is_responsible_for(finding, user) or is_inspector_of(finding.inspection, user)
