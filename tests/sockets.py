"""Real sockets on a real channel layer (notifications, dispatch, language tests); engine skips."""
import functools
import json
import uuid

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from knox.models import AuthToken

ORIGIN = [(b"origin", b"http://testserver")]
# The Redis layer crosses a real socket; the in-memory one answers at once.
RECEIVE_TIMEOUT = 2


def run(coroutine_function):
    """Run an async test body from a sync pytest test (pytest-django's DB fixtures are sync)."""
    @functools.wraps(coroutine_function)  # keeps the signature, so pytest passes the fixtures
    def wrapper(*args, **kwargs):
        return async_to_sync(coroutine_function)(*args, **kwargs)
    return wrapper


def redis_url():
    return getattr(settings, "REDIS_URL", "") or ""


def is_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


requires_redis = pytest.mark.skipif(
    not __import__("os").environ.get("REDIS_URL"), reason="needs REDIS_URL (channels-redis)")
requires_postgres = pytest.mark.skipif(
    not __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs DATABASE_URL=postgres://…")


def use_layer(settings_fixture, kind):
    """Point Channels at a fresh in-memory layer or a fresh Redis key space."""
    if kind == "memory":
        settings_fixture.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
        return
    if not redis_url():
        pytest.skip("needs REDIS_URL (channels-redis)")
    settings_fixture.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [{"address": redis_url(), "socket_timeout": 15, "socket_connect_timeout": 2}],
                   "prefix": f"test-{uuid.uuid4().hex[:8]}", "expiry": 10},
    }}


class Socket:
    """One browser tab's ``/ws/notifications/`` connection, driven through the real ASGI app."""

    def __init__(self, user=None, *, token=None, path="/ws/notifications/", headers=None):
        from backend.asgi import application  # noqa: PLC0415

        self.user = user
        self.path = path
        self.token = token
        self.headers = list(ORIGIN) + list(headers or [])
        self.application = application
        self.comm = None

    async def connect(self):
        path = self.path
        if self.token is None and self.user is not None:
            self.token = await sync_to_async(lambda: AuthToken.objects.create(user=self.user)[1])()
        if self.token:
            path = f"{path}?token={self.token}"
        self.comm = WebsocketCommunicator(self.application, path, headers=self.headers)
        connected, _ = await self.comm.connect(timeout=RECEIVE_TIMEOUT)
        return connected

    async def send(self, message):
        await self.comm.send_to(text_data=json.dumps(message))

    async def receive(self, timeout=RECEIVE_TIMEOUT):
        return await self.comm.receive_json_from(timeout=timeout)

    async def receive_notifications(self, count, timeout=RECEIVE_TIMEOUT):
        frames = [await self.receive(timeout) for _ in range(count)]
        assert all(f["type"] == "notification" for f in frames), frames
        return frames

    async def nothing(self, timeout=0.3):
        return await self.comm.receive_nothing(timeout=timeout)

    async def resume(self, after):
        await self.send({"type": "resume", "after": after})

    async def close(self):
        if self.comm is not None:
            await self.comm.disconnect()
