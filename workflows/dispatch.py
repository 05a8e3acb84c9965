"""Handing committed events to their consumers (notifications, scoring, webhooks, ...).

The domain never calls a consumer: it writes an Event row in the transaction of the
change (workflows.events), and this module delivers it after that transaction commits.

    commit ──on_commit──▶ inline: deliver the transaction's events to every consumer, now
                          celery: hand the ids to the queue (``use_queue``; a worker delivers the batch)
    crash / broker down ─▶ the event has no ``ProcessedEvent`` marker for some consumer
                          ─▶ ``sweep_pending`` (command ``dispatch_events``, beat task) delivers it

The events written together (one transition; the thousands of one deadline pass) are
delivered together. Delivery of a batch to one consumer is one transaction: claim the
``(consumer, event)`` markers in one statement, then run the consumer's
``handle_batch(events)`` (or ``handle(event)`` for each, for consumers without one). A
crash anywhere inside rolls both back, so the events stay pending (and are retried one
by one, so one bad event holds back only itself); a second delivery of a processed
event finds the marker and does nothing. That gives at-least-once dispatch with
exactly-once effects for consumers whose effects live in the database. Consumers that
do outside work (pushes, webhooks) schedule it with ``transaction.on_commit``.
"""
import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import Event, ProcessedEvent, SweepMark
from .setwise import collector_paused, ids_in, insert_rows

log = logging.getLogger(__name__)

_consumers = []
# The function that puts a batch of event ids on the task queue, given by whoever owns
# the queue (``backend.deadlines.tasks`` registers Celery's): the engine imports no queue library.
_enqueue = None


def register_consumer(consumer):
    """Register an event consumer: an object with a unique ``name`` and ``handle(event)``,
    optionally ``handle_batch(events)`` (set-wise: its queries should not grow with the
    number of events), ``priority`` (lower runs first, default 100) and ``event_types``
    (the types it takes; see ``event_types_of``).

    Call it from the consuming app's ``AppConfig.ready()``. ``handle`` runs inside the
    delivery transaction and must not swallow database errors (the rollback is what
    keeps the event pending).
    """
    if all(c.name != consumer.name for c in _consumers):
        _consumers.append(consumer)
        # Latency-sensitive consumers (notifications) first: an event's consumers run
        # one after another, and a slow recompute should not delay the push.
        _consumers.sort(key=lambda c: getattr(c, "priority", 100))
    return consumer


def unregister_consumer(name):
    """Remove a consumer (tests that register throwaway consumers clean up with this)."""
    _consumers[:] = [c for c in _consumers if c.name != name]


def consumers():
    return list(_consumers)


def event_types_of(consumer):
    """The event types ``consumer`` takes: its ``event_types`` (any collection of type
    names, read afresh each time), or None when it declares none and takes every type.

    An event of a type a consumer does not take is none of its business: it is never
    handed to it, no receipt is written for it, the sweep does not see it as pending
    and ``check_log`` does not count it as a gap (a deadline pass's ten thousand
    ``task.overdue`` events cost the consumers that ignore them nothing).
    """
    types = getattr(consumer, "event_types", None)
    return None if types is None else frozenset(types)


def _taken(consumer, events) -> list:
    types = event_types_of(consumer)
    return list(events) if types is None else [e for e in events if e.type in types]


def _named(name):
    return next((c for c in _consumers if c.name == name), None)


def use_queue(enqueue):
    """Deliver through a task queue in ``celery`` mode: ``enqueue(event_ids)`` queues the
    ids of the events one transaction wrote, as one batch for a worker (which calls
    ``dispatch_batch(event_ids)``); it may raise when the broker is down, and the events
    are then delivered in-process."""
    global _enqueue
    _enqueue = enqueue


def dispatch_mode() -> str:
    """``inline`` (embedded default: this process, right after commit) or ``celery``."""
    return getattr(settings, "EVENT_DISPATCH", "inline")


def dispatch_on_commit(events):
    """Called by ``emit_event`` / ``emit_events_bulk`` inside the change's transaction:
    after the commit, the events written together are delivered together (one batch)."""
    events = list(events) if isinstance(events, (list, tuple)) else [events]
    if not _consumers or not events:
        return  # the event rows are the durable record; a later sweep can still deliver them
    # robust: a failing dispatcher is logged, never turned into an error of the request
    # whose change has already committed.
    transaction.on_commit(lambda: _dispatch_committed(events), robust=True)


