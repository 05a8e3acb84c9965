"""``/ws/notifications/`` through the real ASGI app, on the in-memory layer and on Redis.

Every change goes through the HTTP API (the workflow service), so the path under
test is the product's: commit → dispatch → notification rows → push → socket.
"""
import asyncio
import datetime

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction
from django.utils import timezone

from tests.factories.notifications import NotificationFactory
from notifications.models import Notification
from tests.api_client import Api
from workflows.services import run_transition

from tests.sockets import Socket, run

pytestmark = pytest.mark.django_db(transaction=True)


def assign(world, task, *, assignee=None, actor=None):
    body = {"lead_office": world.office_a.pk}
    if assignee is not None:
        body["assignee"] = assignee.pk
    r = Api(actor or world.head).transition("tasks", task.pk, "assign", body)
    assert r.status_code == 200, r.json()
    return r


def extend(world, task, days=10):
    new_due = (task.due_date or world.today) + datetime.timedelta(days=days)
    r = Api(world.head).transition("tasks", task.pk, "extend",
                                   {"due_date": new_due.isoformat(), "reason": "Bổ sung hồ sơ"})
    assert r.status_code == 200, r.json()
    return r


@run
async def test_push_on_commit_reaches_the_assignee_not_the_actor(world, make_task, layer):
    task = await sync_to_async(make_task)()
    officer, head = Socket(world.officer), Socket(world.head)
    assert await officer.connect() and await head.connect()

    await sync_to_async(assign)(world, task, assignee=world.officer)

    frame = await officer.receive()
    stored = await sync_to_async(Notification.objects.get)(recipient=world.officer)
    assert frame == {
        "type": "notification", "id": stored.id, "event_type": "task.assigned",
        "title": stored.title, "body": stored.body, "url": f"/tasks/{task.pk}/",
        "subject_type": "task", "subject_id": task.pk,
        "created_at": timezone.localtime(stored.created_at).isoformat(), "unread_count": 1,
    }
    assert task.code in frame["title"] and frame["title"].startswith("Nhiệm vụ mới")  # Vietnamese default
    assert await head.nothing()  # the head assigned it: not told about their own action
    await officer.close()
    await head.close()


@run
async def test_nothing_is_pushed_or_stored_when_the_change_rolls_back(world, make_task, layer):
    task = await sync_to_async(make_task)()
    officer = Socket(world.officer)
    assert await officer.connect()

    def assign_then_fail():
        with transaction.atomic():
            run_transition(task, "assign", actor=world.head, lead_office=world.office_a,
                           assignee=world.officer)
            raise RuntimeError("a later step of the same request fails")

    with pytest.raises(RuntimeError):
        await sync_to_async(assign_then_fail)()
    assert await officer.nothing(0.5)
    assert await sync_to_async(Notification.objects.count)() == 0
    await officer.close()


@run
async def test_anonymous_and_wrong_tokens_are_closed_with_4401(world, layer):
    for socket in (Socket(), Socket(token="not-a-real-token"), Socket(token="abc%00def")):
        assert await socket.connect()  # accepted first, so the browser sees the code
        closing = await socket.comm.receive_output(timeout=2)
        assert closing == {"type": "websocket.close", "code": 4401}


@run
async def test_a_foreign_origin_is_refused(world, layer):
    socket = Socket(world.officer, headers=[(b"origin", b"http://evil.example")])
    socket.headers = [(b"origin", b"http://evil.example")]
    assert not await socket.connect()


@run
async def test_session_cookie_authenticates(world, make_task, layer, client):
    await sync_to_async(client.force_login)(world.officer)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    socket = Socket(headers=[(b"cookie", cookie)])
    assert await socket.connect()
    task = await sync_to_async(make_task)()
    await sync_to_async(assign)(world, task, assignee=world.officer)
    assert (await socket.receive())["event_type"] == "task.assigned"
    await socket.close()


