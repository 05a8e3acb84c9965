"""Writing events. Every write that changes state records one here, in its transaction.

Each payload is checked against its type's declared schema (``event_schemas``) before
it is written.
"""
import datetime
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from .dispatch import dispatch_on_commit
from .event_schemas import check_event
from .models import Event
from .setwise import insert_rows

# Every column of an Event, in field order (how ``Model.from_db`` takes a whole row).
_EVENT_COLUMNS = ("id", "type", "occurred_at", "actor_id", "agency_id", "subject_type", "subject_id", "payload")


_AS_IS = frozenset({str, int, float, bool, type(None)})
# The other common values by their exact type: one look-up, not a chain of isinstance.
_CONVERT = {datetime.date: datetime.date.isoformat, datetime.datetime: datetime.datetime.isoformat,
            Decimal: str}


def jsonable(value):
    """Event payloads and history data are JSON: dates as ISO text, objects as ids."""
    if type(value) in _AS_IS:  # most values: one look-up (a deadline pass converts 100,000)
        return value
    convert = _CONVERT.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        # Most values need nothing: no call for them (a deadline pass has 100,000).
        return {k: v if type(v) in _AS_IS else jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return value


def emit_event(*, type, subject, actor=None, payload=None, occurred_at=None) -> Event:
    """Record an event about ``subject``. Must run inside the transaction of the change."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("events are written in the transaction of the change they record")
    payload = jsonable({**subject.event_payload(), **(payload or {})})
    check_event(type, subject.subject_type, payload)
    event = Event.objects.create(
        type=type,
        occurred_at=occurred_at or timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        agency_id=subject.event_agency_id,
        subject_type=subject.subject_type,
        subject_id=subject.pk,
        payload=payload,
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
    actor_id = actor.pk if actor is not None and actor.pk else None
    rows = []
    for subject, extra in zip(subjects, payloads, strict=True):
        payload = jsonable({**subject.event_payload(), **extra})
        check_event(type, subject.subject_type, payload)
        rows.append((subject.event_agency_id, subject.subject_type, subject.pk, payload))
    # One statement whatever the number (``bulk_create`` would quote every value of
    # every row into arrays: most of a deadline pass's time). Ids come in row order.
    ids = sorted(insert_rows(Event, ("agency", "subject_type", "subject_id", "payload"), rows,
                             same={"type": type, "occurred_at": at, "actor": actor_id}, returning="id"))
    db = Event.objects.db
    events = [Event.from_db(db, _EVENT_COLUMNS, (pk, type, at, actor_id, agency_id, subject_type, subject_id, payload))
              for pk, (agency_id, subject_type, subject_id, payload) in zip(ids, rows, strict=True)]
    dispatch_on_commit(events)  # delivered as one batch after the commit
    return events
