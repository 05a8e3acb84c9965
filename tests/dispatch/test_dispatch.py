"""Event dispatch: after commit, at least once, idempotent consumers, recovery by re-dispatch."""
import io
import time

import pytest
from django.core.management import call_command
from django.db import transaction

from notifications.models import Notification
from tests.api_client import Api
from workflows import dispatch
from tests.factories.workflows import EventFactory
from workflows.models import Event, ProcessedEvent
from workflows.services import run_transition

pytestmark = pytest.mark.django_db(transaction=True)


def assign(world, task, assignee):
    r = Api(world.head).transition("tasks", task.pk, "assign",
                                   {"lead_office": world.office_a.pk, "assignee": assignee.pk})
    assert r.status_code == 200, r.json()
    return Event.objects.filter(subject_type="task", subject_id=task.pk).latest("id")


def assigned_event(world, **kwargs):
    """A committed task.assigned event that no dispatcher ever saw (the process died first)."""
    payload = {"code": "1.1", "title": "Rà soát", "lead_office": world.office_a.pk,
               "assignee": world.officer.pk, "due_date": "2030-01-01"}
    return EventFactory(type="task.assigned", agency=world.agency, actor=world.head, payload=payload, **kwargs)


def sweep():
    out = io.StringIO()
    call_command("dispatch_events", stdout=out)
    return out.getvalue()


class Recorder:
    """A throwaway consumer that records what it saw, registered like scoring would be."""

    name = "test.recorder"

    def __init__(self, fail_on=()):
        self.seen = []
        self.fail_on = set(fail_on)

    def handle(self, event):
        self.seen.append(event.pk)
        if event.type in self.fail_on:
            raise RuntimeError("the consumer crashed")


@pytest.fixture
def recorder():
    consumer = dispatch.register_consumer(Recorder())
    yield consumer
    dispatch.unregister_consumer(consumer.name)


def test_after_commit_every_consumer_processes_the_event_once(world, make_task, recorder, memory_layer):
    event = assign(world, make_task(), world.officer)
    assert recorder.seen == [event.pk]
    assert set(ProcessedEvent.objects.filter(event=event).values_list("consumer", flat=True)) >= {
        "notifications", "test.recorder"}
    assert Notification.objects.filter(event=event, recipient=world.officer).count() == 1
    assert not dispatch.pending_events("notifications").exists()
    # A second delivery (a re-run, two dispatchers) is a no-op for every consumer.
    assert dispatch.dispatch(event.pk) == []
    assert recorder.seen == [event.pk]
    assert Notification.objects.filter(event=event).count() == 1


def test_nothing_is_dispatched_for_a_rolled_back_change(world, make_task, recorder, memory_layer):
    task = make_task()
    with pytest.raises(RuntimeError), transaction.atomic():
        run_transition(task, "assign", actor=world.head, lead_office=world.office_a, assignee=world.officer)
        raise RuntimeError("rollback")
    assert recorder.seen == [] and not Event.objects.exists() and not Notification.objects.exists()


def test_an_event_committed_but_never_dispatched_is_delivered_by_the_sweep(world, memory_layer):
    event = assigned_event(world)  # written without dispatch: the process died after the commit
    assert list(dispatch.pending_events("notifications")) == [event]
    assert "notifications: 1 delivered" in sweep()
    assert Notification.objects.filter(event=event, recipient=world.officer).count() == 1
    assert "notifications: 0 delivered" in sweep()
    assert Notification.objects.filter(event=event).count() == 1


