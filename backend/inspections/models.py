"""Reform inspections (kiểm tra CCHC) of a department's offices and their findings."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from backend.workdays.terms import term_calendar

from .machines import (
    OPEN_FINDING_STATES, FindingMachine, FindingState, InspectionMachine, InspectionState, Severity,
    may_add_evidence,
)


class Inspection(InspectionMachine):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="inspections")
    title = models.CharField(_("title"), max_length=500)
    offices = models.ManyToManyField("accounts.Office", related_name="inspections",
                                     verbose_name=_("inspected offices"))
    inspectors = models.ManyToManyField("accounts.User", related_name="inspections",
                                        verbose_name=_("inspectors"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(start_date__lte=models.F("end_date")),
                                   name="inspection_dates_in_order"),
        ]
        indexes = [models.Index(fields=["agency", "state"], name="inspection_agency_state")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({"end_date": _("the inspection cannot end before it starts")})

    # --- what the workflow service and the event log need to know -----------------
    subject_type = "inspection"
    lock_related = ("agency",)

    @property
    def event_agency_id(self):
        return self.agency_id

    def event_payload(self) -> dict:
        return {
            "title": self.title,
            "offices": sorted(o.pk for o in self.offices.all()),
            "inspectors": sorted(u.pk for u in self.inspectors.all()),
            "state": self.state,
        }


class FindingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_FINDING_STATES)


class Finding(FindingMachine):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="findings",
                               verbose_name=_("responsible office"))
    description = models.TextField(_("description"), max_length=10000)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)
    due_date = models.DateField(_("remediation due date"))
    # The plan task that carries the remediation work, if there is one.
    follow_up_task = models.ForeignKey(
        "plans.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="findings",
        verbose_name=_("follow-up task"),
    )
    # Set by the deadline scan, once, with its event; cleared on close or referral and by
    # an extension within the term. ``overdue_since``: the record of lateness (workflows.timeliness).
    overdue = models.BooleanField(_("overdue"), default=False)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection_id", "id"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="finding_state_due"),
            models.Index(fields=["overdue", "state"], name="finding_overdue_state"),
        ]

    def __str__(self):
        return self.description[:80]

    subject_type = "finding"
    lock_related = ("inspection",)

    @property
    def event_agency_id(self):
        return self.inspection.agency_id

    @cached_property
    def term_calendar(self):
        return term_calendar(self.inspection.agency_id)

    def event_payload(self) -> dict:
        """The contract the notification rules are written against: keep it exact."""
        return {
            "inspection": self.inspection_id,
            "office": self.office_id,
            "inspectors": sorted(u.pk for u in self.inspection.inspectors.all()),
            "severity": self.severity,
            "due_date": self.due_date,
            "description": self.description[:200],
            "state": self.state,
            "referred_to": self.referred_to,
        }

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_FINDING_STATES

    def may_add_evidence(self, user) -> bool:
        return may_add_evidence(self, user)


__all__ = ["Finding", "FindingState", "Inspection", "InspectionState", "Severity"]
