"""The events of one commit go to each consumer as one batch: the queries of a deadline
pass and its whole dispatch (receipts, notifications, the score) do not grow with the
number of tasks it flags."""
import datetime
import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.plans.models import Task
from backend.scoring import services as scoring_services
from notifications.models import Notification
from workflows import dispatch
from backend.deadlines import scan
from backend.deadlines.scan import flag_overdue
from workflows.models import Event, ProcessedEvent
from workflows.setwise import collector_paused

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def late_tasks(world):
    """``late_tasks(n)``: n open tasks of the world's plan that fell due yesterday,
    alternately assigned to the officer and waiting in the lead office."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    made = []

    def make(n):
        rows = [Task(plan=world.plan, code=f"Q{len(made) + i}", title=f"Nhiệm vụ {len(made) + i}",
                     field=world.field, lead_office=world.office_a, due_date=yesterday,
                     state="in_progress" if i % 2 else "assigned",
                     assignee=world.officer if i % 2 else None)
                 for i in range(n)]
        made.extend(Task.objects.bulk_create(rows))
        return made[-n:]

    return make


def a_pass(now):
    with CaptureQueriesContext(connection) as queries:
        counts = flag_overdue(now)
    return counts["tasks"], len(queries)


def test_queries_of_a_pass_and_its_dispatch_do_not_grow_with_the_flagged_tasks(
        world, late_tasks, memory_layer, monkeypatch):
    refreshes = []
    real_refresh = scoring_services.score_refresh

    def counted_refresh(**kwargs):
        refreshes.append((kwargs["agency"].pk, kwargs["year"]))
        return real_refresh(**kwargs)

    monkeypatch.setattr(scoring_services, "score_refresh", counted_refresh)
    now = timezone.now()
    late_tasks(1)
    assert a_pass(now)[0] == 1  # warm-up: the first score is stored, the counter row made
    refreshes.clear()

    late_tasks(10)
    flagged_10, queries_10 = a_pass(now)
    late_tasks(100)
    flagged_100, queries_100 = a_pass(now)
    assert (flagged_10, flagged_100) == (10, 100)
    assert queries_100 == queries_10, (queries_10, queries_100)

    # Every event reached every consumer that takes it, once, with its effects; the
    # consumer that does not take task.overdue holds no receipt for it.
    overdue = Event.objects.filter(type="task.overdue")
    assert overdue.count() == 111
    takers = {c.name for c in dispatch.consumers() if "task.overdue" in dispatch.event_types_of(c)}
    assert takers == {"notifications", "scoring.criterion"}
    for consumer in dispatch.consumers():
        receipts = ProcessedEvent.objects.filter(consumer=consumer.name, event__in=overdue).count()
        assert receipts == (111 if consumer.name in takers else 0), consumer.name
        assert not dispatch.pending_events(consumer.name).exists()
    # The rules: the assignee, else the lead office's officers; its head; the department heads.
    per_event = {e: set(Notification.objects.filter(event=e).values_list("recipient__username", flat=True))
                 for e in overdue}
    assert all({"office_head", "head", "officer"} == names for names in per_event.values())
    # The score was recomputed once per pass (one agency-year), not once per event.
    assert refreshes == [(world.agency.pk, world.today.year)] * 2


def test_notification_ids_follow_the_events_and_each_recipient_chain(world, late_tasks, memory_layer):
    late_tasks(5)
    flag_overdue(timezone.now())
    rows = list(Notification.objects.order_by("id").values_list("id", "event_id", "recipient_id"))
    assert [r[0] for r in rows] == list(range(rows[0][0], rows[0][0] + len(rows)))  # no gap
    assert rows == sorted(rows, key=lambda r: (r[1], r[2]))  # in (event, recipient) order


def test_a_failing_event_in_a_batch_leaves_only_itself_pending(world, late_tasks, memory_layer):
    class Picky:
        name = "test.picky"

        def __init__(self):
            self.handled = []

        def handle_batch(self, events):
            if any(e.subject_id == bad.pk for e in events):
                raise RuntimeError("cannot take that one")
            self.handled += [e.pk for e in events]

    tasks = late_tasks(4)
    bad = tasks[2]
    picky = dispatch.register_consumer(Picky())
    try:
        flag_overdue(timezone.now())
        pending = list(dispatch.pending_events("test.picky"))
        assert [(e.subject_id) for e in pending] == [bad.pk]
        assert sorted(picky.handled) == sorted(
            Event.objects.filter(type="task.overdue").exclude(subject_id=bad.pk).values_list("pk", flat=True))
        assert not dispatch.pending_events("notifications").exists()
    finally:
        dispatch.unregister_consumer("test.picky")


def test_a_batch_delivered_twice_has_its_effects_once(world, late_tasks, memory_layer):
    late_tasks(6)
    flag_overdue(timezone.now())
    events = list(Event.objects.filter(type="task.overdue"))
    notifications = Notification.objects.count()
    assert set(dispatch.dispatch_batch([e.pk for e in events]).values()) == {0}
    assert Notification.objects.count() == notifications
    # Receipts lost (say, restored from a backup): the (event, recipient) key still holds.
    ProcessedEvent.objects.filter(consumer="notifications").delete()
    assert dispatch.dispatch_batch(events)["notifications"] == 6
    assert Notification.objects.count() == notifications


def test_the_cyclic_collector_is_paused_for_a_pass_and_its_dispatch_then_restored(
        world, late_tasks, memory_layer, monkeypatch):
    """A pass's objects form no cycles: collecting during it only re-reads them (most of
    a 10,000-task pass's time went there). Paused for the pass and its dispatch, back on after."""
    writing_events = []
    real_emit = scan.emit_events_bulk

    def emit(**kwargs):
        writing_events.append(gc.isenabled())
        return real_emit(**kwargs)

    monkeypatch.setattr(scan, "emit_events_bulk", emit)

    class Probe:
        name = "test.gc_probe"
        event_types = ("task.overdue",)

        def __init__(self):
            self.collector_on = []

        def handle_batch(self, events):
            self.collector_on.append(gc.isenabled())

    probe = dispatch.register_consumer(Probe())
    try:
        late_tasks(3)
        assert gc.isenabled()
        assert flag_overdue(timezone.now())["tasks"] == 3
        assert writing_events == [False] and probe.collector_on == [False] and gc.isenabled()
        # A worker's batch (celery mode, the sweep's catch-up) is paused the same way.
        ProcessedEvent.objects.filter(consumer=probe.name).delete()
        dispatch.dispatch_batch(list(Event.objects.filter(type="task.overdue")))
        assert probe.collector_on == [False, False] and gc.isenabled()
    finally:
        dispatch.unregister_consumer(probe.name)


def test_a_collector_switched_off_stays_off_and_an_error_restores_it():
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the batch failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # someone else's choice is kept
    finally:
        gc.enable()
