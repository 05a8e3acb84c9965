"""An evidence dossier (hồ sơ tài liệu kiểm chứng): one zip per agency and year, built in
the background, holding per component of the criterion the files and links that back
its points and an index workbook saying which file backs which point.

    queued ──start──▶ building ──finish──▶ ready
                          └──────fail─────▶ failed

A dossier is a derived artefact: built from the data as it stood, never edited, rebuilt
on request. The builder reports progress on the row (``items_done`` of ``items_total``)
as it goes; a build that stops reporting for ``DOSSIER_STALL_SECONDS`` has died with its
process and a new request replaces it.
"""
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def dossier_upload_to(instance, filename):
    return f"dossiers/{instance.agency_id}/{filename}"


class Dossier(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("dossier state", "waiting to be built")
        BUILDING = "building", pgettext_lazy("dossier state", "being built")
        READY = "ready", pgettext_lazy("dossier state", "ready to download")
        FAILED = "failed", pgettext_lazy("dossier state", "could not be built")

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="dossiers",
                               verbose_name=_("agency"))
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Progress, written by the builder as it goes (the last write is its heartbeat).
    items_total = models.PositiveIntegerField(_("items to go through"), default=0)
    items_done = models.PositiveIntegerField(_("items gone through"), default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # What the finished zip holds.
    file = models.FileField(_("zip file"), upload_to=dossier_upload_to, max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    files_count = models.PositiveIntegerField(_("files"), default=0)
    links_count = models.PositiveIntegerField(_("links"), default=0)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("evidence dossier")
        verbose_name_plural = _("evidence dossiers")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["agency", "year", "state"], name="dossier_agency_year_state")]

    def __str__(self):
        return f"{self.agency} {self.year} #{self.pk} ({self.state})"

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.BUILDING)

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        return int(100 * self.items_done / self.items_total) if self.items_total else 0

    def stalled(self, now=None) -> bool:
        """Queued or building, and silent for longer than a live build ever is."""
        if not self.in_progress:
            return False
        last = self.heartbeat_at or self.requested_at
        limit = datetime.timedelta(seconds=settings.DOSSIER_STALL_SECONDS)
        return last is not None and (now or timezone.now()) - last > limit

    @property
    def download_name(self) -> str:
        short = (self.agency.short_name or f"don-vi-{self.agency_id}").lower().replace(" ", "-")
        return f"ho-so-minh-chung-{short}-{self.year}.zip"

    # --- the dossier is the subject of ``dossier.*`` events --------------------------
    subject_type = "dossier"
    lock_related = ()

    @property
    def subject_label(self):
        return pgettext_lazy("subject", "evidence dossier")

    @property
    def event_agency_id(self):
        return self.agency_id

    def event_payload(self) -> dict:
        return {"year": self.year, "requested_by": self.requested_by_id}
