"""``/ws/notifications/``: every open session of a user gets that user's notifications live.

Protocol (API.md):
    server → client  {"type": "notification", "id", ..., "unread_count"}
                     {"type": "unread_count", "count"}       (after read / read-all)
                     {"type": "pong"}
                     {"type": "error", "code", "message"}
    client → server  {"type": "resume", "after": <last id seen>}
                     {"type": "ping"}

No gap, no duplicate: notification ids grow in commit order (see models), and each
push carries the id of the recipient's notification before it (a batch of several for
one recipient is pushed as its newest frame, plus ``since``: the id before the batch). The consumer
remembers the last id it sent; a push that follows it directly is forwarded, a push
that does not (a dropped message, pushes racing each other) makes it read the gap
from the database, and anything at or below the last id sent is dropped. Channels
hands a consumer its messages one at a time, so a catch-up and the live pushes
behind it never interleave.

The channel layer may lose a socket's group membership (Redis restarted empty while
the socket stayed open, or was down when it joined): no push would ever reach it
again, silently. So a socket that cannot join is closed (1013, try again later: the
client reconnects and resumes), and every open socket re-joins its group every
``NOTIFICATION_REFRESH_SECONDS`` through a message to itself (so it runs in turn with
the pushes), then reads from the database whatever it may have missed meanwhile.
"""
import asyncio
import contextlib
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from backend.api.parsers import TooDeep, loads

from .push import notification_frame, user_group
from .selectors import notifications_after, unread_count_of

log = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_TRY_AGAIN_LATER = 1013
CATCH_UP_BATCH = 200
# Past a 64-bit integer the database refuses the comparison (an id never gets there).
MAX_ID = 2 ** 63 - 1


@database_sync_to_async
def _missed(user_id, after):
    batch = notifications_after(user_id, after, limit=CATCH_UP_BATCH)
    if not batch:
        return [], 0
    unread = unread_count_of(user_id)
    return [notification_frame(n, unread_count=unread) for n in batch], unread


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    user_id = None
    group = None
    # The id of the last notification this socket sent; None until the client
    # resumes or the first live one arrives (a client that never resumes wants live
    # ones only).
    last_sent = None
    refresher = None

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # A close before accept never reaches a browser as 4401: accept, then close.
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        group = user_group(user.pk)
        try:
            await self.channel_layer.group_add(group, self.channel_name)
        except Exception as error:  # noqa: BLE001  layer down: this socket would never hear a push
            log.warning("user %s: could not join %s (%s); closing, the client reconnects and resumes",
                        user.pk, group, error)
            await self.accept()
            await self.close(code=CLOSE_TRY_AGAIN_LATER)
            return
        self.user_id = user.pk
        self.language = user.language or settings.LANGUAGE_CODE
        self.group = group
        await self.accept()
        self.refresher = asyncio.ensure_future(self._refresh_periodically())

    async def _refresh_periodically(self):
        while True:
            await asyncio.sleep(settings.NOTIFICATION_REFRESH_SECONDS)
            try:
                await self.channel_layer.send(self.channel_name, {"type": "notification.refresh"})
            except Exception:  # noqa: BLE001  layer down: the receive loop fails and closes the socket
                log.info("user %s: refresh not sent", self.user_id, exc_info=True)

    async def disconnect(self, code):
        if self.refresher is not None:
            self.refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.refresher
        if self.group is not None:
            try:
                await self.channel_layer.group_discard(self.group, self.channel_name)
            except Exception:  # noqa: BLE001
                log.info("could not leave %s", self.group, exc_info=True)

    # --- client → server ---------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.user_id is None:
            return
        try:
            # Nesting past what a message needs is refused (TooDeep), not a crash (close 1011).
            content = loads(text_data if text_data is not None else bytes_data)
        except (TooDeep, TypeError, ValueError):
            await self._error("validation_error", _("messages are JSON objects"))
            return
        if not isinstance(content, dict):
            await self._error("validation_error", _("messages are JSON objects"))
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type")
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "resume":
            after = content.get("after", 0)
            if after is None:
                after = 0
            if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= MAX_ID:
                await self._error("validation_error",
                                  _("'after' is the last notification id seen (an integer ≥ 0)"))
                return
            await self._catch_up(after)
        else:
            await self._error("unknown_type", _("known message types: resume, ping"))

    async def _error(self, code, message):
        # No Accept-Language on a socket: the user's own language, as for notifications.
        with translation.override(self.language):
            text = str(message)
        await self.send_json({"type": "error", "code": code, "message": text})

    async def _catch_up(self, after):
        """Send every notification after ``after``, ascending; then live ones follow."""
        while True:
            frames, _unread = await _missed(self.user_id, after)
            for frame in frames:
                await self.send_json(frame)
                after = frame["id"]
            if len(frames) < CATCH_UP_BATCH:
                break
        self.last_sent = after

    # --- channel layer → server → client ----------------------------------------

    async def notification_push(self, message):
        frame = message["frame"]
        if self.last_sent is None:
            if "since" in message:
                # The newest of several new ones (a deadline pass): all of them are live.
                await self._catch_up(message["since"] or 0)
                return
            await self.send_json(frame)
            self.last_sent = frame["id"]
        elif frame["id"] <= self.last_sent:
            return  # sent already, by a catch-up
        elif (message.get("previous") or 0) <= self.last_sent:
            await self.send_json(frame)  # follows what this socket sent: no gap
            self.last_sent = frame["id"]
        else:
            await self._catch_up(self.last_sent)  # something in between is missing here

    async def notification_refresh(self, message):
        """Re-join the group (the layer may have lost it), then send what was missed meanwhile."""
        await self.channel_layer.group_add(self.group, self.channel_name)
        if self.last_sent is not None:
            await self._catch_up(self.last_sent)

    async def notification_unread(self, message):
        await self.send_json({"type": "unread_count", "count": message["count"]})
