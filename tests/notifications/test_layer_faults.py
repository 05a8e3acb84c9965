"""The channel layer failing under open sockets (found by ``bench/faults.py``'s Redis drill).

A Redis restarted empty forgets every group: a socket that stayed open would never hear
a push again, silently. And a socket that could not join at all must not stay open as
if it were live. Through the real ASGI app and real layers (in-memory and Redis; a
Redis on a closed port for the layer that is down).
"""
import socket

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.layers import InMemoryChannelLayer

from notifications.consumers import CLOSE_TRY_AGAIN_LATER
from notifications.models import Notification
from tests.api_client import Api
from tests.sockets import Socket, run

pytestmark = pytest.mark.django_db(transaction=True)


def assign(world, task):
    r = Api(world.head).transition("tasks", task.pk, "assign",
                                   {"lead_office": world.office_a.pk, "assignee": world.officer.pk})
    assert r.status_code == 200, r.json()


async def forget_groups():
    """What a Redis restarted empty does to the sockets that stayed open: no group has
    members any more (their connections are left alone: ``flush`` would close them, and
    the consumers die and reconnect, the other case)."""
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        layer.groups.clear()
        return
    connection = layer.connection(0)
    keys = await connection.keys(f"{layer.prefix}:group:*")
    assert keys
    await connection.delete(*keys)


@run
async def test_a_socket_that_stayed_open_rejoins_and_gets_what_it_missed(world, make_task, layer, settings):
    settings.NOTIFICATION_REFRESH_SECONDS = 0.3
    task = await sync_to_async(make_task)()
    officer = Socket(world.officer)
    assert await officer.connect()
    await officer.resume(0)
    assert await officer.nothing(0.2)

    await forget_groups()
    await sync_to_async(assign)(world, task)  # its push reaches nobody

    frame = await officer.receive(timeout=3)  # at the next refresh, from the database
    stored = await sync_to_async(Notification.objects.get)(recipient=world.officer)
    assert frame["id"] == stored.id and frame["event_type"] == "task.assigned"
    assert await officer.nothing(0.8)  # once: later refreshes find nothing new
    task2 = await sync_to_async(make_task)()
    await sync_to_async(assign)(world, task2)  # and live pushes reach it again
    assert (await officer.receive())["subject_id"] == task2.pk
    await officer.close()


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@run
async def test_a_socket_that_cannot_join_is_closed_to_reconnect_later(world, settings):
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [{"address": f"redis://127.0.0.1:{closed_port()}", "socket_connect_timeout": 1}]},
    }}
    officer = Socket(world.officer)
    assert await officer.connect()
    closing = await officer.comm.receive_output(timeout=5)
    assert closing == {"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER}