def _dispatch_committed(events):
    if dispatch_mode() == "celery":
        if _enqueue is None:
            log.warning("events #%s…: no task queue registered, dispatching in-process", events[0].pk)
        else:
            try:
                _enqueue([e.pk for e in events])
                return
            except Exception:  # noqa: BLE001  the broker is down: deliver here instead
                log.warning("events #%s…: broker unavailable, dispatching in-process", events[0].pk, exc_info=True)
    dispatch_batch(events)


def _load(events_or_ids):
    events = [e for e in events_or_ids if isinstance(e, Event)]
    ids = [e for e in events_or_ids if not isinstance(e, Event)]
    if ids:
        events += Event.objects.filter(pk__in=ids_in(ids))
    return sorted(events, key=lambda e: e.pk)


def dispatch(event_or_id):
    """Deliver one event to every registered consumer; return the names that processed it now."""
    done = dispatch_batch([event_or_id])
    return [name for name, count in done.items() if count]


def dispatch_batch(events_or_ids) -> dict:
    """Deliver events (or ids) to every consumer, one batch per consumer, in priority order.

    Returns consumer name → events it processed now. The queries do not grow with the
    number of events: one claim of the receipts, the consumer's own set-wise work.
    """
    with collector_paused():  # a worker's batch: the thousands of events of a pass
        events = _load(events_or_ids)
        done = {}
        if not events:
            return done
        for consumer in list(_consumers):
            try:
                done[consumer.name] = len(deliver_batch(events, consumer))
            except Exception:  # noqa: BLE001  one failing consumer must not starve the others
                done[consumer.name] = 0
                log.exception("consumer %s failed on event #%s; it stays pending", consumer.name, events[0].pk)
        return done


def _claim(consumer_name, events) -> set:
    """Insert the receipts; the ids of the events this delivery now owns.

    A concurrent delivery of the same event waits on its unique key until the other
    commits, then skips it: the work is the other's. Rows go in id order, so two
    overlapping batches lock in the same order and cannot deadlock.
    """
    rows = [(pk,) for pk in sorted(e.pk for e in events)]
    return set(insert_rows(ProcessedEvent, ("event",), rows,
                           same={"consumer": consumer_name, "processed_at": timezone.now()},
                           skip_conflicts_on=("event", "consumer"), returning="event"))


def _handle(consumer, events):
    handle_batch = getattr(consumer, "handle_batch", None)
    if handle_batch is not None:
        handle_batch(events)
    else:
        for event in events:
            consumer.handle(event)


def deliver_batch(events, consumer) -> list:
    """Run ``consumer`` on the events it takes and has not processed yet, in one
    transaction with their receipts; returns those events. If the batch fails, each
    event is retried on its own, so one bad event leaves only itself pending."""
    events = _taken(consumer, events)
    if not events:
        return []
    try:
        with transaction.atomic():
            claimed = _claim(consumer.name, events)
            mine = [e for e in events if e.pk in claimed]
            if mine:
                _handle(consumer, mine)
        return mine
    except Exception:
        if len(events) == 1:
            raise
        log.warning("consumer %s failed on a batch of %d events; retrying them one by one",
                    consumer.name, len(events), exc_info=True)
    done = []
    for event in events:
        try:
            if deliver(event, consumer):
                done.append(event)
        except Exception:  # noqa: BLE001
            log.exception("consumer %s failed on event #%s; it stays pending", consumer.name, event.pk)
    return done


def deliver(event, consumer) -> bool:
    """Run ``consumer`` on ``event`` once. False when it had already been processed, or
    when the consumer does not take events of its type."""
    if not _taken(consumer, [event]):
        return False
    with transaction.atomic():
        if not _claim(consumer.name, [event]):
            return False
        _handle(consumer, [event])
    return True


def unprocessed_events(consumer_name, types, events=None):
    """The events (of ``events``, default the whole log) of the given types (None: all)
    that consumer holds no receipt for: what the sweep delivers and ``check_log`` counts."""
    processed = ProcessedEvent.objects.filter(consumer=consumer_name, event=OuterRef("pk"))
    qs = (Event.objects.all() if events is None else events).filter(~Exists(processed))
    return qs if types is None else qs.filter(type__in=sorted(types))


def pending_events(consumer_name, *, older_than=datetime.timedelta(0), after=0):
    """Events that consumer has not processed (with ids above ``after``), oldest first:
    only those of the types it takes when it is registered and declares them."""
    consumer = _named(consumer_name)
    qs = unprocessed_events(consumer_name, None if consumer is None else event_types_of(consumer))
    if after:
        qs = qs.filter(pk__gt=after)
    if older_than:
        qs = qs.filter(occurred_at__lte=timezone.now() - older_than)
    return qs.order_by("id")


