"""Comments: the conversation on a task or a finding between the people working on it."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.subjects import SubjectPair


class Comment(SubjectPair):
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("text"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(SubjectPair.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]
