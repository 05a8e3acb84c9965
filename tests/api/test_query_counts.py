"""List endpoints run a fixed number of queries, whatever the page size."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.comments import CommentFactory
from tests.factories.evidence import EvidenceFactory
from tests.factories.plans import TaskFactory

from tests.builders import state_fields


def _count(client, path, params):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(path, params)
    assert r.status_code == 200, r.content[:300]
    return len(ctx.captured_queries), r.json()


@pytest.fixture
def sixty_tasks(world, assignee):
    states = ["draft", "assigned", "in_progress", "submitted", "returned", "done"]
    offices = [world.office_a, world.office_b]
    tasks = []
    for i in range(60):
        state = states[i % len(states)]
        office = offices[i % 2]
        who = assignee if office == world.office_a else world.officer2
        tasks.append(TaskFactory(plan=world.plan, field=world.fields[i % 3], lead_office=office,
                                 supporting_offices=[offices[(i + 1) % 2]], **state_fields(state, who)))
    return tasks


@pytest.mark.parametrize("role", ["head", "officer", "assignee", "inspector"])
def test_task_list_queries_do_not_grow_with_page_size(role, world, api, cast, sixty_tasks):
    client = api(cast[role])
    small, page5 = _count(client, "/api/v1/tasks/", {"page_size": 5})
    large, page50 = _count(client, "/api/v1/tasks/", {"page_size": 50})
    assert len(page5["results"]) == 5 and len(page50["results"]) == 50
    assert large == small, (small, large)
    assert large <= 6
    # Every row still says what the caller may do with it, and who supports it.
    assert all(isinstance(t["available_transitions"], list) for t in page50["results"])
    assert all(len(t["supporting_offices"]) == 1 for t in page50["results"])


def test_filtered_task_list_queries_do_not_grow(world, api, sixty_tasks):
    client = api(world.head)
    params = {"plan": world.plan.pk, "office": world.office_a.pk, "state": ["in_progress", "returned"]}
    small, _ = _count(client, "/api/v1/tasks/", {**params, "page_size": 2})
    large, body = _count(client, "/api/v1/tasks/", {**params, "page_size": 50})
    assert body["count"] == 20 and large == small


def test_event_and_history_lists_are_flat(world, api, sixty_tasks):
    client = api(world.officer2)
    started = [t for t in sixty_tasks if t.state == "assigned"]
    assert len(started) == 10
    for task in started:
        assert client.transition("tasks", task.pk, "start").status_code == 200
    small, _ = _count(api(world.head), "/api/v1/events/", {"page_size": 1})
    large, body = _count(api(world.head), "/api/v1/events/", {"page_size": 50})
    assert body["count"] == len(started) and large == small
    task = started[0]
    client.transition("tasks", task.pk, "submit", {"result_note": "xong"})
    small, _ = _count(api(world.head), f"/api/v1/tasks/{task.pk}/history/", {"page_size": 1})
    large, body = _count(api(world.head), f"/api/v1/tasks/{task.pk}/history/", {"page_size": 50})
    assert body["count"] == 2 and large == small


def test_evidence_and_comment_lists_are_flat(world, api, sixty_tasks):
    task = sixty_tasks[2]
    for i in range(12):
        EvidenceFactory(task=task, uploaded_by=world.officer)
        CommentFactory(task=task, author=world.head if i % 2 else world.officer)
    client = api(world.head)
    for path in (f"/api/v1/tasks/{task.pk}/evidence/", f"/api/v1/tasks/{task.pk}/comments/"):
        small, _ = _count(client, path, {"page_size": 2})
        large, body = _count(client, path, {"page_size": 12})
        assert len(body["results"]) == 12 and large == small, path


def test_plan_and_user_lists_are_flat(world, api, sixty_tasks):
    client = api(world.head)
    for path in ("/api/v1/plans/", "/api/v1/users/", "/api/v1/offices/", "/api/v1/criteria/"):
        small, _ = _count(client, path, {"page_size": 1})
        large, _ = _count(client, path, {"page_size": 50})
        assert large == small, path
