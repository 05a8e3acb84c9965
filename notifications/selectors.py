"""Reads of the notifications app. A user only ever sees their own notifications."""
from django.db.models import Count, Max, Q

from .models import Notification, NotificationPreference
from .rules import notified_event_types


def notifications_of(user, *, unread=None, after=None):
    """Newest first; with ``after``, the ones after that id in ascending (resume) order."""
    qs = Notification.objects.filter(recipient_id=user.pk)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    if after is not None:
        return qs.filter(id__gt=after).order_by("id")
    return qs.order_by("-id")


def notifications_after(user_id, after, *, limit=200) -> list[Notification]:
    """One batch of what a resuming socket missed, ascending."""
    return list(Notification.objects.filter(recipient_id=user_id, id__gt=after).order_by("id")[:limit])


def unread_count_of(user_id) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def preferences_of(user) -> list[dict]:
    """Every event type that can notify, with this user's choice (on unless turned off)."""
    off = set(NotificationPreference.objects.filter(user=user, enabled=False)
              .values_list("event_type", flat=True))
    return [{"event_type": t, "enabled": t not in off} for t in notified_event_types()]


def bell_of(user) -> dict:
    """The bell in one query: how many unread, and the newest id (where a socket resumes from)."""
    return Notification.objects.filter(recipient_id=user.pk).aggregate(
        unread=Count("id", filter=Q(read_at__isnull=True)), newest=Max("id"),
    )
