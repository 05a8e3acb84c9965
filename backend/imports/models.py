"""A plan import: the workbook's rows as they will be imported, until someone confirms."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanImport(models.Model):
    class State(models.TextChoices):
        PREVIEW = "preview", _("preview, not imported")
        IMPORTED = "imported", _("imported")

    plan = models.ForeignKey("plans.ReformPlan", on_delete=models.CASCADE, related_name="imports",
                             verbose_name=_("plan"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PREVIEW)
    file_name = models.CharField(_("file name"), max_length=255)
    sheet = models.CharField(_("sheet"), max_length=255, blank=True)
    # What the preview showed: the rows to create (ids of offices and fields, read
    # again at confirmation), the problems that block it and the warnings that do not.
    rows = models.JSONField(_("rows"), default=list)
    problems = models.JSONField(_("problems"), default=list)
    warnings = models.JSONField(_("warnings"), default=list)
    addition = models.BooleanField(_("adds to an issued plan"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    tasks = models.ManyToManyField("plans.Task", blank=True, related_name="+", verbose_name=_("tasks created"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")

    def __str__(self):
        return f"{self.file_name} → {self.plan}"

    @property
    def can_confirm(self) -> bool:
        return self.state == self.State.PREVIEW and bool(self.rows) and not self.problems
