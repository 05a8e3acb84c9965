"""Handing committed events to their consumers.

Consumers (notifications, scoring, ...) register here; the domain never calls them.
"""
from django.db import transaction

_consumers = []


def register_consumer(consumer):
    """``consumer`` has a unique ``name`` and a ``handle(event)`` method."""
    if all(c.name != consumer.name for c in _consumers):
        _consumers.append(consumer)
    return consumer


def consumers():
    return list(_consumers)


def dispatch_on_commit(event):
    # Nothing to do until a consumer exists; the event row is the durable record.
    if not _consumers:
        return
    transaction.on_commit(lambda: dispatch(event.pk))


def dispatch(event_id):
    from .models import Event  # noqa: PLC0415

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    for consumer in list(_consumers):
        consumer.handle(event)