@run
async def test_one_user_never_receives_another_users_notifications(world, make_task, layer):
    task = await sync_to_async(make_task)()
    other_office, outsider = Socket(world.officer2), Socket(world.outsider_officer)
    officer = Socket(world.officer)
    for s in (other_office, outsider, officer):
        assert await s.connect()

    await sync_to_async(assign)(world, task, assignee=world.officer)
    await officer.receive()
    assert await other_office.nothing()
    assert await outsider.nothing()
    # Nor by resuming from the very beginning.
    await outsider.resume(0)
    assert await outsider.nothing()
    for s in (other_office, outsider, officer):
        await s.close()


@run
async def test_every_open_session_of_the_user_gets_the_push(world, make_task, layer):
    task = await sync_to_async(make_task)()
    tab1, tab2 = Socket(world.officer), Socket(world.officer)
    assert await tab1.connect() and await tab2.connect()
    await sync_to_async(assign)(world, task, assignee=world.officer)
    a, b = await tab1.receive(), await tab2.receive()
    assert a == b and a["event_type"] == "task.assigned"
    await tab1.close()
    await tab2.close()


@run
async def test_resume_after_a_gap_sends_exactly_the_missed_ones_in_order_then_live(world, make_task, layer):
    """The issue's done-when: officer disconnects, three events happen, resume gets exactly those."""
    tasks = [await sync_to_async(make_task)() for _ in range(4)]
    officer = Socket(world.officer)
    assert await officer.connect()
    await sync_to_async(assign)(world, tasks[0], assignee=world.officer)
    first = await officer.receive(timeout=1)  # within a second
    await officer.close()

    # Offline: two new assignments and a deadline extension, all for the officer.
    await sync_to_async(assign)(world, tasks[1], assignee=world.officer)
    await sync_to_async(assign)(world, tasks[2], assignee=world.officer)
    await sync_to_async(extend)(world, tasks[0])

    back = Socket(world.officer)
    assert await back.connect()
    await back.resume(first["id"])
    missed = await back.receive_notifications(3)
    assert [f["event_type"] for f in missed] == ["task.assigned", "task.assigned", "task.deadline_extended"]
    assert [f["subject_id"] for f in missed] == [tasks[1].pk, tasks[2].pk, tasks[0].pk]
    ids = [f["id"] for f in missed]
    assert ids == sorted(ids) and first["id"] < ids[0]
    assert missed[-1]["unread_count"] == 4
    assert await back.nothing()  # exactly three

    # Then live ones, with no duplicate of what the resume already sent.
    await sync_to_async(assign)(world, tasks[3], assignee=world.officer)
    live = await back.receive()
    assert live["subject_id"] == tasks[3].pk and live["id"] > ids[-1]
    assert await back.nothing()
    await back.close()


@run
async def test_a_dropped_push_is_filled_from_the_database_before_the_next_one(world, make_task, layer):
    """A push lost by the layer leaves a gap; the next push brings it, in order, once."""
    officer = Socket(world.officer)
    assert await officer.connect()
    await officer.resume(0)
    assert await officer.nothing()
    # Stored and committed but never pushed: what a Redis hiccup leaves behind.
    lost = await sync_to_async(NotificationFactory)(recipient=world.officer)
    task = await sync_to_async(make_task)()
    await sync_to_async(assign)(world, task, assignee=world.officer)
    frames = await officer.receive_notifications(2)
    assert [f["id"] for f in frames] == [lost.id, frames[1]["id"]]
    assert frames[1]["subject_id"] == task.pk
    assert await officer.nothing()
    await officer.close()


@run
async def test_ping_pong_and_bad_messages(world, layer):
    socket = Socket(world.officer)
    assert await socket.connect()
    await socket.send({"type": "ping"})
    assert await socket.receive() == {"type": "pong"}
    await socket.comm.send_to(text_data="not json")
    assert (await socket.receive())["code"] == "validation_error"
    await socket.send({"type": "resume", "after": "yesterday"})
    assert (await socket.receive())["code"] == "validation_error"
    await socket.send({"type": "shout"})
    assert (await socket.receive())["code"] == "unknown_type"
    await socket.send({"type": "ping"})  # still open after all that
    assert await socket.receive() == {"type": "pong"}
    await socket.close()


