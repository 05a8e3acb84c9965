"""Writing events. Every write that changes state records one here, in its transaction."""
import datetime
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from .dispatch import dispatch_on_commit
from .models import Event


def jsonable(value):
    """Event payloads and history data are JSON: dates as ISO text, objects as ids."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return value


def emit_event(*, type, subject, actor=None, payload=None, occurred_at=None) -> Event:
    """Record an event about ``subject``. Must run inside the transaction of the change."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("events are written in the transaction of the change they record")
    event = Event.objects.create(
        type=type,
        occurred_at=occurred_at or timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        agency_id=subject.event_agency_id,
        subject_type=subject.subject_type,
        subject_id=subject.pk,
        payload=jsonable({**subject.event_payload(), **(payload or {})}),
    )
    dispatch_on_commit(event)
    return event


def emit_events_bulk(*, type, subjects, actor=None, payloads=None, occurred_at=None) -> list[Event]:
    """Record one event of ``type`` per subject, in one INSERT: for set-wise jobs.

    The same rules as ``emit_event``: inside the change's transaction, each event
    handed to dispatch after commit. ``payloads`` (parallel to ``subjects``) adds to
    each subject's ``event_payload()``.
    """
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("events are written in the transaction of the change they record")
    subjects = list(subjects)
    if not subjects:
        return []
    payloads = payloads if payloads is not None else [{}] * len(subjects)
    at = occurred_at or timezone.now()
    actor = actor if actor is not None and actor.pk else None
    events = Event.objects.bulk_create([
        Event(type=type, occurred_at=at, actor=actor, agency_id=subject.event_agency_id,
              subject_type=subject.subject_type, subject_id=subject.pk,
              payload=jsonable({**subject.event_payload(), **extra}))
        for subject, extra in zip(subjects, payloads, strict=True)
    ])
    for event in events:
        dispatch_on_commit(event)
    return events
