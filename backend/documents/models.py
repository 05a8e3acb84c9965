"""A signed document (văn bản): what appraisers check, and where the dates that count come from.

A plan is issued by its signed plan document, a report is sent by its outgoing document,
a task a superior assigned points at the assigning document, a task of an issued plan is
dropped by an amendment, an inspection ends with its conclusion notice. Each is recorded
once, in the agency's register, and referred to by id.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def document_upload_to(instance, filename):
    # Ids, not names, in the path: names come from users and may collide.
    return f"documents/{instance.agency_id}/{filename}"


class Document(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", pgettext_lazy("document kind", "plan")
        REPORT = "report", pgettext_lazy("document kind", "report")
        ASSIGNMENT = "assignment", pgettext_lazy("document kind", "assignment of tasks")
        AMENDMENT = "amendment", pgettext_lazy("document kind", "plan amendment")
        CONCLUSION = "conclusion", pgettext_lazy("document kind", "inspection conclusion notice")
        OTHER = "other", pgettext_lazy("document kind", "other")

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="documents")
    # The number and symbol as written on the document: "125/KH-SXD".
    number = models.CharField(_("number and symbol"), max_length=100)
    date = models.DateField(_("date signed"))
    issuer = models.CharField(_("issuing body"), max_length=255)
    summary = models.TextField(_("summary"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    url = models.URLField(_("link"), max_length=2000, blank=True)
    file = models.FileField(_("scan"), upload_to=document_upload_to, max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["agency", "date"], name="document_agency_date")]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"