# --- the sweep's high-water mark ------------------------------------------------------------
#
# An idle sweep must not read the whole log: each consumer's ``SweepMark`` says every
# event up to it is processed, and the sweep anti-joins only the log after it. The
# danger is an id below the mark that shows up later: ids are taken at insert and a
# transaction that commits later can hold a smaller one. So the mark only ever moves
# up to an id seen at a moment ``t`` (``seen_id`` read before ``seen_at``) once no
# transaction that began before ``t`` is still open: every id up to ``seen_id`` was taken
# before ``t``, by a transaction that has since committed (its rows are visible to the
# sweep's next read) or rolled back (they never will be).

def _observe():
    """(highest event id visible now, the database clock read after it)."""
    seen_id = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT clock_timestamp()")
            return seen_id, cursor.fetchone()[0]
    return seen_id, timezone.now()


def _oldest_open_transaction():
    """Start of the oldest other open transaction on this database; None if there is
    none; ``...`` when it cannot be known (then the mark does not move)."""
    if connection.vendor == "sqlite":
        # One writer at a time: an id not yet visible is larger than every visible one.
        return None
    if connection.vendor != "postgresql":
        return ...
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # not a cached view of the backends
        cursor.execute(
            "SELECT bool_or(state IS NULL), min(xact_start) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'")
        hidden, oldest = cursor.fetchone()
    # ``state`` is NULL for sessions of roles whose activity we may not read.
    return ... if hidden else oldest


def _settled(mark, now_seen, oldest):
    """The highest id no open transaction may still hold, from the samples at hand."""
    if oldest is ...:
        return mark.event_id
    if connection.vendor == "sqlite":
        return now_seen[0]
    settled = mark.event_id
    for seen_id, seen_at in (now_seen, (mark.seen_id, mark.seen_at)):
        if seen_at is not None and (oldest is None or oldest > seen_at):
            settled = max(settled, seen_id)
    return settled


def _marks_of(names) -> dict:
    marks = SweepMark.objects.in_bulk(names)
    missing = [SweepMark(consumer=name) for name in names if name not in marks]
    if missing:
        SweepMark.objects.bulk_create(missing, ignore_conflicts=True)
        marks = SweepMark.objects.in_bulk(names)
    return marks


def _sweep_one(consumer, mark, settled, now_seen, *, older_than, limit) -> int:
    examined = list(pending_events(consumer.name, after=mark.event_id)[:limit])
    cutoff = timezone.now() - older_than
    ready = [e for e in examined if not older_than or e.occurred_at <= cutoff]
    done = set()
    if ready:
        try:
            # One batch: the consumer coalesces (scoring recomputes once per agency-year).
            done = {e.pk for e in deliver_batch(ready, consumer)}
        except Exception:  # noqa: BLE001
            log.exception("consumer %s failed on event #%s; it stays pending", consumer.name, ready[0].pk)
    still = [e.pk for e in examined if e.pk not in done]
    new_mark = settled
    if still:
        new_mark = min(new_mark, still[0] - 1)
    elif len(examined) == limit:
        new_mark = min(new_mark, examined[-1].pk)  # what lies beyond was not read
    changes = {}
    if new_mark > mark.event_id:
        # Only ever up: a slower sweeper running alongside must not pull it back.
        changes["event_id"] = Greatest(F("event_id"), Value(new_mark))
    if now_seen[0] != mark.seen_id or mark.seen_at is None:
        # A new sample; an unchanged head keeps its older one (an earlier moment settles sooner).
        changes.update(seen_id=now_seen[0], seen_at=now_seen[1])
    if changes:  # an idle sweep writes nothing
        SweepMark.objects.filter(consumer=consumer.name).update(**changes)
    return len(done)


def sweep_pending(*, older_than=datetime.timedelta(seconds=10), limit=1000) -> dict:
    """Deliver what is pending (after a crash, a broker outage, a new consumer).

    Returns consumer name → events it processed now. ``older_than`` leaves alone
    events whose normal dispatch may still be in flight (delivering them twice would
    be harmless, only wasted work). Each consumer's sweep reads the log after its
    ``SweepMark`` only, so an idle sweep costs the same at any length of history. Safe
    to run on several machines at once: the marker claim decides who does each event.
    """
    current = list(_consumers)
    if not current:
        return {}
    marks = _marks_of([c.name for c in current])
    now_seen = _observe()                 # first the id, then the clock,
    oldest = _oldest_open_transaction()   # then who is still open, then the reads
    return {consumer.name: _sweep_one(consumer, marks[consumer.name],
                                      _settled(marks[consumer.name], now_seen, oldest), now_seen,
                                      older_than=older_than, limit=limit)
            for consumer in current}
