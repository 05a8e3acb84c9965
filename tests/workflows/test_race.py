"""Two clients racing one transition: exactly one wins, one history row, one event.

Each thread has its own database connection (Django connections are per thread); the
data must be committed for the other connection to see it, hence transaction=True.
PostgreSQL serializes on the row lock (SELECT … FOR UPDATE): the loser waits, then sees
the new state (409 invalid_transition). SQLite's in-memory test database (shared cache)
refuses the second writer at once as busy (409 conflict); a file database waits on
BEGIN IMMEDIATE instead. Either way one wins and the other changes nothing.
"""
import threading

import pytest
from django.db import connection

from backend.plans.models import Task
from workflows.models import Event, TransitionRecord

from tests.builders import days
from tests.cast import for_each
from tests.refusals import assert_error

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


def _race(clients_and_calls):
    """Run each (client, path, body) in its own thread, released together."""
    barrier = threading.Barrier(len(clients_and_calls))
    responses = [None] * len(clients_and_calls)
    errors = []

    def run(i, client, path, body):
        try:
            barrier.wait(timeout=10)
            responses[i] = client.post(path, body)
        except Exception as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(clients_and_calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    return responses


def _assert_one_winner(responses, task, expected_state):
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 409], [(r.status_code, r.content[:300]) for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"]["code"] in {"conflict", "invalid_transition"}
    assert_error(loser, 409, loser.json()["error"]["code"])
    assert Task.objects.get(pk=task.pk).state == expected_state
    assert TransitionRecord.objects.filter(subject_type="task", subject_id=task.pk).count() == 1
    assert Event.objects.filter(subject_type="task", subject_id=task.pk).count() == 1


def test_racing_transitions_have_one_winner(world, api, task_in, assignee):
    """Same transition twice, and two transitions out of one state; one flush for all cases."""
    def race(case):
        state, calls = case
        task = task_in(state)
        base = f"/api/v1/tasks/{task.pk}/transitions"
        responses = _race([(api(user), f"{base}/{name}/", body) for user, name, body in calls])
        winner = next((calls[i][1] for i, r in enumerate(responses) if r.status_code == 200), None)
        _assert_one_winner(responses, task, {"approve": "done", "return": "returned", "start": "in_progress"}.get(winner))

    for_each([
        ("submitted", [(world.head, "approve", {}), (world.office_head, "approve", {})]),
        ("submitted", [(world.head, "approve", {}), (world.office_head, "return", {"reason": "Thiếu số liệu"})]),
        ("assigned", [(world.officer, "start", {}), (assignee, "start", {})]),
    ], race)


def test_two_extensions_at_once_both_run_in_turn(world, api, task_in):
    """extend keeps the state, so both may succeed, but one after the other: no lost history."""
    task = task_in("in_progress", due_date=days(5))
    path = f"/api/v1/tasks/{task.pk}/transitions/extend/"
    responses = _race([
        (api(world.head), path, {"due_date": str(days(20)), "reason": "a"}),
        (api(world.head), path, {"due_date": str(days(30)), "reason": "b"}),
    ])
    codes = sorted(r.status_code for r in responses)
    # Serialized: both run (20 then 30), or the 30-day one ran first and the 20-day one is
    # no longer later (400). SQLite's shared-cache test database may instead refuse the
    # second writer outright as busy (409 conflict), which changes nothing either.
    assert codes in ([200, 200], [200, 400], [200, 409]), [(r.status_code, r.content[:300]) for r in responses]
    won = [r.json()["due_date"] for r in responses if r.status_code == 200]
    assert str(Task.objects.get(pk=task.pk).due_date) == max(won)
    rows = TransitionRecord.objects.filter(subject_id=task.pk).order_by("id")
    assert rows.count() == codes.count(200) == Event.objects.filter(subject_id=task.pk).count()
    # Each row's "from" is the date the previous one left: the changes chain.
    previous = str(days(5))
    for row in rows:
        assert row.data["changes"]["due_date"]["from"] == previous
        previous = row.data["changes"]["due_date"]["to"]
