"""Per-agency (or national) corrections to the Vietnamese working-day calendar."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One date whose working status differs from the national calendar.

    The national calendar is weekends plus the public holidays of the ``holidays``
    package (lunar ones included). An override without an agency corrects it for
    everyone (e.g. a swap day the government announced after the package was released);
    one with an agency applies to that agency only and wins over a national one.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("declared day off")
        WORKING_DAY = "working_day", _("working day (e.g. a compensatory Saturday)")

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, null=True, blank=True,
        related_name="calendar_overrides", verbose_name=_("agency"),
        help_text=_("empty: applies to every agency"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "date"], name="override_unique_agency_date"),
            # NULLs are distinct in a unique index: national dates need their own.
            models.UniqueConstraint(fields=["date"], condition=models.Q(agency__isnull=True),
                                    name="override_unique_national_date"),
        ]
        indexes = [models.Index(fields=["date"], name="override_date")]

    def __str__(self):
        scope = self.agency or _("national")
        return f"{self.date} {self.get_kind_display()} ({scope})"

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.WORKING_DAY
