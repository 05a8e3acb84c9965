"""The PAR Index criteria catalogue: data, versioned by the decision that defines it."""
from django.db import models
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .schedules import schedule_errors


class Methodology(models.Model):
    """One published scoring method (e.g. a province's decision for its departments)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    decision = models.CharField(_("decision"), max_length=128, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # A template is our own assumption-based data set that an administrator replaces
    # with the province's decision; the UI and API say so.
    is_template = models.BooleanField(_("is a template"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """A field (lĩnh vực, no parent), criterion or sub-criterion of a methodology."""

    class RuleKind(models.TextChoices):
        SUM = "sum", _("sum of the sub-criteria")
        TIMELINESS = "timeliness", _("on time / late / missing")
        YES_NO = "yes_no", _("yes or no")
        RATE_BANDS = "rate_bands", _("rate in bands")
        PROPORTIONAL = "proportional", _("proportional rate above a floor")
        ALL_OF = "all_of", _("every required item on time")
        MANUAL = "manual", _("scored by hand with evidence")
        SURVEY = "survey", _("from the sociological survey")

    methodology = models.ForeignKey(Methodology, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    order = models.PositiveIntegerField(default=0)
    rule_kind = models.CharField(max_length=16, choices=RuleKind.choices, default=RuleKind.SUM)
    # Thresholds and what the rule measures: data, read by the scoring code. The schema
    # (the scoring code relies on it exactly; fixtures/criteria.json follows it):
    #
    #   {"measure": "<name>", ...per rule_kind...}
    #
    #   sum           {}  (no measure: the points are the children's; they add up to max_points)
    #   timeliness    {"measure", "on_time": pts, "late": pts, "missing": pts}
    #   yes_no        {"measure", "yes": pts, "no": 0}
    #   rate_bands    {"measure", "bands": [{"min": 0.9, "inclusive": false, "points": 2},
    #                                       {"min": 0.7, "inclusive": true, "points": 1}],
    #                  "otherwise": 0}
    #                 bands ordered high → low; the first band whose edge the rate passes
    #                 (rate > min, or rate >= min when inclusive) gives its points.
    #   proportional  {"measure", "floor": 0.5}  points = max_points × rate if rate >= floor, else 0
    #   all_of        {"measure"}  every required item on time → max_points, else 0. For
    #                 reports_on_time it may list the periodic reports and their due dates
    #                 (month-day of the plan's year): "reports": [{"code": "Q1",
    #                 "name": "Báo cáo CCHC quý I", "due": "03-20"}, ...]
    #   manual        {"measure"} or {}  scored by a person with evidence or a written reason
    #   survey        {"measure"}  filled in from the sociological survey, never self-scored
    #
    # Any measured rule may add "if_none": the points when there is nothing to measure
    # (a number, "max", or {"points": "max", "requires": "<fact>", "otherwise": 0}: the
    # points only when the measurement's fact holds, e.g. "inspection_carried_out").
    #
    # Any rule of a measure that counts tasks (plan_completion_rate, tasks_on_time_rate,
    # reports_on_time) may say what a task cancelled after its due date does:
    #   "cancelled_after_due": "against" (the default: late / not done) | "not_counted"
    #
    # A field whose components the catalogue does not break down is ``manual`` with {}.
    # Measures: plan_issued, plan_coverage, plan_results_defined, plan_completion_rate,
    # tasks_on_time_rate, reports_on_time, reports_complete, inspection_coverage,
    # findings_remedied_rate, communication, initiatives, head_responsibility.
    rule = models.JSONField(default=dict, blank=True)
    # [verified] / [reported] / [assumed], as in the method notes.
    provenance = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["methodology_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="criterion_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class ScoringConfig(models.Model):
    """How one agency's plan year is scored, when it differs from the defaults.

    Methodology: this row's, else ``Agency.methodology``. Report schedule: this row's,
    else the ``reports`` listed in the methodology's reports rule, else the national
    guidance (581/BNV-CCHC, ``backend.criteria.schedules.NATIONAL_REPORT_SCHEDULE``).
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="scoring_configs")
    year = models.PositiveSmallIntegerField(_("year"))
    methodology = models.ForeignKey(
        "criteria.Methodology", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("methodology"),
    )
    # The day the agency's plan for the year must be issued by: the province sets it, not
    # the department it scores (plans take it; services.plan_create / plan_update).
    plan_issue_deadline = models.DateField(_("plan issue deadline"), null=True, blank=True)
    # [{"code": "Q1", "name": "Báo cáo CCHC quý I", "due": "03-20"}, ...]: month-day in the year.
    report_schedule = models.JSONField(_("report schedule"), default=list, blank=True)

    class Meta:
        db_table = "scoring_scoringconfig"  # created by scoring's first migration; moved here as reference data
        verbose_name = _("scoring configuration")
        verbose_name_plural = _("scoring configurations")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="scoring_config_once_per_year"),
        ]

    def __str__(self):
        return f"{self.agency} {self.year}"

    def clean(self):
        errors = schedule_errors(self.report_schedule)
        if errors:
            raise ValidationError({"report_schedule": errors})


class ReportSchedule(models.Model):
    """When the periodic reform reports are due, set by a province for its departments or
    for one agency (month-day in the plan year; par-index-method.md §9).

    Which applies to an agency's plan year (``backend.criteria.schedules.effective_report_schedule``):
    its ``ScoringConfig`` for the year, else its own row here, else its province's row
    (departments only: the province itself reports on the national dates), else the
    methodology's reports list, else the national guidance.
    """

    province = models.CharField(_("province"), max_length=128, blank=True,
                                help_text=_("for every department of this province (leave empty for one agency)"))
    agency = models.OneToOneField("accounts.Agency", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="report_schedule", verbose_name=_("agency"))
    # [{"code": "Q1", "name": "Báo cáo CCHC quý I", "due": "03-05"}, ...]
    reports = models.JSONField(_("reports"), default=list)
    # The document that sets the dates, as an appraiser would cite it.
    decided_by = models.CharField(_("set by (document)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["province", "agency_id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(agency__isnull=True) & ~models.Q(province=""))
                | (models.Q(agency__isnull=False) & models.Q(province="")),
                name="report_schedule_province_or_agency"),
            models.UniqueConstraint(fields=["province"], condition=models.Q(agency__isnull=True),
                                    name="report_schedule_once_per_province"),
        ]

    def __str__(self):
        return str(self.agency) if self.agency_id else self.province

    def clean(self):
        errors = {}
        if bool(self.agency_id) == bool(self.province.strip()):
            errors["province"] = _("name either a province or an agency")
        problems = schedule_errors(self.reports)
        if problems:
            errors["reports"] = problems
        if errors:
            raise ValidationError(errors)
