"""One history row and one event per change, in order, and nothing for refusals."""
import datetime

from workflows.models import Event, TransitionRecord

from tests.builders import days
from tests.refusals import Unchanged


def _full_path(world, api, task, assignee):
    head, doer = api(world.head), api(assignee)
    steps = [
        (head, "assign", {"lead_office": world.office_a.pk, "assignee": assignee.pk, "due_date": str(days(30))}),
        (doer, "start", {}),
        (doer, "submit", {"result_note": "lần 1"}),
        (head, "return", {"reason": "Thiếu phụ lục"}),
        (doer, "resume", {}),
        (head, "extend", {"due_date": str(days(40)), "reason": "Chờ số liệu"}),
        (doer, "submit", {"result_note": "lần 2"}),
        (head, "approve", {"comment": "Đạt"}),
    ]
    for client, name, body in steps:
        r = client.transition("tasks", task.pk, name, body)
        assert r.status_code == 200, (name, r.json())
    return steps


def test_events_are_one_per_change_in_order(world, api, task_in, assignee):
    task = task_in("draft")
    _full_path(world, api, task, assignee)
    events = api(world.head).get("/api/v1/events/").json()["results"]
    assert [e["type"] for e in events] == [
        "task.assigned", "task.started", "task.submitted", "task.returned", "task.resumed",
        "task.deadline_extended", "task.submitted", "task.completed"]
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    assert {(e["subject_type"], e["subject_id"], e["agency"]) for e in events} == {("task", task.pk, world.agency.pk)}
    assert [e["actor"] for e in events] == [
        world.head.pk, assignee.pk, assignee.pk, world.head.pk, assignee.pk, world.head.pk, assignee.pk, world.head.pk]
    occurred = [datetime.datetime.fromisoformat(e["occurred_at"]) for e in events]
    assert occurred == sorted(occurred)
    assert events[3]["payload"]["reason"] == "Thiếu phụ lục"
    assert events[-1]["payload"]["state"] == "done"
    # Every history row points at its own event.
    records = TransitionRecord.objects.filter(subject_id=task.pk).order_by("id")
    assert [r.event_id for r in records] == [e["id"] for e in events]


def test_history_endpoint_shape(world, api, task_in, assignee):
    task = task_in("draft")
    _full_path(world, api, task, assignee)
    r = api(world.officer2).get(f"/api/v1/tasks/{task.pk}/history/")  # anyone of the agency may read it
    assert r.status_code == 200
    page = r.json()
    assert set(page) == {"count", "next", "previous", "results"} and page["count"] == 8
    rows = page["results"]
    assert {"from", "to", "by", "at", "reason"} <= set(rows[0])
    assert [(h["from"], h["to"]) for h in rows] == [
        ("draft", "assigned"), ("assigned", "in_progress"), ("in_progress", "submitted"),
        ("submitted", "returned"), ("returned", "in_progress"), ("in_progress", "in_progress"),
        ("in_progress", "submitted"), ("submitted", "done")]
    assert [h["by"] for h in rows][:2] == [world.head.pk, assignee.pk]
    assert rows[3]["reason"] == "Thiếu phụ lục" and rows[0]["reason"] == ""
    at = datetime.datetime.fromisoformat(rows[0]["at"])
    assert at.utcoffset() is not None  # ISO 8601 with offset
    assert rows[0]["data"]["assignee"] == assignee.pk and rows[0]["data"]["lead_office"] == world.office_a.pk


def test_history_of_a_task_without_changes_is_empty(world, api, task_in):
    task = task_in("draft")
    page = api(world.head).get(f"/api/v1/tasks/{task.pk}/history/").json()
    assert page["count"] == 0 and page["results"] == []


def test_refusals_write_nothing(world, api, task_in, assignee):
    task = task_in("submitted")
    with Unchanged(task):
        api(world.officer).transition("tasks", task.pk, "approve")                        # 403
        api(world.head).transition("tasks", task.pk, "start")                             # 403
        api(assignee).transition("tasks", task.pk, "resume")                              # 409
        api(world.head).transition("tasks", task.pk, "return", {})                         # 400
        api(world.head).transition("tasks", task.pk, "nope")                               # 404
        api(world.outsider_head).transition("tasks", task.pk, "approve")                   # 404
    assert Event.objects.count() == 0 and TransitionRecord.objects.count() == 0
