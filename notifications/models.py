"""Notifications: one event as seen by one user, and what each user chose to hear about."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationSequence(models.Model):
    """The counter notification ids are taken from, one row.

    Ids are what a WebSocket client resumes from (``after=<last id seen>``), so they
    must grow in *commit* order: a database sequence hands out numbers at insert, and a
    transaction that commits later can hold a smaller one, which a resuming reader
    would skip forever. The row is locked ``FOR UPDATE`` by the transaction that writes
    notifications and stays locked until it commits, so ids are taken and committed in
    the same order. The lock is held only for the insert of one event's notifications.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("notification sequence")


class Notification(models.Model):
    # Assigned from NotificationSequence, in commit order (never by the database).
    id = models.BigIntegerField(primary_key=True)
    # A deadline pass writes tens of thousands of rows at once. No index of their own:
    # the unique (event, recipient) and the (recipient, id) index below lead with them.
    # No database-side check of each row against its event and recipient (one lookup
    # and row lock per row at commit: a third of the cost of the insert): notifications
    # are only written for events and active users just read, the log is append-only,
    # people are deactivated rather than deleted, and Django still cascades a deletion.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False,
        db_constraint=False,
    )
    event = models.ForeignKey("workflows.Event", on_delete=models.CASCADE, related_name="notifications",
                              db_index=False, db_constraint=False)
    event_type = models.CharField(_("event type"), max_length=64)
    subject_type = models.CharField(max_length=32)
    subject_id = models.BigIntegerField()
    # Rendered once, in the recipient's language, when the event is processed.
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        constraints = [
            # A re-delivered event never notifies anyone twice.
            models.UniqueConstraint(fields=["event", "recipient"], name="notification_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "id"], name="notification_recipient_id"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.event_type} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice for one event type. No row: the type is on (the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event_type = models.CharField(_("event type"), max_length=64)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event_type"], name="notification_preference_once"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.event_type}: {'on' if self.enabled else 'off'}"
