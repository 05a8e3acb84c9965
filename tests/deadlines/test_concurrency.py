"""Two passes at the same moment (two workers, or the scheduler and a hand-run command)
emit each event once. Real transactions, real threads, each with its own connection."""
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from backend.plans.models import Task
from backend.deadlines.scan import flag_overdue, scan_deadlines, send_due_soon

from .conftest import at, d, events

pytestmark = pytest.mark.django_db(transaction=True)

N = 40


def _in_threads(*funcs, timeout=60):
    """Run each function in its own thread, all released at once; return their results."""
    barrier = threading.Barrier(len(funcs))
    results, errors = [None] * len(funcs), []

    def run(i, func):
        try:
            barrier.wait(timeout)
            results[i] = func()
        except Exception as exc:  # noqa: BLE001  reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(funcs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a pass hung"
    assert not errors, errors
    return results


def _retry_if_table_locked(func, attempts=500):
    """The SQLite test database is in memory with a shared cache, where a second writer
    gets "database table is locked" at once instead of waiting as it does on the file
    database of the embedded default (BEGIN IMMEDIATE, busy timeout). The failed pass
    has rolled back whole; like the scheduler's next tick, run it again."""
    pause = threading.Event()
    for _ in range(attempts - 1):
        try:
            return func()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            pause.wait(0.01)
    return func()


def _pass_while_held(row, now):
    """A pass run while another transaction (a transition, an edit) holds ``row`` locked."""
    locked, done = threading.Event(), threading.Event()

    def holding():
        with transaction.atomic():
            type(row).objects.select_for_update().get(pk=row.pk)
            locked.set()
            assert done.wait(30)

    def scanning():
        assert locked.wait(30)
        try:
            return flag_overdue(now)
        finally:
            done.set()

    return _in_threads(holding, scanning)[1]


def _each_once(type_, subjects):
    ids = [e.subject_id for e in events(type_)]
    assert sorted(ids) == sorted(s.pk for s in subjects), f"{type_}: {len(ids)} events for {len(subjects)}"


def test_two_passes_at_once_flag_each_task_once(world, make_task, make_finding):
    late = [make_task(state="in_progress", due_date=d(2026, 10, 9)) for _ in range(N)]
    findings = [make_finding(due_date=d(2026, 10, 9)) for _ in range(3)]
    soon = [make_task(state="assigned", due_date=d(2026, 10, 14)) for _ in range(5)]
    now = at(2026, 10, 12, 0, 0)

    def scan():
        # scan_deadlines, with each of its passes retried on its own (see below).
        overdue = _retry_if_table_locked(lambda: flag_overdue(now))
        return {**overdue, "due_soon": _retry_if_table_locked(lambda: send_due_soon(now))}

    results = _in_threads(scan, scan, scan)

    assert sum(r["tasks"] for r in results) == N
    assert sum(r["findings"] for r in results) == 3
    assert sum(r["due_soon"] for r in results) == 5
    _each_once("task.overdue", late)
    _each_once("finding.overdue", findings)
    _each_once("task.due_soon", soon)
    assert Task.objects.filter(overdue=True).count() == N
    assert scan_deadlines(now) == {"tasks_overdue": 0, "findings_overdue": 0, "tasks_due_soon": 0}


@pytest.mark.skipif("connection.vendor != 'postgresql'",
                    reason="SQLite has one writer at a time: a second pass waits, then finds nothing")
def test_a_pass_skips_what_another_pass_holds_and_does_not_wait_for_it(world, make_task):
    """Deterministic overlap on PostgreSQL: pass A has flipped the rows but not committed;
    pass B, meanwhile, flips none of them (and does not block); after A commits, nothing
    is left for anyone."""
    tasks = [make_task(state="in_progress", due_date=d(2026, 10, 9)) for _ in range(N)]
    now = at(2026, 10, 10, 8, 0)
    flipped, release = threading.Event(), threading.Event()

    def pass_a():
        with transaction.atomic():
            result = flag_overdue(now)
            flipped.set()
            assert release.wait(30)
        return result

    def pass_b():
        assert flipped.wait(30)
        try:
            return flag_overdue(now)
        finally:
            release.set()

    result_a, result_b = _in_threads(pass_a, pass_b)
    assert result_a["tasks"] == N and result_b["tasks"] == 0
    _each_once("task.overdue", tasks)
    assert flag_overdue(now)["tasks"] == 0


def test_a_task_changed_during_a_pass_is_neither_lost_nor_flagged_twice(world, make_task, api):
    """A transition holding a task's row while a pass runs: the pass flags the others now
    and that one at the next pass, once."""
    tasks = [make_task(state="in_progress", due_date=d(2026, 10, 9)) for _ in range(5)]
    now = at(2026, 10, 10, 8, 0)
    if connection.vendor == "sqlite":
        # One writer at a time: the pass simply runs after the other transaction.
        first = flag_overdue(now)["tasks"]
        assert first == 5
    else:
        first = _pass_while_held(tasks[0], now)["tasks"]
    second = flag_overdue(now)["tasks"]
    assert first + second == 5
    _each_once("task.overdue", tasks)


def test_due_soon_in_two_passes_at_once(world, make_task):
    tasks = [make_task(state="in_progress", due_date=d(2026, 10, 8)) for _ in range(N)]
    now = at(2026, 10, 5, 8, 0)
    results = _in_threads(*[lambda: _retry_if_table_locked(lambda: send_due_soon(now))] * 2)
    assert sum(results) == N
    _each_once("task.due_soon", tasks)


@pytest.mark.skipif("connection.vendor != 'postgresql'",
                    reason="SQLite has one writer at a time: the pass runs after the other transaction")
def test_a_plan_held_by_another_transaction_does_not_hide_its_tasks_from_the_pass(world, make_task):
    """The pass locks the tasks it flips, not the plans it reads their agency from: a
    plan being edited (its row locked) while the pass runs has its late tasks flagged
    now, not skipped until the next pass."""
    tasks = [make_task(state="in_progress", due_date=d(2026, 10, 9)) for _ in range(5)]
    assert _pass_while_held(tasks[0].plan, at(2026, 10, 10, 8, 0))["tasks"] == 5
    _each_once("task.overdue", tasks)
