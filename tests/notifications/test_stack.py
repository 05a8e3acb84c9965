"""The scaled shape for real: two Daphne processes, a Celery worker, PostgreSQL and Redis.

The issue's done-when, end to end over real sockets: ``head`` assigns a task and both of
``officer``'s sessions (one on each Daphne process) get the notification within a
second; ``officer`` goes away, three more events happen, ``officer`` comes back on the
other process, resumes, and gets exactly those three, in order.
"""
import asyncio
import datetime
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from knox.models import AuthToken

from tests.sockets import requires_postgres, requires_redis

websockets = pytest.importorskip("websockets")

pytestmark = [requires_postgres, requires_redis, pytest.mark.django_db(transaction=True),
              pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on {port}")


def wait_for_line(path, text, proc, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}: {path.read_text()[-2000:]}")
        if path.exists() and text in path.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise TimeoutError(f"{text!r} not in {path}")


@pytest.fixture
def stack(world, tmp_path):
    import redis

    db = settings.DATABASES["default"]
    database_url = (f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
                    f"{db['PORT'] or 5432}/{db['NAME']}")
    redis.Redis.from_url(settings.REDIS_URL).flushdb()  # this run's own Redis db: no stale groups
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": settings.REDIS_URL,
           "PAR_EVENT_DISPATCH": "celery", "DJANGO_SETTINGS_MODULE": "backend.settings",
           "PAR_LOG_LEVEL": "WARNING"}
    procs, ports = [], []
    try:
        worker_log = tmp_path / "worker.log"
        worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "backend", "worker", "-P", "solo", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=env, stdout=worker_log.open("w"), stderr=subprocess.STDOUT)
        procs.append(worker)
        for i in range(2):
            port = free_port()
            proc = subprocess.Popen(
                [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "backend.asgi:application"],
                cwd=ROOT, env=env, stdout=(tmp_path / f"daphne{i}.log").open("w"), stderr=subprocess.STDOUT)
            procs.append(proc)
            ports.append(port)
        for port, proc in zip(ports, procs[1:]):
            wait_for_port(port, proc)
        wait_for_line(worker_log, "ready.", worker)
        yield ports, worker_log
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def http_post(port, path, token, body):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


async def open_socket(port, token):
    return await websockets.connect(f"ws://127.0.0.1:{port}/ws/notifications/?token={token}",
                                    origin=f"http://127.0.0.1:{port}")


async def next_notification(ws, timeout):
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame["type"] == "notification":
            return frame


def test_done_when_across_two_daphne_processes_and_a_worker(world, make_task, stack):
    (port1, port2), worker_log = stack
    officer = AuthToken.objects.create(user=world.officer)[1]
    head = AuthToken.objects.create(user=world.head)[1]
    tasks = [make_task() for _ in range(3)]
    new_due = (world.today + datetime.timedelta(days=60)).isoformat()

    async def scenario():
        tab1, tab2 = await open_socket(port1, officer), await open_socket(port2, officer)
        head_tab = await open_socket(port2, head)
        for ws in (tab1, tab2, head_tab):
            await ws.send(json.dumps({"type": "ping"}))
            assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "pong"}  # joined

        status, _ = await asyncio.to_thread(
            http_post, port1, f"/api/v1/tasks/{tasks[0].pk}/transitions/assign/", head,
            {"lead_office": world.office_a.pk, "assignee": world.officer.pk})
        answered = time.monotonic()
        assert status == 200
        first = await next_notification(tab1, 5)
        latency1 = time.monotonic() - answered
        second = await next_notification(tab2, 5)
        latency2 = time.monotonic() - answered
        assert first == second and first["event_type"] == "task.assigned"
        assert latency1 < 1.0 and latency2 < 1.0, (latency1, latency2)
        await tab1.close()
        await tab2.close()

        # Officer is away: three events for them, through the other process.
        for task in tasks[1:]:
            status, _ = await asyncio.to_thread(
                http_post, port2, f"/api/v1/tasks/{task.pk}/transitions/assign/", head,
                {"lead_office": world.office_a.pk, "assignee": world.officer.pk})
            assert status == 200
        status, _ = await asyncio.to_thread(
            http_post, port2, f"/api/v1/tasks/{tasks[0].pk}/transitions/extend/", head,
            {"due_date": new_due, "reason": "Chờ ý kiến thẩm định"})
        assert status == 200

        back = await open_socket(port1, officer)
        await back.send(json.dumps({"type": "resume", "after": first["id"]}))
        missed = [await next_notification(back, 5) for _ in range(3)]
        with pytest.raises(asyncio.TimeoutError):
            await next_notification(back, 1.0)  # exactly three
        with pytest.raises(asyncio.TimeoutError):
            await next_notification(head_tab, 0.2)  # the actor heard nothing
        await back.close()
        await head_tab.close()
        return missed

    missed = asyncio.run(scenario())
    assert [(f["event_type"], f["subject_id"]) for f in missed] == [
        ("task.assigned", tasks[1].pk), ("task.assigned", tasks[2].pk),
        ("task.deadline_extended", tasks[0].pk)]
    assert [f["id"] for f in missed] == sorted(f["id"] for f in missed)
    # The worker did the dispatching (not the in-process fallback).
    assert worker_log.read_text().count("Task workflows.dispatch_event") >= 4
