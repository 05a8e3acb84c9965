"""Celery tasks: event delivery on workers and the periodic jobs (``PAR_EVENT_DISPATCH=celery``).

An interface module (like an app's API): it may import any derived app, so the score
refresh runs from here too, by beat and, in the embedded default, after each deadline
pass (``scheduler.run_after_deadline_pass``), while scoring and deadlines import
nothing of each other.

Importing this module (``DeadlinesConfig.ready()`` does) hands the event dispatch its
queue: ``workflows.dispatch`` then enqueues ``dispatch_events`` (the ids one transaction
wrote, one batch) after each commit instead of delivering in-process. The engine never
imports Celery; the task names are kept (``workflows.*``) so queued work and the beat
schedule survive the move (``dispatch_event`` still takes single ids already queued).
"""
import datetime

from celery import shared_task

from backend.accounts.services import expired_tokens_purge
from backend.scoring.services import scores_refresh
from workflows import dispatch

from . import scheduler
from .scan import scan_deadlines as scan


@shared_task(name="workflows.dispatch_event", acks_late=True, ignore_result=True)
def dispatch_event(event_id):
    """Deliver one committed event to every consumer (idempotent per consumer)."""
    dispatch.dispatch(event_id)


@shared_task(name="workflows.dispatch_events", acks_late=True, ignore_result=True)
def dispatch_events(event_ids):
    """Deliver the events one transaction committed, as one batch per consumer."""
    dispatch.dispatch_batch(event_ids)


@shared_task(name="workflows.sweep_pending_events", ignore_result=True)
def sweep_pending_events(older_than_seconds=10):
    """Beat job: deliver events left pending by a crash or a broker outage."""
    return dispatch.sweep_pending(older_than=datetime.timedelta(seconds=older_than_seconds))  # per consumer


@shared_task(name="workflows.scan_deadlines", ignore_result=True)
def scan_deadlines():
    """Beat job (every 5 minutes): overdue flags and due-soon reminders, each once."""
    return scan()


@shared_task(name="scoring.refresh_scores", ignore_result=True)
def refresh_scores():
    """Beat job (every 5 minutes, like the deadline scan): stored scores catch up with time."""
    return scores_refresh()


@shared_task(name="accounts.purge_expired_tokens", ignore_result=True)
def purge_expired_tokens():
    """Beat job (hourly): expired API tokens are deleted."""
    return expired_tokens_purge()


def enqueue_events(event_ids):
    dispatch_events.apply_async((list(event_ids),), retry=False)


dispatch.use_queue(enqueue_events)
# What no event announces (time passing) reaches the stored score here, not on read.
scheduler.run_after_deadline_pass(scores_refresh)
scheduler.run_after_deadline_pass(expired_tokens_purge)
