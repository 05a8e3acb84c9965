"""Evidence (tài liệu kiểm chứng): a file or a link attached to a task or a finding, with who and when."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.subjects import SubjectPair


def evidence_upload_to(instance, filename):
    # Ids, not names, in the path: names come from users and may collide.
    return f"evidence/{instance.subject_type}/{instance.subject_id}/{filename}"


class Evidence(SubjectPair):
    class Kind(models.TextChoices):
        FILE = "file", _("file")
        LINK = "link", _("link")
        # A signed document of the agency's register (văn bản): the evidence points at it.
        DOCUMENT = "document", _("document")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence",
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    name = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta(SubjectPair.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name or self.url
