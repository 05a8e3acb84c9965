"""Live-notification latency and the cost of fan-out, on the scaled stack, on loopback.

    .venv/bin/python bench/notify_latency.py [--clients 500] [--samples 200] [--mode inline celery]

What it does (bounded, loopback only, stops by itself):
  1. (re)creates a PostgreSQL database for the bench, migrates it, seeds one agency;
  2. per dispatch mode: starts N Daphne processes (and a Celery worker for ``celery``)
     on local ports against PostgreSQL + Redis (channels-redis);
  3. connects ``--clients`` WebSocket clients (token auth), spread over the processes;
  4. latency: an officer runs ``start`` on a task (→ one notification to the office
     head); the time from that HTTP response to the frame at the head's socket;
     p50/p95/p99, against a bare ``group_send`` through the same channel layer to the
     same consumer class (no database, no dispatch), as a ratio;
  5. throughput of the ``assign`` transition with its notification fan-out to 50
     recipients and with none (an office with no members), at a fixed concurrency.

Needs PostgreSQL and Redis (defaults: postgres://postgres@127.0.0.1:5432/par_bench_h3,
redis://127.0.0.1:6379/3 — the Redis db is flushed) and the ``websockets`` package
(``pip install .[bench]``).
"""
import argparse
import asyncio
import datetime
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

FANOUT = 50


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=500, help="WebSocket clients connected (default 500)")
    p.add_argument("--samples", type=int, default=200, help="latency samples per measurement")
    p.add_argument("--requests", type=int, default=200, help="transitions per throughput run")
    p.add_argument("--concurrency", type=int, default=8, help="HTTP connections in the throughput runs")
    p.add_argument("--daphnes", type=int, default=2, help="Daphne processes")
    p.add_argument("--mode", nargs="+", default=["inline", "celery"], choices=["inline", "celery"],
                   help="event dispatch: in the web process after commit, or on a Celery worker")
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/par_bench_h3"))
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"))
    return p.parse_args()


# --- database ------------------------------------------------------------------

def recreate_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(n_clients, n_latency, n_throughput):
    """One agency: the people, their tokens and the tasks the runs move. Returns ids and tokens."""
    from django.utils import timezone
    from knox.models import AuthToken

    from backend.accounts.models import Agency, Office, Role, User
    from backend.criteria.models import Criterion, Methodology
    from backend.plans.models import ReformPlan, Task

    today = timezone.localdate()
    methodology = Methodology.objects.create(code="bench", name="Bench")
    field = Criterion.objects.create(methodology=methodology, code="1", name="Lĩnh vực 1", max_points=10)
    agency = Agency.objects.create(name="Sở Xây dựng (bench)", methodology=methodology)
    office_a, office_b, office_f, office_z = (
        Office.objects.create(agency=agency, name=name) for name in ("Phòng A", "Phòng B", "Phòng F", "Phòng Z"))
    plan = ReformPlan.objects.create(agency=agency, year=today.year, title="Kế hoạch bench",
                                     issue_deadline=datetime.date(today.year - 1, 12, 31),
                                     state="approved", approved_at=timezone.now())

    def person(username, role, office=None):
        return User(username=username, role=role, agency=agency, office=office, password="!")

    people = [person("head", Role.HEAD), person("office_head", Role.OFFICE_HEAD, office_a),
              person("officer", Role.OFFICER, office_a), person("baseline", Role.OFFICER, office_b)]
    people += [person(f"fan{i}", Role.OFFICER, office_f) for i in range(FANOUT)]
    people += [person(f"idle{i}", Role.OFFICER, office_b) for i in range(max(0, n_clients - 2 - FANOUT))]
    User.objects.bulk_create(people)
    users = {u.username: u for u in User.objects.filter(agency=agency)}
    tokens = {name: AuthToken.objects.create(user=u)[1] for name, u in users.items()}

    due = today + datetime.timedelta(days=60)
    tasks = [Task(plan=plan, code=f"L{i}", title=f"Nhiệm vụ đo độ trễ {i}", field=field, state="assigned",
                  lead_office=office_a, assignee=users["officer"], due_date=due) for i in range(n_latency)]
    tasks += [Task(plan=plan, code=f"T{i}", title=f"Nhiệm vụ đo thông lượng {i}", field=field, due_date=due)
              for i in range(n_throughput)]
    Task.objects.bulk_create(tasks)
    latency_tasks = list(Task.objects.filter(code__startswith="L").order_by("id").values_list("id", flat=True))
    draft_tasks = list(Task.objects.filter(code__startswith="T").order_by("id").values_list("id", flat=True))
    return {"users": {k: u.pk for k, u in users.items()}, "tokens": tokens, "latency_tasks": latency_tasks,
            "draft_tasks": draft_tasks, "office_f": office_f.pk, "office_z": office_z.pk}


