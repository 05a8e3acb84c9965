"""The leadership criterion's score per agency and year, its history and hand-scored parts.

The score is derived data: ``services.score_refresh`` recomputes it from plans, tasks,
inspections and findings (``measures.py``) with the thresholds of the catalogue
(``rules.py``). What no event can measure is recorded here by a person
(``ManualAssessment``), with evidence or a written explanation.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _



class Score(models.Model):
    """The leadership criterion (field 1) of one agency and year, as last computed.

    ``components`` holds every sub-criterion's points and measured value, not the
    evidence lists: those are read live when the API asks for them.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="scores")
    year = models.PositiveSmallIntegerField(_("year"))
    methodology = models.ForeignKey("criteria.Methodology", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey("criteria.Criterion", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)
    max_points = models.DecimalField(_("maximum points"), max_digits=7, decimal_places=2)
    components = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="score_once_per_agency_year"),
        ]

    def __str__(self):
        return f"{self.agency} {self.year}: {self.points}/{self.max_points}"

    # --- the score is the subject of ``score.changed`` events -----------------------
    subject_type = "score"

    @property
    def event_agency_id(self):
        return self.agency_id

    def event_payload(self) -> dict:
        return {"year": self.year, "criterion": self.criterion_id, "max_points": float(self.max_points),
                "methodology": self.methodology_id}


class ScoreChange(models.Model):
    """One step of the score's history: appended when the points change (and at the start)."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    points = models.DecimalField(max_digits=7, decimal_places=2)
    old_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # The event that moved it (None: a recomputation on read or by hand).
    cause = models.ForeignKey("workflows.Event", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score history")
        ordering = ["score_id", "at", "id"]

    def __str__(self):
        return f"{self.score_id} @ {self.at:%Y-%m-%d %H:%M}: {self.old_points} → {self.points}"


class ManualAssessment(models.Model):
    """Points given by a person to a component no event measures (initiatives, communication…).

    Manual components: the department head (self-assessment). Survey components: an
    administrator enters the survey result; the unit never scores them itself.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="manual_assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    criterion = models.ForeignKey("criteria.Criterion", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    explanation = models.TextField(_("explanation"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=1000, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    assessed_at = models.DateTimeField(_("assessed at"))

    class Meta:
        verbose_name = _("manual assessment")
        verbose_name_plural = _("manual assessments")
        ordering = ["agency_id", "year", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "criterion"], name="assessment_once"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="assessment_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.agency} {self.year} {self.criterion.code}: {self.points}"
