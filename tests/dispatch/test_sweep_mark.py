"""The sweep reads the log after each consumer's high-water mark only, and the mark never
passes an id that a transaction still open may commit later (ids are not commit order)."""
import datetime
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.sockets import requires_postgres
from workflows import dispatch
from tests.factories.workflows import EventFactory
from workflows.models import Event, ProcessedEvent, SweepMark

pytestmark = pytest.mark.django_db(transaction=True)


class Recorder:
    name = "test.sweep"

    def __init__(self):
        self.seen = []
        self.fail_on = set()

    def handle_batch(self, events):
        if any(e.pk in self.fail_on for e in events):
            raise RuntimeError("the consumer crashed")
        self.seen += [e.pk for e in events]


@pytest.fixture
def recorder():
    consumer = dispatch.register_consumer(Recorder())
    yield consumer
    dispatch.unregister_consumer(consumer.name)


def sweep():
    return dispatch.sweep_pending(older_than=datetime.timedelta(0))["test.sweep"]


def mark():
    return SweepMark.objects.get(consumer="test.sweep").event_id


def committed_events(n):
    """Events committed without a dispatch (the process died right after the commit)."""
    return [EventFactory(type="plan.closed", subject_type="plan") for _ in range(n)]


def test_an_idle_sweep_reads_only_the_log_after_the_mark(recorder):
    events = committed_events(5)
    assert sweep() == 5 and sorted(recorder.seen) == [e.pk for e in events]
    sweep()  # the second sweep sees nothing running since the first: the mark reaches the head
    assert mark() == events[-1].pk
    with CaptureQueriesContext(connection) as queries:
        assert sweep() == 0
    anti_joins = [q["sql"] for q in queries if "NOT EXISTS" in q["sql"]]
    assert len(anti_joins) == len(dispatch.consumers())  # one per consumer, each after its mark:
    assert all(f'."id" > {events[-1].pk}' in sql for sql in anti_joins), anti_joins  # not the whole log
    later = committed_events(2)
    assert sweep() == 2 and recorder.seen[-2:] == [e.pk for e in later]


def test_the_mark_stays_behind_an_event_that_keeps_failing(recorder):
    events = committed_events(4)
    recorder.fail_on = {events[1].pk}
    for _ in range(3):
        sweep()
    assert mark() == events[0].pk
    assert dispatch.pending_events("test.sweep").get() == events[1]
    recorder.fail_on.clear()
    assert sweep() == 1
    sweep()
    assert mark() == events[-1].pk and not dispatch.pending_events("test.sweep").exists()


def test_events_too_fresh_for_the_sweep_hold_the_mark(recorder):
    events = committed_events(2)
    assert dispatch.sweep_pending(older_than=datetime.timedelta(minutes=5))["test.sweep"] == 0
    dispatch.sweep_pending(older_than=datetime.timedelta(minutes=5))
    assert mark() < events[0].pk
    assert sweep() == 2


class OpenTransaction(threading.Thread):
    """Writes an event in its own connection and transaction; commits only when told."""

    def __init__(self):
        super().__init__(daemon=True)
        self.wrote, self.commit = threading.Event(), threading.Event()
        self.event_id = None
        self.error = None

    def run(self):
        try:
            with transaction.atomic():
                self.event_id = EventFactory(type="plan.closed", subject_type="plan").pk
                self.wrote.set()
                assert self.commit.wait(20)
        except Exception as exc:  # noqa: BLE001  reported by the test
            self.error = exc
            self.wrote.set()
        finally:
            connection.close()


@requires_postgres
def test_an_id_taken_by_a_transaction_that_commits_later_is_not_skipped(recorder):
    """The hazard of ``id > mark``: a smaller id becomes visible after larger ones were swept."""
    before = committed_events(1)
    slow = OpenTransaction()
    slow.start()
    assert slow.wrote.wait(20) and slow.error is None
    fast = committed_events(2)
    assert slow.event_id < fast[0].pk  # taken first, not visible yet
    for _ in range(3):
        assert sweep() in (0, 1, 2, 3)
    assert set(recorder.seen) == {before[0].pk, *(e.pk for e in fast)}
    assert mark() < slow.event_id  # held back: a transaction older than the samples is open
    slow.commit.set()
    slow.join(20)
    assert slow.error is None
    assert sweep() == 1 and recorder.seen[-1] == slow.event_id
    sweep()
    assert mark() == fast[-1].pk
    assert ProcessedEvent.objects.filter(consumer="test.sweep").count() == 4
    assert Event.objects.count() == 4


class Picky(Recorder):
    """A consumer that takes one event type only."""

    name = "test.sweep"
    event_types = ("plan.closed",)


@pytest.fixture
def picky():
    consumer = dispatch.register_consumer(Picky())
    yield consumer
    dispatch.unregister_consumer(consumer.name)


def test_a_consumer_gets_neither_call_nor_receipt_for_a_type_it_does_not_take(picky):
    taken = EventFactory(type="plan.closed", subject_type="plan")
    other = EventFactory(type="plan.approved", subject_type="plan")
    # Not pending for it: the sweep neither reads nor delivers the other type.
    assert list(dispatch.pending_events("test.sweep")) == [taken]
    assert sweep() == 1 and picky.seen == [taken.pk]
    assert list(ProcessedEvent.objects.filter(consumer="test.sweep").values_list("event_id", flat=True)) == [
        taken.pk]
    assert not dispatch.pending_events("test.sweep").exists()
    sweep()
    assert mark() == other.pk  # the mark passes what is not its business
    # Handed the other type directly, it is not called and gets no receipt.
    assert dispatch.dispatch_batch([other.pk])["test.sweep"] == 0
    assert not dispatch.deliver(other, picky)
    assert picky.seen == [taken.pk]
    assert not ProcessedEvent.objects.filter(consumer="test.sweep", event=other).exists()
    # Its batch holds only what it takes.
    both = [EventFactory(type="plan.approved", subject_type="plan"),
            EventFactory(type="plan.closed", subject_type="plan")]
    assert dispatch.dispatch_batch(both)["test.sweep"] == 1
    assert picky.seen == [taken.pk, both[1].pk]


def test_the_real_consumers_declare_what_they_take():
    """Each registered consumer takes the types it acts on, and no more."""
    types = {c.name: dispatch.event_types_of(c) for c in dispatch.consumers()}
    assert types["inspections.remediation_ready"] == {"task.completed"}
    assert "task.overdue" in types["notifications"] and "task.due_soon" in types["notifications"]
    assert "plan.closed" not in types["notifications"]  # nobody is told of it
    assert {"task.overdue", "task.completed", "finding.overdue", "plan.approved", "inspection.started"} <= types[
        "scoring.criterion"]
    assert not {"task.due_soon", "score.changed"} & types["scoring.criterion"]