@run
async def test_turned_off_event_types_are_neither_stored_nor_pushed(world, make_task, layer):
    r = await sync_to_async(lambda: Api(world.officer).client.patch(
        "/api/v1/notifications/preferences/",
        {"event_types": [{"event_type": "task.assigned", "enabled": False}]}, format="json"))()
    assert r.status_code == 200, r.json()
    officer = Socket(world.officer)
    assert await officer.connect()
    tasks = [await sync_to_async(make_task)() for _ in range(2)]
    await sync_to_async(assign)(world, tasks[0], assignee=world.officer)
    assert await officer.nothing(0.5)
    await sync_to_async(extend)(world, tasks[0])  # another type still arrives
    assert (await officer.receive())["event_type"] == "task.deadline_extended"
    assert await sync_to_async(Notification.objects.filter(recipient=world.officer).count)() == 1
    await officer.close()


@run
async def test_unread_count_rides_on_every_frame_and_follows_reads(world, make_task, layer):
    officer = Socket(world.officer)
    assert await officer.connect()
    tasks = [await sync_to_async(make_task)() for _ in range(3)]
    counts = []
    for task in tasks:
        await sync_to_async(assign)(world, task, assignee=world.officer)
        counts.append((await officer.receive())["unread_count"])
    assert counts == [1, 2, 3]

    api = await sync_to_async(Api)(world.officer)
    newest = (await sync_to_async(api.get)("/api/v1/notifications/")).json()["results"][0]
    await sync_to_async(api.post)(f"/api/v1/notifications/{newest['id']}/read/")
    assert await officer.receive() == {"type": "unread_count", "count": 2}
    await sync_to_async(api.post)("/api/v1/notifications/read-all/")
    assert await officer.receive() == {"type": "unread_count", "count": 0}
    r = await sync_to_async(api.get)("/api/v1/notifications/unread-count/")
    assert r.json() == {"count": 0}
    await officer.close()


@run
async def test_pushes_racing_out_of_order_still_arrive_in_id_order(world, layer):
    """Two pushes delivered newest-first (two workers) reach the client oldest-first, once each."""
    from channels.layers import get_channel_layer

    from notifications.push import notification_frame, user_group

    officer = Socket(world.officer)
    assert await officer.connect()
    await officer.resume(0)
    older = await sync_to_async(NotificationFactory)(recipient=world.officer)
    newer = await sync_to_async(NotificationFactory)(recipient=world.officer)
    layer_ = get_channel_layer()
    for n, previous in ((newer, older.id), (older, None)):
        await layer_.group_send(user_group(world.officer.pk), {
            "type": "notification.push", "previous": previous,
            "frame": notification_frame(n, unread_count=2)})
    frames = await officer.receive_notifications(2)
    assert [f["id"] for f in frames] == [older.id, newer.id]
    assert await officer.nothing()
    await officer.close()


@run
async def test_many_sockets_all_receive_a_fan_out(world, make_task, layer):
    """task.submitted goes to the lead office head and every department head, on all their tabs."""
    from tests.factories.accounts import UserFactory
    from backend.accounts.models import Role

    heads = [world.head] + [await sync_to_async(UserFactory)(role=Role.HEAD, agency=world.agency)
                            for _ in range(4)]
    task = await sync_to_async(make_task)()
    await sync_to_async(assign)(world, task, assignee=world.officer)
    await sync_to_async(lambda: Api(world.officer).transition("tasks", task.pk, "start"))()
    sockets = [Socket(u) for u in heads + [world.office_head] for _ in range(2)]
    for s in sockets:
        assert await s.connect()
    r = await sync_to_async(lambda: Api(world.officer).transition(
        "tasks", task.pk, "submit", {"result_note": "Đã hoàn thành"}))()
    assert r.status_code == 200
    frames = await asyncio.gather(*(s.receive() for s in sockets))
    assert {f["event_type"] for f in frames} == {"task.submitted"}
    assert len({f["id"] for f in frames}) == len(heads) + 1  # one notification per person
    for s in sockets:
        await s.close()
