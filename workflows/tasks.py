"""Celery tasks of the event log (used when ``PAR_EVENT_DISPATCH=celery``)."""
import datetime

from backend.celery import app

from . import dispatch


@app.task(name="workflows.dispatch_event", acks_late=True, ignore_result=True)
def dispatch_event(event_id):
    """Deliver one committed event to every consumer (idempotent per consumer)."""
    dispatch.dispatch(event_id)


@app.task(name="workflows.dispatch_events", acks_late=True, ignore_result=True)
def dispatch_events(event_ids):
    """Deliver the events one transaction committed, as one batch per consumer."""
    dispatch.dispatch_batch(event_ids)


@app.task(name="workflows.sweep_pending_events", ignore_result=True)
def sweep_pending_events(older_than_seconds=10):
    """Beat job: deliver events left pending by a crash or a broker outage."""
    return dispatch.sweep_pending(older_than=datetime.timedelta(seconds=older_than_seconds))  # per consumer


@app.task(name="workflows.scan_deadlines", ignore_result=True)
def scan_deadlines():
    """Beat job (every 5 minutes): overdue flags and due-soon reminders, each once."""
    from .deadlines import scan_deadlines as scan  # noqa: PLC0415

    return scan()
