"""Inspection (đợt kiểm tra CCHC): planned → in_progress → reported → closed.

Only an inspector of that very inspection moves it. It closes once every finding
raised in it is closed: the findings' remediation is what the inspection is for.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .access import same_agency


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    REPORTED = "reported", _("reported")
    CLOSED = "closed", _("closed")


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
    return list(inspection.findings.exclude(state="closed").order_by("id").values_list("id", flat=True))


def all_findings_closed(inspection) -> bool:
    return not open_finding_ids(inspection)


def _explain_open_findings(inspection):
    ids = open_finding_ids(inspection)
    listed = ", ".join(f"#{i}" for i in ids)
    return (str(_("findings %(ids)s are not closed yet") % {"ids": listed}), {"open_findings": ids})


all_findings_closed.hint = _("some findings are not closed yet")
# The workflow service calls this for the refusal's message and details.
all_findings_closed.explain = _explain_open_findings


class InspectionMachine(ConcurrentTransitionMixin, models.Model):
    state = FSMField(_("state"), default=InspectionState.PLANNED, choices=InspectionState.choices,
                     protected=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

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
    def start(self):
        self.started_at = timezone.now()

    @transition(field=state, source=InspectionState.IN_PROGRESS, target=InspectionState.REPORTED,
                permission=_inspector, custom={"event": "inspection.reported"})
    def report(self):
        self.reported_at = timezone.now()

    @transition(field=state, source=InspectionState.REPORTED, target=InspectionState.CLOSED,
                permission=_inspector, conditions=[all_findings_closed],
                custom={"event": "inspection.closed"})
    def close(self):
        self.closed_at = timezone.now()
