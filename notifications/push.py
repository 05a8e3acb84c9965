"""Live push over the channel layer: best effort by design.

Runs only after the notifications' transaction has committed. The channel layer
may drop a message (capacity, expiry, a Redis restart) or be down altogether; a
failure here is logged and swallowed, because the stored notification plus the
WebSocket ``resume`` protocol is what makes delivery complete.
"""
import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


def user_group(user_id) -> str:
    return f"user.{user_id}"


def notification_frame(notification, *, unread_count) -> dict:
    """The WebSocket message for one notification (API.md, ``/ws/notifications/``)."""
    return {
        "type": "notification",
        "id": notification.id,
        "event_type": notification.event_type,
        "title": notification.title,
        "body": notification.body,
        "url": notification.url,
        "subject_type": notification.subject_type,
        "subject_id": notification.subject_id,
        # Local time with its offset, as the REST API renders it.
        "created_at": timezone.localtime(notification.created_at).isoformat(),
        "unread_count": unread_count,
    }


def push_notifications(pushes):
    """``pushes``: (notification, previous id of that recipient or None, unread count[,
    since]).

    ``previous`` lets a socket that has sent everything up to ``previous`` forward
    the frame directly; any other socket reads the gap from the database first.
    ``since`` (default ``previous``): the recipient's last id before the batch this
    frame ends, from which a socket that has sent nothing yet reads the batch.
    """
    messages = []
    for n, previous, unread, *since in pushes:
        message = {"type": "notification.push", "previous": previous,
                   "frame": notification_frame(n, unread_count=unread)}
        if since and since[0] != previous:
            message["since"] = since[0]
        messages.append((user_group(n.recipient_id), message))
    _send(messages)


def push_unread_count(user_id, count):
    """Tell every open session of a user that their unread count changed (read, read-all)."""
    _send([(user_group(user_id), {"type": "notification.unread", "count": count})])


def _send(messages):
    if not messages:
        return
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all():
        await asyncio.wait_for(
            asyncio.gather(*(layer.group_send(group, message) for group, message in messages)),
            timeout=settings.NOTIFICATION_PUSH_TIMEOUT,
        )

    try:
        # One loop for the whole fan-out: one Redis connection, not one per recipient.
        async_to_sync(send_all)()
    except Exception:  # noqa: BLE001  Redis down or slow: resume delivers later
        log.warning("live push of %d message(s) failed; clients will get them by resume",
                    len(messages), exc_info=True)
