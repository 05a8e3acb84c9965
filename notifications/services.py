"""Writes of the notifications app: turning an event into notifications, reading, choices."""
import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User

from . import push, rules, texts
from .models import Notification, NotificationPreference, NotificationSequence

log = logging.getLogger(__name__)

# An event older than this when it is finally processed (a long outage, a consumer
# added to an existing log) is recorded as processed without telling anyone: stale
# news is noise.
STALE_AFTER = datetime.timedelta(days=3)


class NotificationsConsumer:
    """The event-log consumer (registered in ``NotificationsConfig.ready``)."""

    name = "notifications"
    priority = 10  # people wait for these; recomputations can come after

    def handle(self, event):
        notify_event(event=event)


def recipients_of(event):
    """Users the rules name for ``event``: active, of its agency, not the actor, not opted out."""
    audience = rules.audience_filter(event)
    if audience is None or event.agency_id is None:
        return User.objects.none()
    opted_out = NotificationPreference.objects.filter(
        user=OuterRef("pk"), event_type=event.type, enabled=False
    )
    qs = User.objects.filter(audience, agency_id=event.agency_id, is_active=True).filter(~Exists(opted_out))
    if event.actor_id is not None:
        qs = qs.exclude(pk=event.actor_id)
    return qs.order_by("pk")


def _take_ids(count) -> int:
    """Reserve ``count`` notification ids; returns the first. Locks the counter to commit."""
    sequence, _created = NotificationSequence.objects.select_for_update().get_or_create(pk=1)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return first


def notify_event(*, event) -> list[Notification]:
    """Store one notification per recipient of ``event``; push them after commit.

    Idempotent: recipients that already have this event's notification are skipped
    (and the (event, recipient) unique key backs that up against a race).
    """
    if event.occurred_at < timezone.now() - STALE_AFTER:
        log.info("event #%s is stale; nobody is notified", event.pk)
        return []
    with transaction.atomic():
        already = Notification.objects.filter(event=event, recipient=OuterRef("pk"))
        recipients = list(recipients_of(event).filter(~Exists(already)).only("pk", "language"))
        if not recipients:
            return []
        actor_name = ""
        if event.actor_id is not None:
            actor = User.objects.filter(pk=event.actor_id).only("full_name", "username").first()
            actor_name = str(actor) if actor else ""
        rendered = {}
        url = texts.url_of(event)
        now = timezone.now()
        drafts = []
        for user in recipients:
            language = texts.language_of(user)
            if language not in rendered:
                rendered[language] = texts.render(event, language=language, actor_name=actor_name)
            title, body = rendered[language]
            drafts.append(Notification(
                recipient_id=user.pk, event=event, event_type=event.type,
                subject_type=event.subject_type, subject_id=event.subject_id,
                title=title, body=body, url=url, created_at=now,
            ))

        # From here to the commit the counter row is locked: keep it short.
        first = _take_ids(len(drafts))
        for offset, draft in enumerate(drafts):
            draft.id = first + offset
        # Each recipient's newest notification before these: committed, since every
        # writer before us held the counter lock until its commit.
        previous = dict(
            Notification.objects.filter(recipient_id__in=[d.recipient_id for d in drafts])
            .values("recipient_id").annotate(last=Max("id")).values_list("recipient_id", "last")
        )
        created = Notification.objects.bulk_create(drafts)
        transaction.on_commit(lambda: _push_created(created, previous), robust=True)
    return created


def _push_created(created, previous):
    recipient_ids = [n.recipient_id for n in created]
    unread = dict(
        Notification.objects.filter(recipient_id__in=recipient_ids, read_at__isnull=True)
        .values("recipient_id").annotate(n=Count("id")).values_list("recipient_id", "n")
    )
    push.push_notifications([(n, previous.get(n.recipient_id), unread.get(n.recipient_id, 0))
                             for n in created])


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_mark_read(*, user, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("only the recipient marks a notification read"))
    if notification.read_at is None:
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notification.refresh_from_db(fields=["read_at"])
        if updated:
            _push_unread_on_commit(user.pk)
    return notification


def notifications_mark_all_read(*, user) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        _push_unread_on_commit(user.pk)
    return marked


def _push_unread_on_commit(user_id):
    def send():
        push.push_unread_count(user_id, Notification.objects.filter(
            recipient_id=user_id, read_at__isnull=True).count())
    transaction.on_commit(send, robust=True)


def preferences_update(*, user, changes: dict) -> None:
    """``changes``: event type → on/off. Unknown types are refused by the caller's input check."""
    with transaction.atomic():
        for event_type, enabled in changes.items():
            if enabled:
                # On is the default: no row needed.
                NotificationPreference.objects.filter(user=user, event_type=event_type).delete()
            else:
                NotificationPreference.objects.update_or_create(
                    user=user, event_type=event_type, defaults={"enabled": False}
                )
