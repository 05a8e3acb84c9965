"""The issue's "done when": with the clock moved past a due date, the overdue pass flags
exactly the right tasks and findings, their people get one live notification each, and a
second pass does nothing. Through the real command, dispatch, notification rules and
WebSocket push."""
import datetime

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command

from backend.inspections.models import Finding
from backend.plans.models import Task
from notifications.models import Notification
from tests.sockets import Socket, run, use_layer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(90)]

DAY = datetime.timedelta(days=1)


@pytest.fixture
def memory_layer(settings):
    use_layer(settings, "memory")


@run
async def test_clock_past_the_due_date_flags_notifies_once_then_nothing(world, make_task, make_finding,
                                                                      memory_layer):
    # Relative to the real date: notifications treat events older than a few days as stale.
    due = world.today + DAY
    past_due = (due + DAY).isoformat()

    def build():
        return dict(
            late=make_task(state="in_progress", assignee=world.officer, due_date=due),
            late_b=make_task(state="assigned", lead_office=world.office_b, assignee=world.officer2,
                             due_date=due),
            in_time=make_task(state="in_progress", assignee=world.officer, due_date=due + 30 * DAY),
            done=make_task(state="done", assignee=world.officer, due_date=due, completed_on_time=True),
            finding=make_finding(due_date=due),
            finding_closed=make_finding(state="closed", due_date=due),
        )

    things = await sync_to_async(build)()
    people = ["officer", "officer2", "office_head", "office_head_b", "head", "inspector"]
    sockets = {name: Socket(getattr(world, name)) for name in people}
    for socket in sockets.values():
        assert await socket.connect()

    await sync_to_async(call_command)("scan_deadlines", "--now", f"{past_due}T00:00")

    flagged_tasks = await sync_to_async(lambda: set(Task.objects.filter(overdue=True).values_list("pk", flat=True)))()
    flagged_findings = await sync_to_async(
        lambda: set(Finding.objects.filter(overdue=True).values_list("pk", flat=True)))()
    assert flagged_tasks == {things["late"].pk, things["late_b"].pk}
    assert flagged_findings == {things["finding"].pk}

    stored = await sync_to_async(lambda: list(
        Notification.objects.order_by("id").values_list("recipient_id", "event_type", "subject_id")))()
    # One notification per person and overdue item: no duplicates.
    assert len(stored) == len(set(stored))
    by_user = {}
    for recipient, event_type, subject_id in stored:
        by_user.setdefault(recipient, set()).add((event_type, subject_id))
    assert ("task.overdue", things["late"].pk) in by_user[world.officer.pk]
    assert ("task.overdue", things["late_b"].pk) in by_user[world.officer2.pk]
    assert ("finding.overdue", things["finding"].pk) in by_user[world.inspector.pk]
    assert by_user[world.head.pk] >= {("task.overdue", things["late"].pk),
                                      ("task.overdue", things["late_b"].pk)}
    assert not any(subject in (things["in_time"].pk, things["done"].pk)
                   for _, event_type, subject in stored if event_type == "task.overdue")

    # Each of them got exactly their stored notifications live, once.
    for name, socket in sockets.items():
        expected = by_user.get(getattr(world, name).pk, set())
        frames = await socket.receive_notifications(len(expected))
        assert {(f["event_type"], f["subject_id"]) for f in frames} == expected
        assert await socket.nothing(0.2)

    # The second pass: nothing flagged, nothing stored, nothing pushed.
    await sync_to_async(call_command)("scan_deadlines", "--now", f"{past_due}T00:05")
    assert await sync_to_async(Notification.objects.count)() == len(stored)
    for socket in sockets.values():
        assert await socket.nothing(0.2)
        await socket.close()
