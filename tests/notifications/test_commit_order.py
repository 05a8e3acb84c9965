"""Notification ids follow commit order, unlike sequence ids: two overlapping transactions.

PostgreSQL only (SQLite runs one writer at a time, so it cannot overlap writers).
"""
import threading

import pytest
from django.db import connection, transaction

from notifications.models import Notification
from notifications.selectors import notifications_after
from notifications.services import notify_event
from workflows.dispatch import deliver
from tests.factories.workflows import EventFactory
from workflows.models import Event

from tests.sockets import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def event_for(world, **kwargs):
    payload = {"code": "1.1", "title": "Rà soát", "lead_office": world.office_a.pk,
               "assignee": world.officer.pk, "due_date": "2030-01-01"}
    return EventFactory(type="task.assigned", agency=world.agency, actor=world.head, payload=payload, **kwargs)


class Writer(threading.Thread):
    """Runs ``work`` in its own connection and transaction, and commits only when told."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work = work
        self.wrote = threading.Event()
        self.commit = threading.Event()
        self.result = None
        self.error = None

    def run(self):
        try:
            with transaction.atomic():
                self.result = self.work()
                self.wrote.set()
                assert self.commit.wait(10)
        except Exception as exc:  # noqa: BLE001  reported by the test
            self.error = exc
            self.wrote.set()
        finally:
            connection.close()


def test_sequence_ids_are_not_commit_order_which_is_why_notifications_do_not_use_them(world):
    """The hazard: a reader of ``id > last seen`` over a sequence skips a late committer forever."""
    slow = Writer(lambda: Event.objects.create(type="x", occurred_at=world.plan.created_at,
                                               subject_type="task", subject_id=1).pk)
    slow.start()
    assert slow.wrote.wait(10)
    fast = Event.objects.create(type="y", occurred_at=world.plan.created_at, subject_type="task", subject_id=2)
    seen = list(Event.objects.filter(type__in=["x", "y"]).order_by("id").values_list("id", flat=True))
    assert seen == [fast.pk] and slow.result < fast.pk  # smaller id, not visible yet
    slow.commit.set()
    slow.join(10)
    later = list(Event.objects.filter(type__in=["x", "y"], id__gt=seen[-1]).values_list("id", flat=True))
    assert later == []  # the slow one is behind the cursor: skipped for ever


def test_overlapping_notification_writers_get_ids_in_commit_order(world):
    first_event, second_event = event_for(world), event_for(world)
    first = Writer(lambda: [n.id for n in notify_event(event=first_event)])
    first.start()
    assert first.wrote.wait(10) and first.error is None

    # The second writer overlaps: it must wait for the first to commit before it takes ids.
    second = Writer(lambda: [n.id for n in notify_event(event=second_event)])
    second.start()
    assert not second.wrote.wait(0.5), "the second writer took an id while the first was open"
    assert notifications_after(world.officer.pk, 0) == []  # a resuming reader sees nothing yet

    first.commit.set()
    first.join(10)
    assert second.wrote.wait(10) and second.error is None
    resumed = [n.id for n in notifications_after(world.officer.pk, 0)]
    assert resumed == first.result  # the reader's cursor is now at the first one...
    second.commit.set()
    second.join(10)
    # ...and nothing can appear behind it: the later commit has the larger id.
    later = [n.id for n in notifications_after(world.officer.pk, resumed[-1])]
    assert later == second.result and min(later) > max(first.result)


def test_two_dispatchers_racing_on_one_event_notify_once(world):
    from notifications.services import NotificationsConsumer

    event = event_for(world)
    consumer = NotificationsConsumer()
    first = Writer(lambda: deliver(event, consumer))
    first.start()
    assert first.wrote.wait(10) and first.result is True
    second = Writer(lambda: deliver(event, consumer))
    second.start()
    assert not second.wrote.wait(0.5)  # waits on the first one's claim
    first.commit.set()
    first.join(10)
    assert second.wrote.wait(10) and second.error is None
    second.commit.set()
    second.join(10)
    assert second.result is False
    assert Notification.objects.filter(event=event).count() == 1