# --- processes -----------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """Daphne processes (+ a Celery worker) on loopback; always torn down."""

    def __init__(self, env, daphnes, with_worker, logdir):
        self.env, self.daphnes, self.with_worker, self.logdir = env, daphnes, with_worker, logdir
        self.procs, self.ports = [], []

    def __enter__(self):
        if self.with_worker:
            log = Path(self.logdir) / "worker.log"
            self.worker_log = log
            self.procs.append(subprocess.Popen(
                [str(BIN / "celery"), "-A", "backend", "worker", "-P", "solo", "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "-l", "info"],
                cwd=ROOT, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT))
        for i in range(self.daphnes):
            port = free_port()
            self.ports.append(port)
            self.procs.append(subprocess.Popen(
                [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "backend.asgi:application"],
                cwd=ROOT, env=self.env, stdout=(Path(self.logdir) / f"daphne{i}.log").open("w"),
                stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        for port in self.ports:
            while True:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if time.monotonic() > deadline or any(p.poll() is not None for p in self.procs):
                    raise RuntimeError(f"a server did not start; see logs in {self.logdir}")
                time.sleep(0.1)
        if self.with_worker:
            while "ready." not in self.worker_log.read_text(errors="replace"):
                if time.monotonic() > deadline or self.procs[0].poll() is not None:
                    raise RuntimeError(f"the worker did not start; see {self.worker_log}")
                time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


# --- clients -------------------------------------------------------------------

def percentiles(values):
    ordered = sorted(values)

    def pick(q):
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "n": len(ordered)}


def fmt(stats):
    return (f"p50 {stats['p50'] * 1000:7.2f} ms   p95 {stats['p95'] * 1000:7.2f} ms   "
            f"p99 {stats['p99'] * 1000:7.2f} ms   (n={stats['n']})")


class Clients:
    """All WebSocket clients; the watched ones record when each notification arrived."""

    def __init__(self, ports, seeded):
        self.ports, self.seeded = ports, seeded
        self.sockets, self.readers = [], []
        self.arrivals = {}  # (username, key) -> time
        self.waiters = {}
        self.bare_last = None

    async def connect_all(self, usernames):
        import websockets

        semaphore = asyncio.Semaphore(50)

        async def one(i, username):
            port = self.ports[i % len(self.ports)]
            async with semaphore:
                ws = await websockets.connect(
                    f"ws://127.0.0.1:{port}/ws/notifications/?token={self.seeded['tokens'][username]}",
                    origin=f"http://127.0.0.1:{port}", max_queue=None, open_timeout=30)
                await ws.send('{"type":"ping"}')
                assert json.loads(await asyncio.wait_for(ws.recv(), 30)) == {"type": "pong"}
            return username, ws

        pairs = await asyncio.gather(*(one(i, u) for i, u in enumerate(usernames)))
        for username, ws in pairs:
            self.sockets.append(ws)
            self.readers.append(asyncio.create_task(self.read(username, ws)))

    async def read(self, username, ws):
        watched = username in ("office_head", "baseline")
        try:
            async for raw in ws:
                if not watched:
                    continue  # drained, not parsed: the load of an idle open tab
                now = time.perf_counter()
                frame = json.loads(raw)
                if frame.get("type") != "notification":
                    continue
                key = (username, frame["subject_id"])
                self.arrivals[key] = now
                waiter = self.waiters.pop(key, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(now)
        except Exception:  # noqa: BLE001  closed at the end
            pass

    def expect(self, username, key):
        fut = asyncio.get_running_loop().create_future()
        self.waiters[(username, key)] = fut
        return fut

    async def close(self):
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        for r in self.readers:
            r.cancel()


async def measure_transitions(clients, seeded, port, samples):
    from _http import HttpConnection

    conn = HttpConnection("127.0.0.1", port)
    auth = {"Authorization": f"Token {seeded['tokens']['officer']}"}
    from_response, from_request = [], []
    for task_id in seeded["latency_tasks"][:samples]:
        arrived = clients.expect("office_head", task_id)
        sent = time.perf_counter()
        status, body = await conn.post_json(f"/api/v1/tasks/{task_id}/transitions/start/", {}, auth)
        answered = time.perf_counter()
        assert status == 200, body[:300]
        at = await asyncio.wait_for(arrived, 10)
        from_response.append(at - answered)
        from_request.append(at - sent)
    await conn.close()
    return from_response, from_request


async def measure_bare_group_send(clients, seeded, samples):
    """The same channel layer, the same consumer class, no database and no dispatch."""
    from channels.layers import get_channel_layer

    from notifications.push import user_group

    layer = get_channel_layer()
    group = user_group(seeded["users"]["baseline"])
    latencies = []
    for _ in range(samples):
        # Ids above any real notification's, increasing across calls: the consumer
        # drops what is not newer than what it sent.
        previous = clients.bare_last
        nid = clients.bare_last = (previous or 10**12) + 1
        arrived = clients.expect("baseline", nid)
        frame = {"type": "notification", "id": nid, "event_type": "bench", "title": "Đo độ trễ",
                 "body": "group_send", "url": "", "subject_type": "bench", "subject_id": nid,
                 "created_at": "2025-01-01T00:00:00+07:00", "unread_count": 0}
        sent = time.perf_counter()
        await layer.group_send(group, {"type": "notification.push", "previous": previous, "frame": frame})
        at = await asyncio.wait_for(arrived, 10)
        latencies.append(at - sent)
    return latencies


async def measure_throughput(seeded, ports, task_ids, office, concurrency):
    from _http import HttpConnection

    auth = {"Authorization": f"Token {seeded['tokens']['head']}"}
    queue = list(task_ids)
    conns = [HttpConnection("127.0.0.1", ports[i % len(ports)]) for i in range(concurrency)]
    failures = 0

    async def worker(conn):
        nonlocal failures
        while queue:
            task_id = queue.pop()
            status, _ = await conn.post_json(f"/api/v1/tasks/{task_id}/transitions/assign/",
                                             {"lead_office": office}, auth)
            failures += status != 200
        await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - started
    return len(task_ids) / elapsed, failures


async def run_mode(mode, args, seeded, env, logdir):
    env = {**env, "PAR_EVENT_DISPATCH": mode}
    with Stack(env, args.daphnes, mode == "celery", logdir) as stack:
        clients = Clients(stack.ports, seeded)
        watched = ["office_head", "baseline"] + [f"fan{i}" for i in range(FANOUT)]
        idle = [u for u in seeded["tokens"] if u.startswith("idle")]
        usernames = (watched + idle)[:max(args.clients, 2)]
        started = time.perf_counter()
        await clients.connect_all(usernames)
        print(f"  {len(clients.sockets)} WebSocket clients connected over {len(stack.ports)} Daphne "
              f"processes in {time.perf_counter() - started:.1f} s")

        # Warm both processes' code paths and connections first.
        n, warm = args.samples, 5
        tasks = seeded["latency_tasks"]
        await measure_transitions(clients, {**seeded, "latency_tasks": tasks[:warm]}, stack.ports[0], warm)
        from_response, from_request = await measure_transitions(
            clients, {**seeded, "latency_tasks": tasks[warm:warm + n]}, stack.ports[0], n)
        await measure_bare_group_send(clients, seeded, warm)
        bare = await measure_bare_group_send(clients, seeded, n)

        drafts = seeded["draft_tasks"]
        half = len(drafts) // 2
        rps_fanout, fail1 = await measure_throughput(seeded, stack.ports, drafts[:half], seeded["office_f"],
                                                     args.concurrency)
        rps_none, fail2 = await measure_throughput(seeded, stack.ports, drafts[half:], seeded["office_z"],
                                                   args.concurrency)
        await clients.close()

    t, r, b = percentiles(from_response), percentiles(from_request), percentiles(bare)
    print(f"  transition → frame, from the HTTP response: {fmt(t)}")
    print(f"  transition → frame, from the HTTP request:  {fmt(r)}")
    print(f"  bare group_send → frame:                    {fmt(b)}")
    print(f"  ratio transition(from request) / bare group_send: p50 {r['p50'] / b['p50']:.1f}×   "
          f"p95 {r['p95'] / b['p95']:.1f}×   p99 {r['p99'] / b['p99']:.1f}×")
    if t["p50"] > 0:
        print(f"  ratio transition(from response) / bare group_send: p50 {t['p50'] / b['p50']:.1f}×   "
              f"p95 {t['p95'] / b['p95']:.1f}×   p99 {t['p99'] / b['p99']:.1f}×")
    print(f"  assign throughput, fan-out to {FANOUT}: {rps_fanout:7.1f} req/s   "
          f"without fan-out: {rps_none:7.1f} req/s   ratio {rps_none / rps_fanout:.2f}×   "
          f"(concurrency {args.concurrency}, {half} requests each, failures {fail1 + fail2})")
    return {"from_response": t, "from_request": r, "bare": b, "rps_fanout": rps_fanout, "rps_none": rps_none}


def main():
    args = parse_args()
    env = {**os.environ, "DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url,
           "DJANGO_SETTINGS_MODULE": "backend.settings", "PAR_LOG_LEVEL": "ERROR", "DJANGO_DEBUG": "0",
           # Production mode refuses the built-in secret key: a throwaway one for the run.
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-" + secrets.token_hex(32)}
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE",
                                           "PAR_LOG_LEVEL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY")})
    import redis

    print(f"database {args.database_url}, redis {args.redis_url}, {os.cpu_count()} cores")
    recreate_database(args.database_url)
    redis.Redis.from_url(args.redis_url).flushdb()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)

    import django

    django.setup()
    per_mode_latency = args.samples + 10
    per_mode_throughput = 2 * args.requests
    seeded = seed(args.clients, per_mode_latency * len(args.mode), per_mode_throughput * len(args.mode))
    from django.db import connections

    connections.close_all()

    results = {}
    with tempfile.TemporaryDirectory(prefix="par-bench-") as logdir:
        logdir = os.environ.get("BENCH_LOGDIR", logdir)
        for i, mode in enumerate(args.mode):
            print(f"\n== dispatch: {mode} ==")
            part = {**seeded,
                    "latency_tasks": seeded["latency_tasks"][i * per_mode_latency:(i + 1) * per_mode_latency],
                    "draft_tasks": seeded["draft_tasks"][i * per_mode_throughput:(i + 1) * per_mode_throughput]}
            results[mode] = asyncio.run(run_mode(mode, args, part, env, logdir))
    return results


if __name__ == "__main__":
    main()
