"""The notifications' part of ``manage.py check_log`` (``workflows.reconcile``).

Each notification must tell the truth about its event and have reached the right
person, and its id must leave no hole a resuming socket could fall into:
  event      the notification's type and subject are its event's, its recipient is of
             the event's agency (anything else is a leak), and the notifications
             consumer holds the event's receipt;
  ids        ids are taken from one counter in commit order (``NotificationSequence``),
             so the stored ids are exactly 1…counter: a hole is a notification lost
             after it was numbered (or deleted), an id above the counter one the next
             writer would collide with.
"""
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Window
from django.db.models.functions import Lag

from workflows.models import ProcessedEvent
from workflows.reconcile import EXAMPLES, Gap, gap_of

from .models import Notification, NotificationSequence
from .services import NotificationsConsumer


def _numbering_gaps(first, counter):
    """Ids ``first``…``counter`` must all be there, and none above ``counter``."""
    numbered = Notification.objects.filter(id__gte=first)
    gaps = [gap_of("notifications", "id_above_counter", numbered.filter(id__gt=counter),
                   f"notification(s) numbered above the counter ({counter}): the next writer collides")]
    numbered = numbered.filter(id__lte=counter)
    span = numbered.aggregate(n=Count("id"), lo=Min("id"), hi=Max("id"))
    missing = max(0, counter - first + 1) - span["n"]
    if missing > 0:
        # The first id of each hole: before the first row, between rows, after the last.
        holes = [first] if span["lo"] is None or span["lo"] > first else []
        if span["lo"] is not None:
            after_hole = numbered.annotate(before=Window(Lag("id"), order_by=F("id").asc())).filter(
                id__gt=F("before") + 1)
            holes += [before + 1 for before in after_hole.order_by("id").values_list("before", flat=True)[:EXAMPLES + 1]]
            if span["hi"] < counter:
                holes.append(span["hi"] + 1)
        gaps.append(Gap("notifications", "id_missing", missing, tuple(holes[:EXAMPLES]),
                        f"notification id(s) of {first}…{counter} missing (first id of each hole shown)",
                        more=len(holes) > EXAMPLES))
    return gaps


def check_notifications(scope):
    notifications = Notification.objects.all()
    if scope.since:
        notifications = notifications.filter(created_at__gte=scope.since)
    receipt = ProcessedEvent.objects.filter(consumer=NotificationsConsumer.name, event=OuterRef("event_id"))
    counter = NotificationSequence.objects.filter(pk=1).values_list("last", flat=True).first() or 0
    first = 1
    if scope.since:
        first = notifications.aggregate(lo=Min("id"))["lo"] or counter + 1
    return [
        gap_of("notifications", "event_differs",
               notifications.exclude(event_type=F("event__type"), subject_type=F("event__subject_type"),
                                     subject_id=F("event__subject_id")),
               "notification(s) whose type or subject is not their event's"),
        gap_of("notifications", "recipient_outside_agency",
               notifications.exclude(recipient__agency_id=F("event__agency_id")),
               "notification(s) sent to someone outside the event's agency"),
        gap_of("notifications", "event_not_processed", notifications.filter(~Exists(receipt)),
               "notification(s) of an event the notifications consumer has no receipt for"),
        *_numbering_gaps(first, counter),
    ]
