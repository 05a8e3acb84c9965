"""The durable record of change: the event log (outbox) and the transition history."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One state change, written in the same transaction as the change itself.

    The id increases with every insert; consumers of the log track how far they got.
    Ids are *not* commit order on PostgreSQL, which is why notifications carry a
    sequence of their own (see notifications).
    """

    type = models.CharField(max_length=64, db_index=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    subject_type = models.CharField(max_length=32)
    subject_id = models.BigIntegerField()
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["agency", "id"], name="event_agency_id"),
            models.Index(fields=["subject_type", "subject_id"], name="event_subject"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.type} {self.subject_type}:{self.subject_id}"


class TransitionRecord(models.Model):
    """One row of an object's history: which transition, from where to where, who, why."""

    subject_type = models.CharField(max_length=32)
    subject_id = models.BigIntegerField()
    transition = models.CharField(max_length=64)
    from_state = models.CharField(max_length=32)
    to_state = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    # What the transition changed besides the state (e.g. the old and new due date).
    data = models.JSONField(default=dict, blank=True)
    event = models.OneToOneField(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="transition_record"
    )

    class Meta:
        verbose_name = _("transition record")
        verbose_name_plural = _("transition history")
        ordering = ["id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "id"], name="history_subject")]

    def __str__(self):
        return f"{self.subject_type}:{self.subject_id} {self.from_state}→{self.to_state}"


class ProcessedEvent(models.Model):
    """A consumer's receipt for one event: how far that consumer got in the log.

    Written in the same transaction as the consumer's own effects, so an event is
    either processed with its marker or not at all; the unique key makes a second
    delivery (a re-run after a crash, or two dispatchers racing) a no-op. Events with
    no marker for a registered consumer are what the sweep re-dispatches.
    """

    consumer = models.CharField(max_length=64)
    # A deadline pass claims tens of thousands of receipts at once: no index of its own
    # (the unique key below leads with it) and no database-side check of each one
    # against the log (receipts are only written for events just read from it, and the
    # log is append-only; Django still cascades a deletion).
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="processed_by",
                              db_index=False, db_constraint=False)
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("processed event")
        verbose_name_plural = _("processed events")
        constraints = [
            models.UniqueConstraint(fields=["event", "consumer"], name="processed_event_once"),
        ]

    def __str__(self):
        return f"{self.consumer} ✓ event #{self.event_id}"


class SweepMark(models.Model):
    """How far back a consumer's sweep must look: every event with id ≤ ``event_id`` is
    processed by that consumer, so the sweep reads only the log after it.

    Ids are not commit order (PostgreSQL hands them out at insert), so the mark never
    passes an id that a still-open transaction may hold: it moves only up to the last
    id *seen* (``seen_id``, read at ``seen_at`` on the database clock) once no
    transaction that started before ``seen_at`` is still open. See
    ``workflows.dispatch.sweep_pending``.
    """

    consumer = models.CharField(max_length=64, primary_key=True)
    event_id = models.BigIntegerField(default=0)
    seen_id = models.BigIntegerField(default=0)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sweep mark")
        verbose_name_plural = _("sweep marks")

    def __str__(self):
        return f"{self.consumer} ≤ #{self.event_id}"
