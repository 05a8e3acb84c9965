"""A batch of events (one deadline pass) pushes one message per recipient, however many
notifications each got; every socket still receives every one of them, in order, once."""
import datetime

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from backend.plans.models import Task
from notifications import push
from notifications.models import Notification
from backend.deadlines.scan import flag_overdue

from tests.sockets import Socket, run

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(90)]


@run
async def test_a_deadline_pass_pushes_once_per_recipient_and_every_socket_gets_everything(
        world, layer, monkeypatch):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def late_tasks():
        Task.objects.bulk_create([
            Task(plan=world.plan, code=f"L{i}", title=f"Nhiệm vụ {i}", field=world.field,
                 lead_office=world.office_a, assignee=world.officer, due_date=yesterday, state="in_progress")
            for i in range(4)])

    await sync_to_async(late_tasks)()
    messages = []
    real_send = push._send

    def counted_send(batch):
        messages.extend(batch)
        return real_send(batch)

    monkeypatch.setattr(push, "_send", counted_send)
    live_only = Socket(world.officer)          # never resumed: live ones only
    resumed = Socket(world.officer)            # resumed from 0: has sent everything before
    head = Socket(world.head)
    for socket in (live_only, resumed, head):
        assert await socket.connect()
    await resumed.resume(0)

    assert (await sync_to_async(flag_overdue)(timezone.now()))["tasks"] == 4

    stored = await sync_to_async(lambda: {
        user.pk: list(Notification.objects.filter(recipient=user).order_by("id").values_list("id", flat=True))
        for user in (world.officer, world.head)})()
    assert len(stored[world.officer.pk]) == len(stored[world.head.pk]) == 4
    # The officer, the office head, the department head: one message each.
    assert sorted(group for group, _ in messages) == sorted(
        push.user_group(u.pk) for u in (world.officer, world.office_head, world.head))
    for socket, user in ((live_only, world.officer), (resumed, world.officer), (head, world.head)):
        frames = await socket.receive_notifications(4)
        assert [f["id"] for f in frames] == stored[user.pk]
        assert {f["event_type"] for f in frames} == {"task.overdue"}
        assert await socket.nothing(0.2)
        await socket.close()
