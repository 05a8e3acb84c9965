"""Each task action writes exactly its events, with the payload consumers rely on."""
import pytest

from tests.builders import days
from tests.events import verify_action

pytestmark = pytest.mark.django_db


def _ok(response):
    assert response.status_code == 200, response.json()


def test_assign_start_submit_approve_write_one_event_each(world, api, task_in, assignee):
    task = task_in("draft", assignee=None)
    head, doer, office_head = api(world.head), api(assignee), api(world.office_head)
    due = days(45)
    assert task.due_date != due

    verify_action(lambda: _ok(head.transition("tasks", task.pk, "assign", {
        "lead_office": world.office_a.pk, "assignee": assignee.pk, "due_date": str(due)})), [
        ("task.assigned", task, {
            "transition": "assign", "from": "draft", "to": "assigned", "state": "assigned",
            "assignee": assignee.pk, "lead_office": world.office_a.pk, "due_date": due.isoformat(),
            "changes": {"assignee_id": {"from": None, "to": assignee.pk},
                        "due_date": {"from": task.due_date.isoformat(), "to": due.isoformat()}},
        }),
    ])
    verify_action(lambda: _ok(doer.transition("tasks", task.pk, "start")), [
        ("task.started", task, {"from": "assigned", "to": "in_progress", "assignee": assignee.pk}),
    ])
    verify_action(lambda: _ok(doer.transition("tasks", task.pk, "submit", {"result_note": "Đã xong"})), [
        ("task.submitted", task, {"from": "in_progress", "to": "submitted", "lead_office": world.office_a.pk}),
    ])
    verify_action(lambda: _ok(office_head.transition("tasks", task.pk, "approve", {"comment": "Đạt"})), [
        ("task.completed", task, {"transition": "approve", "from": "submitted", "to": "done", "state": "done",
                                  "assignee": assignee.pk, "reason": ""}),
    ])


def test_a_refused_action_writes_no_event(world, api, task_in, assignee):
    task = task_in("in_progress")
    verify_action(lambda: api(world.officer2).transition("tasks", task.pk, "submit", {"result_note": "x"}), [])
    verify_action(lambda: api(world.head).transition("tasks", task.pk, "cancel", {}), [])


def test_cancel_carries_its_reason(world, api, task_in, make_document):
    task = task_in("assigned")
    amendment = make_document(kind="amendment")
    verify_action(lambda: _ok(api(world.head).transition("tasks", task.pk, "cancel",
                                                         {"reason": "Trùng lặp", "document": amendment.pk})), [
        ("task.cancelled", task, {"from": "assigned", "to": "cancelled", "reason": "Trùng lặp",
                                  "document": amendment.pk}),
    ])
