"""Handing committed events to their consumers (notifications, scoring, webhooks, ...).

The domain never calls a consumer: it writes an Event row in the transaction of the
change (workflows.events), and this module delivers it after that transaction commits.

    commit ──on_commit──▶ inline: deliver to every consumer, in this process, now
                          celery: hand the id to the queue (``use_queue``; a worker delivers)
    crash / broker down ─▶ the event has no ``ProcessedEvent`` marker for some consumer
                          ─▶ ``sweep_pending`` (command ``dispatch_events``, beat task) delivers it

Delivery to one consumer is one transaction: claim the ``(consumer, event)`` marker,
then run the consumer's ``handle(event)``. A crash anywhere inside rolls both back, so
the event stays pending; a second delivery of a processed event finds the marker and
does nothing. That gives at-least-once dispatch with exactly-once effects for
consumers whose effects live in the database. Consumers that do outside work (pushes,
webhooks) schedule it with ``transaction.on_commit`` inside ``handle``.
"""
import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Event, ProcessedEvent

log = logging.getLogger(__name__)

_consumers = []
# The function that puts an event id on the task queue, given by whoever owns the queue
# (``backend.deadlines.tasks`` registers Celery's): the engine imports no queue library.
_enqueue = None


def register_consumer(consumer):
    """Register an event consumer: an object with a unique ``name`` and ``handle(event)``
    (optionally ``priority``, lower runs first, default 100).

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


def use_queue(enqueue):
    """Deliver through a task queue in ``celery`` mode: ``enqueue(event_id)`` queues one
    event for a worker (which calls ``dispatch(event_id)``); it may raise when the
    broker is down, and the event is then delivered in-process."""
    global _enqueue
    _enqueue = enqueue


def dispatch_mode() -> str:
    """``inline`` (embedded default: this process, right after commit) or ``celery``."""
    return getattr(settings, "EVENT_DISPATCH", "inline")


def dispatch_on_commit(event):
    """Called by ``emit_event`` inside the change's transaction."""
    if not _consumers:
        return  # the event row is the durable record; a later sweep can still deliver it
    # robust: a failing dispatcher is logged, never turned into an error of the request
    # whose change has already committed.
    transaction.on_commit(lambda: _dispatch_committed(event), robust=True)


def _dispatch_committed(event):
    if dispatch_mode() == "celery":
        if _enqueue is None:
            log.warning("event #%s: no task queue registered, dispatching in-process", event.pk)
        else:
            try:
                _enqueue(event.pk)
                return
            except Exception:  # noqa: BLE001  the broker is down: deliver here instead
                log.warning("event #%s: broker unavailable, dispatching in-process", event.pk, exc_info=True)
    dispatch(event)


def dispatch(event_or_id):
    """Deliver one event to every registered consumer; return the names that processed it now."""
    event = event_or_id
    if not isinstance(event, Event):
        event = Event.objects.filter(pk=event_or_id).first()
        if event is None:
            return []
    done = []
    for consumer in list(_consumers):
        try:
            if deliver(event, consumer):
                done.append(consumer.name)
        except Exception:  # noqa: BLE001  one failing consumer must not starve the others
            log.exception("consumer %s failed on event #%s; it stays pending", consumer.name, event.pk)
    return done


def deliver(event, consumer) -> bool:
    """Run ``consumer`` on ``event`` once. False when it had already been processed."""
    with transaction.atomic():
        try:
            # Claim first: a concurrent delivery of the same event waits on this unique
            # key until we commit, then fails here and leaves the work to us.
            with transaction.atomic():
                ProcessedEvent.objects.create(consumer=consumer.name, event=event)
        except IntegrityError:
            return False
        consumer.handle(event)
    return True


def pending_events(consumer_name, *, older_than=datetime.timedelta(0)):
    """Events that consumer has not processed, oldest first."""
    processed = ProcessedEvent.objects.filter(consumer=consumer_name, event=OuterRef("pk"))
    qs = Event.objects.filter(~Exists(processed))
    if older_than:
        qs = qs.filter(occurred_at__lte=timezone.now() - older_than)
    return qs.order_by("id")


def sweep_pending(*, older_than=datetime.timedelta(seconds=10), limit=1000) -> dict:
    """Deliver what is pending (after a crash, a broker outage, a new consumer).

    Returns consumer name → events it processed now. ``older_than`` leaves alone
    events whose normal dispatch may still be in flight (delivering them twice would
    be harmless, only wasted work). Safe to run on several machines at once: the
    marker claim decides who does each event.
    """
    delivered = {}
    for consumer in list(_consumers):
        delivered[consumer.name] = 0
        for event in pending_events(consumer.name, older_than=older_than)[:limit]:
            try:
                if deliver(event, consumer):
                    delivered[consumer.name] += 1
            except Exception:  # noqa: BLE001
                log.exception("consumer %s failed on event #%s; it stays pending", consumer.name, event.pk)
    return delivered
