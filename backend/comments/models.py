"""Comments: the conversation on a task or a finding between the people working on it."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        # A supporting office's account of its part in the task (báo cáo phối hợp).
        CONTRIBUTION = "contribution", _("contribution of a supporting office")

    task = models.ForeignKey(
        "plans.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    finding = models.ForeignKey(
        "inspections.Finding", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"), max_length=10000)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMMENT)
    # The supporting office a contribution speaks for (None for a plain comment).
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("office"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False, finding__isnull=True)
                | models.Q(task__isnull=True, finding__isnull=False),
                name="comment_one_subject",
            ),
        ]

    def __str__(self):
        return self.body[:60]
