"""Celery tasks: event delivery on workers and the periodic jobs (``PAR_EVENT_DISPATCH=celery``).

Importing this module (``DeadlinesConfig.ready()`` does) hands the event dispatch its
queue: ``workflows.dispatch`` then enqueues ``dispatch_event`` after each commit instead
of delivering in-process. The engine never imports Celery; the task names are kept
(``workflows.*``) so queued work and the beat schedule survive the move.
"""
import datetime

from celery import shared_task

from workflows import dispatch

from .scan import scan_deadlines as scan


@shared_task(name="workflows.dispatch_event", acks_late=True, ignore_result=True)
def dispatch_event(event_id):
    """Deliver one committed event to every consumer (idempotent per consumer)."""
    dispatch.dispatch(event_id)


@shared_task(name="workflows.sweep_pending_events", ignore_result=True)
def sweep_pending_events(older_than_seconds=10):
    """Beat job: deliver events left pending by a crash or a broker outage."""
    return dispatch.sweep_pending(older_than=datetime.timedelta(seconds=older_than_seconds))  # per consumer


@shared_task(name="workflows.scan_deadlines", ignore_result=True)
def scan_deadlines():
    """Beat job (every 5 minutes): overdue flags and due-soon reminders, each once."""
    return scan()


def enqueue_event(event_id):
    dispatch_event.apply_async((event_id,), retry=False)


dispatch.use_queue(enqueue_event)