def test_a_consumer_that_crashes_mid_event_leaves_it_pending_and_the_rerun_makes_no_duplicate(
        world, make_task, memory_layer, monkeypatch):
    """The crash comes after the notification rows are written, before the commit."""
    real_bulk_create = Notification.objects.bulk_create

    def write_then_crash(objs, **kwargs):
        real_bulk_create(objs, **kwargs)
        raise RuntimeError("worker killed mid-event")

    monkeypatch.setattr(Notification.objects, "bulk_create", write_then_crash)
    colleague = make_officer(world)
    task = make_task()
    event = assign(world, task, world.officer)  # the API answers 200 regardless
    assert not Notification.objects.exists()
    assert not ProcessedEvent.objects.filter(event=event, consumer="notifications").exists()
    assert list(dispatch.pending_events("notifications")) == [event]

    monkeypatch.setattr(Notification.objects, "bulk_create", real_bulk_create)
    sweep()
    assert sorted(Notification.objects.filter(event=event).values_list("recipient_id", flat=True)) == sorted(
        [world.officer.pk, colleague.pk])
    sweep()
    dispatch.dispatch(event)
    assert Notification.objects.filter(event=event).count() == 2


def test_a_lost_marker_still_makes_no_duplicate(world, memory_layer):
    """Even if the receipt were lost, the (event, recipient) key keeps notifications single."""
    event = assigned_event(world)
    sweep()
    ProcessedEvent.objects.filter(event=event).delete()
    sweep()
    assert Notification.objects.filter(event=event).count() == 1


def test_one_failing_consumer_does_not_stop_the_others(world, make_task, memory_layer):
    failing = dispatch.register_consumer(Recorder(fail_on={"task.assigned"}))
    try:
        event = assign(world, make_task(), world.officer)
        assert Notification.objects.filter(event=event).exists()
        assert list(dispatch.pending_events("test.recorder")) == [event]
        assert not dispatch.pending_events("notifications").exists()
        failing.fail_on.clear()
        sweep()
        assert not dispatch.pending_events("test.recorder").exists()
        assert failing.seen == [event.pk, event.pk]
    finally:
        dispatch.unregister_consumer(failing.name)


def test_the_sweep_leaves_fresh_events_to_their_normal_dispatch(world, memory_layer):
    import datetime

    event = assigned_event(world)
    assert set(dispatch.sweep_pending(older_than=datetime.timedelta(minutes=5)).values()) == {0}
    assert dispatch.pending_events("notifications").filter(pk=event.pk).exists()


def test_celery_mode_delivers_through_the_task(world, make_task, settings, memory_layer):
    """The task path in-process (eager); a real worker on Redis is in tests/notifications/test_stack.py."""
    from backend.celery import app

    settings.EVENT_DISPATCH = "celery"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        event = assign(world, make_task(), world.officer)
    finally:
        app.conf.task_always_eager = saved
    assert Notification.objects.filter(event=event, recipient=world.officer).exists()


def test_celery_mode_with_the_broker_down_still_stores_the_notification(world, make_task, settings, memory_layer):
    """Redis (the broker) down: the change commits, the event is delivered in-process instead."""
    from backend.celery import app

    settings.EVENT_DISPATCH = "celery"
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    app.pool.force_close_all()
    try:
        started = time.monotonic()
        event = assign(world, make_task(), world.officer)
        assert time.monotonic() - started < 10
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app.pool.force_close_all()
    assert Notification.objects.filter(event=event, recipient=world.officer).exists()


def test_channel_layer_down_the_change_and_notification_are_still_stored(world, make_task, settings):
    """Redis (the channel layer) down: 200, stored, and the socket gets it by resume later."""
    from asgiref.sync import async_to_sync

    from tests.sockets import Socket, use_layer

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                                           "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}}
    task = make_task()
    started = time.monotonic()
    event = assign(world, task, world.officer)
    assert time.monotonic() - started < 10
    stored = Notification.objects.get(event=event, recipient=world.officer)
    assert ProcessedEvent.objects.filter(event=event, consumer="notifications").exists()

    use_layer(settings, "memory")  # the service is back

    async def reconnect_and_resume():
        socket = Socket(world.officer)
        assert await socket.connect()
        await socket.resume(0)
        frame = await socket.receive()
        await socket.close()
        return frame

    frame = async_to_sync(reconnect_and_resume)()
    assert frame["id"] == stored.id and frame["event_type"] == "task.assigned"


def make_officer(world):
    from tests.factories.accounts import UserFactory
    from backend.accounts.models import Role

    return UserFactory(username="colleague", role=Role.OFFICER, office=world.office_a, agency=world.agency)
