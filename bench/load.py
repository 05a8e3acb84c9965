"""The whole stack under a mixed load: where p99 stays under 300 ms, and what it costs.

    .venv/bin/python bench/load.py [--rates 10 20 30 45 60 80] [--step-seconds 15]

The production serving setup on loopback, on PostgreSQL + Redis: gunicorn with two worker
processes (deploy/gunicorn.conf.py, gthread) for HTTP, Daphne for the WebSockets, the
Celery worker for event dispatch (``PAR_EVENT_DISPATCH=celery``). The data are built
through the test factories (tests/factories) into a bench database: one department, its
offices, officers, heads and inspectors, an approved plan with tasks in progress and
submitted, findings awaiting verification.

1. Every user holds a WebSocket open on Daphne (token auth) for the whole run.
2. The task list next to a bare DRF list over the same rows (bench/bare_urls.py, same
   page, same fields but ``available_transitions``), closed loop, same server, same run:
   req/s and requests per server CPU-second, ratio (goal ≥ 0.8). Checked first, in
   process: both answer the same rows with the same values (else the bench stops), and
   the queries each runs per request are printed.
3. An open-loop mixed workload (arrivals at a fixed offered rate, latency measured from
   the scheduled send time, so a slow server cannot slow the offered load): officers list
   their office's tasks, open one, update its progress, submit one; heads approve a
   submitted task; inspectors close a verified finding. The rate steps up (``--rates``,
   ``--step-seconds`` each) until p99 passes 300 ms or a request fails; per step it prints
   requests/s, p50/p99 overall and the errors; for the highest step under 300 ms, p50/p99
   per endpoint and the notification delivery (from the transition's HTTP response to
   the frame on the recipient's socket). At the end, after the worker has drained:
   notifications stored in the database against frames received.

Needs PostgreSQL and Redis (defaults: postgres://postgres@127.0.0.1:5432/par_load_bench,
recreated and dropped; redis://127.0.0.1:6379/4, flushed), gunicorn and websockets.
"""
import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from _http import HttpConnection  # noqa: E402
from _stack import cpu_seconds, drop_database, free_port, recreate_database, wait_for_port  # noqa: E402

P99_LIMIT = 0.300
MIX = {"list": 30, "detail": 30, "progress": 20, "submit": 8, "approve": 7, "close_finding": 5}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rates", type=float, nargs="+", default=[2, 4, 6, 8, 12, 16, 24, 32, 48],
                   help="offered request rates to step through (req/s)")
    p.add_argument("--step-seconds", type=float, default=15.0)
    p.add_argument("--compare-seconds", type=float, default=4.0, help="per round of list vs bare list")
    p.add_argument("--compare-rounds", type=int, default=4, help="rounds of list vs bare list, alternating")
    p.add_argument("--offices", type=int, default=4)
    p.add_argument("--officers", type=int, default=8, help="officers per office")
    p.add_argument("--compare-only", action="store_true", help="the list comparison only, no mixed load")
    p.add_argument("--keep-database", action="store_true")
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/par_load_bench"))
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"))
    return p.parse_args()


# --- data --------------------------------------------------------------------------

def seed(args, supply):
    """The department, through the factories. ``supply``: transitions each kind may need."""
    from knox.models import AuthToken

    from backend.accounts.models import Role, User
    from tests.factories.accounts import AgencyFactory, OfficeFactory, UserFactory
    from tests.factories.criteria import CriterionFactory, MethodologyFactory
    from tests.factories.inspections import FindingFactory, InspectionFactory
    from tests.factories.plans import ReformPlanFactory, TaskFactory

    methodology = MethodologyFactory(code="bench-load")
    fields = [CriterionFactory(methodology=methodology, code=str(i), name=f"Lĩnh vực {i}") for i in range(1, 9)]
    agency = AgencyFactory(name="Sở Xây dựng (bench)", methodology=methodology)
    plan = ReformPlanFactory(agency=agency, approved=True)
    head = UserFactory(username="head", role=Role.HEAD, agency=agency)
    offices, officers = [], []
    for o in range(args.offices):
        office = OfficeFactory(agency=agency, name=f"Phòng {o + 1}")
        offices.append(office)
        UserFactory(username=f"office_head{o}", role=Role.OFFICE_HEAD, agency=agency, office=office)
        officers += [UserFactory(username=f"officer{o}_{i}", role=Role.OFFICER, agency=agency, office=office)
                     for i in range(args.officers)]
    inspectors = [UserFactory(username=f"inspector{i}", role=Role.INSPECTOR, agency=agency) for i in range(2)]

    def tasks(officer, n, state, **extra):
        return TaskFactory.create_batch(n, plan=plan, field=random.choice(fields), lead_office=officer.office,
                                        assignee=officer, state=state, **extra)

    per_officer_submit = supply["submit"] // len(officers) + 1
    people = {}
    for officer in officers:
        people[officer.username] = {
            "office": officer.office_id,
            "working": [t.pk for t in tasks(officer, 6, "in_progress")],     # opened, progress updated
            "to_submit": [t.pk for t in tasks(officer, per_officer_submit, "in_progress", result_note="")],
        }
    submitted = []
    for i in range(supply["approve"]):
        submitted += [t.pk for t in tasks(officers[i % len(officers)], 1, "submitted", result_note="Đã xong")]
    findings = []
    for k, inspector in enumerate(inspectors):
        inspection = InspectionFactory(agency=agency, in_progress=True, offices=offices, inspectors=[inspector])
        for i in range(supply["close_finding"] // len(inspectors) + 1):
            f = FindingFactory(inspection=inspection, office=offices[i % len(offices)],
                               state="remediation_submitted", remediation_note="Đã khắc phục")
            findings.append((inspector.username, f.pk))
    users = list(User.objects.filter(agency=agency))
    tokens = {u.username: AuthToken.objects.create(user=u)[1] for u in users}
    return {"plan": plan.pk, "head": head.username, "people": people, "submitted": submitted,
            "findings": findings, "tokens": tokens}


# --- the stack ---------------------------------------------------------------------

class Stack:
    """gunicorn (2 workers) for HTTP, Daphne for WebSockets, the Celery worker; torn down."""

    def __init__(self, env, logdir):
        self.env, self.logdir = env, Path(logdir)
        self.procs = {}
        self.http_port, self.ws_port = free_port(), free_port()

    def _start(self, name, command, env=None):
        log = (self.logdir / f"{name}.log").open("w")
        self.procs[name] = subprocess.Popen(command, cwd=ROOT, env=env or self.env, stdout=log,
                                            stderr=subprocess.STDOUT)

    def __enter__(self):
        web_env = {**self.env, "DJANGO_SETTINGS_MODULE": "bare_settings", "PYTHONPATH": str(BENCH),
                   "PAR_WEB_WORKERS": "2"}
        self._start("web", [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                            "-b", f"127.0.0.1:{self.http_port}", "backend.wsgi:application"], web_env)
        self._start("ws", [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(self.ws_port),
                           "backend.asgi:application"])
        self._start("worker", [str(BIN / "celery"), "-A", "backend", "worker", "--concurrency", "2",
                               "--without-gossip", "--without-mingle", "-l", "info"])
        wait_for_port(self.http_port, self.procs["web"], 60)
        wait_for_port(self.ws_port, self.procs["ws"], 60)
        deadline = time.monotonic() + 60
        while "ready." not in (self.logdir / "worker.log").read_text(errors="replace"):
            if time.monotonic() > deadline or self.procs["worker"].poll() is not None:
                raise RuntimeError(f"the worker did not start; see {self.logdir / 'worker.log'}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        for p in self.procs.values():
            p.terminate()
        for p in self.procs.values():
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()


# --- measuring ------------------------------------------------------------------------

def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


class Sockets:
    """Every user's WebSocket; records each notification frame's arrival."""

    def __init__(self, port, tokens):
        self.port, self.tokens = port, tokens
        self.sockets, self.readers = [], []
        self.frames = []  # (arrival, event_type, subject_type, subject_id)
        self.ids = set()

    async def open(self):
        import websockets

        async def one(username):
            ws = await websockets.connect(
                f"ws://127.0.0.1:{self.port}/ws/notifications/?token={self.tokens[username]}",
                origin=f"http://127.0.0.1:{self.port}", max_queue=None, open_timeout=30)
            self.sockets.append(ws)
            self.readers.append(asyncio.create_task(self.read(ws)))

        await asyncio.gather(*(one(u) for u in self.tokens))

    async def read(self, ws):
        try:
            async for raw in ws:
                frame = json.loads(raw)
                if frame.get("type") == "notification":
                    self.frames.append((time.perf_counter(), frame["event_type"], frame["subject_type"],
                                        frame["subject_id"]))
                    self.ids.add(frame["id"])
        except Exception:  # noqa: BLE001  closed at the end
            pass

    async def close(self):
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        for r in self.readers:
            r.cancel()


class Connections:
    """Keep-alive connections to the web server, lent one request at a time."""

    def __init__(self, port):
        self.port, self.free = port, []

    async def request(self, method, path, body, headers):
        conn = self.free.pop() if self.free else HttpConnection("127.0.0.1", self.port)
        try:
            try:
                result = await conn.request(method, path, body, headers)
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                # The server closed an idle keep-alive connection as we reused it: once more.
                await conn.close()
                conn = HttpConnection("127.0.0.1", self.port)
                result = await conn.request(method, path, body, headers)
        except BaseException:
            await conn.close()
            raise
        self.free.append(conn)
        return result

    async def close(self):
        await asyncio.gather(*(c.close() for c in self.free), return_exceptions=True)


class Workload:
    """Picks the next request of the mix; remembers when each transition was answered."""

    NOTIFIES = {"submit": ("task.submitted", "task"), "approve": ("task.completed", "task"),
                "close_finding": ("finding.closed", "finding")}

    def __init__(self, seeded):
        self.s = seeded
        self.officers = list(seeded["people"])
        self.kinds = [k for k, w in MIX.items() for _ in range(w)]
        self.answered = {}  # (event_type, subject_type, subject_id) -> perf_counter of the response
        self.rng = random.Random(7)

    def auth(self, username):
        return {"Authorization": f"Token {self.s['tokens'][username]}", "Accept": "application/json"}

    def next(self):
        kind = self.rng.choice(self.kinds)
        officer = self.rng.choice(self.officers)
        me = self.s["people"][officer]
        if kind == "list":
            return kind, None, ("GET", f"/api/v1/tasks/?plan={self.s['plan']}&office={me['office']}", None,
                                self.auth(officer))
        if kind == "detail":
            return kind, None, ("GET", f"/api/v1/tasks/{self.rng.choice(me['working'])}/", None, self.auth(officer))
        if kind == "progress":
            return kind, None, ("PATCH", f"/api/v1/tasks/{self.rng.choice(me['working'])}/",
                                {"progress": self.rng.randint(1, 99)}, self.auth(officer))
        if kind == "submit" and me["to_submit"]:
            task = me["to_submit"].pop()
            return kind, ("task", task), ("POST", f"/api/v1/tasks/{task}/transitions/submit/",
                                          {"result_note": "Đã hoàn thành, báo cáo kèm theo"}, self.auth(officer))
        if kind == "approve" and self.s["submitted"]:
            task = self.s["submitted"].pop()
            return kind, ("task", task), ("POST", f"/api/v1/tasks/{task}/transitions/approve/", {},
                                          self.auth(self.s["head"]))
        if kind == "close_finding" and self.s["findings"]:
            inspector, finding = self.s["findings"].pop()
            return kind, ("finding", finding), ("POST", f"/api/v1/findings/{finding}/transitions/close/", {},
                                                self.auth(inspector))
        return self.next() if any((me["to_submit"], self.s["submitted"], self.s["findings"])) else None


async def run_step(conns, workload, rate, seconds):
    """Open loop at ``rate`` req/s for ``seconds``: {kind: [latency]}, errors, achieved rate."""
    latencies, errors, tasks = {}, [], []

    async def one(kind, subject, request, scheduled):
        try:
            status, body = await conns.request(*request)
        except Exception as exc:  # noqa: BLE001  counted, shown
            errors.append((kind, repr(exc)))
            return
        answered = time.perf_counter()
        if status >= 400:
            errors.append((kind, status, body[:200]))
            return
        latencies.setdefault(kind, []).append(answered - scheduled)
        if subject is not None:
            event_type = Workload.NOTIFIES[kind][0]
            workload.answered[(event_type, *subject)] = answered

    started = time.perf_counter()
    n = int(rate * seconds)
    for i in range(n):
        scheduled = started + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        made = workload.next()
        if made is None:
            break
        tasks.append(asyncio.create_task(one(*made, scheduled)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    return latencies, errors, sum(len(v) for v in latencies.values()) / elapsed


async def closed_loop(conns, request, seconds, concurrency=4):
    done, failed, deadline = 0, 0, time.perf_counter() + seconds

    async def one():
        nonlocal done, failed
        while time.perf_counter() < deadline:
            status, _ = await conns.request(*request)
            done += 1
            failed += status != 200

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(concurrency)))
    return done / (time.perf_counter() - started), done, failed


def check_baseline(seeded):
    """Before the two lists are compared: the same rows, the same values, and what each costs
    in queries (in-process, on the bench database). Exits when the baseline answers other
    rows or other values: such a ratio would not compare the same work."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    officer = next(iter(seeded["people"]))
    query = {"plan": seeded["plan"], "office": seeded["people"][officer]["office"]}
    client = Client(HTTP_AUTHORIZATION=f"Token {seeded['tokens'][officer]}", HTTP_ACCEPT="application/json")
    answers, queries = {}, {}
    with override_settings(ROOT_URLCONF="bare_urls"):
        for name, url in (("task list", "/api/v1/tasks/"), ("bare DRF list", "/bench/bare-tasks/")):
            client.get(url, query)  # warm: the first request loads what every later one reuses
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, query)
            assert response.status_code == 200, (name, response.status_code, response.content[:300])
            answers[name], queries[name] = response.json(), len(captured)
    ours, bare = answers["task list"], answers["bare DRF list"]
    fields = sorted(bare["results"][0]) if bare["results"] else []

    def rows(answer):
        return [{k: sorted(v) if k == "supporting_offices" else v for k, v in row.items() if k in fields}
                for row in answer["results"]]

    same = ours["count"] == bare["count"] and rows(ours) == rows(bare)
    missing = sorted(set(ours["results"][0]) - set(fields)) if ours["results"] else []
    print(f"  baseline check: {bare['count']} rows, page of {len(bare['results'])}; "
          f"{'the same rows and values' if same else 'DIFFERENT rows or values'} in {len(fields)} fields "
          f"(the task list adds {', '.join(missing) or 'nothing'}); queries per request: "
          f"task list {queries['task list']}, bare DRF list {queries['bare DRF list']}")
    if not same:
        raise SystemExit("the bare list does not answer what the task list answers: nothing to compare")


async def compare_lists(stack, seeded, seconds, rounds):
    """The task list and the bare list over the same rows, alternating, ``rounds`` rounds."""
    officer = next(iter(seeded["people"]))
    office = seeded["people"][officer]["office"]
    auth = {"Authorization": f"Token {seeded['tokens'][officer]}", "Accept": "application/json"}
    query = f"plan={seeded['plan']}&office={office}"
    requests = {"task list": ("GET", f"/api/v1/tasks/?{query}", None, auth),
                "bare DRF list": ("GET", f"/bench/bare-tasks/?{query}", None, auth)}
    conns = Connections(stack.http_port)
    rates = {k: [] for k in requests}
    for name, request in requests.items():  # warm both
        await closed_loop(conns, request, 1.0)
    for _ in range(rounds):
        for name, request in requests.items():
            cpu = cpu_seconds(stack.procs["web"].pid)
            rate, done, failed = await closed_loop(conns, request, seconds)
            cpu = cpu_seconds(stack.procs["web"].pid) - cpu
            assert failed == 0, f"{name}: {failed} requests failed"
            rates[name].append((rate, done / cpu))
    await conns.close()
    print(f"\n== task list vs bare DRF list (one office's tasks, first page of 50; "
          f"4 connections, {seconds:g} s × {rounds} rounds, median)")
    base = {k: statistics.median(r[k] for r in rates["bare DRF list"]) for k in (0, 1)}
    for name in requests:
        wall = statistics.median(r[0] for r in rates[name])
        per_cpu = statistics.median(r[1] for r in rates[name])
        print(f"  {name:14s} {wall:7.1f} req/s ({wall / base[0]:.2f}×)   "
              f"{per_cpu:7.1f} req per server CPU-s ({per_cpu / base[1]:.2f}×)")


class SessionWatch:
    """The peak number of PostgreSQL sessions on the bench database, sampled twice a second."""

    def __init__(self, url):
        self.url, self.peak, self._stop = url, 0, None

    async def __aenter__(self):
        import psycopg

        name = self.url.rsplit("/", 1)[1]
        conn = await psycopg.AsyncConnection.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True)

        async def sample():
            while True:
                cur = await conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name])
                self.peak = max(self.peak, (await cur.fetchone())[0])
                await asyncio.sleep(0.5)

        self._conn, self._task = conn, asyncio.create_task(sample())
        return self

    async def __aexit__(self, *exc):
        self._task.cancel()
        await self._conn.close()


async def run(args, seeded, stack):
    async with SessionWatch(args.database_url) as sessions:
        await measure_all(args, seeded, stack)
    pool = int(os.environ.get("PAR_DB_POOL_MAX_SIZE", "4"))
    # One pool each: gunicorn's 2 workers, Daphne, the Celery worker and its 2 children, this script.
    print(f"  PostgreSQL sessions on the bench database, peak: {sessions.peak} "
          f"(bound: 7 processes × pool of {pool} = {7 * pool})")


async def measure_all(args, seeded, stack):
    sockets = Sockets(stack.ws_port, seeded["tokens"])
    await sockets.open()
    print(f"  {len(sockets.sockets)} WebSockets open on Daphne (every user)")
    await asyncio.to_thread(check_baseline, seeded)
    await compare_lists(stack, seeded, args.compare_seconds, args.compare_rounds)
    if args.compare_only:
        await sockets.close()
        return

    from django.utils import timezone

    load_started = timezone.now()
    workload = Workload(seeded)
    conns = Connections(stack.http_port)
    await run_step(conns, workload, 5, 2)  # warm
    workload.answered.clear()
    print(f"\n== mixed load, open loop, {args.step_seconds:g} s per step (mix: "
          + ", ".join(f"{k} {w}%" for k, w in MIX.items()) + ")")
    best = None
    for rate in args.rates:
        step_started = time.perf_counter()
        latencies, errors, achieved = await run_step(conns, workload, rate, args.step_seconds)
        everything = [v for values in latencies.values() for v in values]
        p50, p99 = pct(everything, 0.5), pct(everything, 0.99)
        print(f"  offered {rate:6.1f}/s  served {achieved:6.1f}/s  p50 {p50 * 1000:7.1f} ms  "
              f"p99 {p99 * 1000:7.1f} ms  errors {len(errors)}", flush=True)
        for e in errors[:5]:
            print(f"      error: {e}")
        if errors or p99 >= P99_LIMIT:
            break
        best = (rate, achieved, latencies, step_started, time.perf_counter())
    await conns.close()

    from notifications.models import Notification

    def stored():
        return Notification.objects.filter(created_at__gte=load_started).count()

    # The worker drains its queue and the last frames arrive: wait (30 s at most) until
    # every stored notification has reached a socket, or nothing more comes.
    deadline, last = time.monotonic() + 30, None
    while time.monotonic() < deadline:
        await asyncio.sleep(1)
        count = await asyncio.to_thread(stored)
        if count == len(sockets.frames) or (count, len(sockets.frames)) == last:
            break
        last = (count, len(sockets.frames))
    await sockets.close()

    if best is None:
        print("  no step kept p99 under 300 ms")
    else:
        rate, achieved, latencies, t0, t1 = best
        print(f"\n== highest step with p99 < 300 ms and no error: offered {rate:g}/s, served {achieved:.1f}/s")
        for kind in MIX:
            values = latencies.get(kind, [])
            if values:
                print(f"  {kind:14s} n={len(values):5d}  p50 {pct(values, .5) * 1000:7.1f} ms  "
                      f"p99 {pct(values, .99) * 1000:7.1f} ms")
        delivery = [at - workload.answered[(et, st, sid)] for at, et, st, sid in sockets.frames
                    if (et, st, sid) in workload.answered and t0 <= workload.answered[(et, st, sid)] <= t1]
        if delivery:
            print(f"  notification delivery (transition's response → frame), {len(delivery)} frames: "
                  f"p50 {pct(delivery, .5) * 1000:.1f} ms  p99 {pct(delivery, .99) * 1000:.1f} ms")

    print(f"\n  notifications stored during the load: {await asyncio.to_thread(stored)}; "
          f"frames received on the sockets: {len(sockets.frames)}")
    missing = await asyncio.to_thread(lambda: list(
        Notification.objects.filter(created_at__gte=load_started).exclude(id__in=sockets.ids)
        .values_list("id", "event_type", "recipient__username", "created_at")))
    for row in missing[:10]:
        print(f"      not received live: {row}")


def main():
    args = parse_args()
    env = {**os.environ, "DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url,
           "DJANGO_SETTINGS_MODULE": "backend.settings", "PAR_LOG_LEVEL": "ERROR", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-" + secrets.token_hex(32),
           "PAR_EVENT_DISPATCH": "celery", "PAR_EMBEDDED_SCHEDULER": "0",
           "PAR_DB_POOL_MAX_SIZE": os.environ.get("PAR_DB_POOL_MAX_SIZE", "4")}
    os.environ.update({k: env[k] for k in ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE",
                                           "PAR_LOG_LEVEL", "DJANGO_DEBUG", "PAR_EVENT_DISPATCH")})
    import redis

    print(f"database {args.database_url}, redis {args.redis_url}, {os.cpu_count()} cores")
    recreate_database(args.database_url)
    redis.Redis.from_url(args.redis_url).flushdb()
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        top = max(args.rates) * args.step_seconds * len(args.rates)
        supply = {k: int(top * MIX[k] / 100) + 10 for k in ("submit", "approve", "close_finding")}
        started = time.perf_counter()
        seeded = seed(args, supply)
        from django.db import connections

        connections.close_all()
        print(f"  seeded through the factories in {time.perf_counter() - started:.0f} s: "
              f"{len(seeded['tokens'])} users, "
              f"{sum(len(p['working']) + len(p['to_submit']) for p in seeded['people'].values())} tasks in "
              f"progress, {len(seeded['submitted'])} submitted, {len(seeded['findings'])} findings to close")
        with tempfile.TemporaryDirectory(prefix="par-load-") as logdir:
            logdir = os.environ.get("BENCH_LOGDIR", logdir)
            with Stack(env, logdir) as stack:
                print(f"  gunicorn (2 workers × {os.environ.get('PAR_WEB_THREADS', '4')} threads) on "
                      f":{stack.http_port}, Daphne on :{stack.ws_port}, Celery worker (2 processes)")
                asyncio.run(run(args, seeded, stack))
    finally:
        from django.db import connections

        connections.close_all()
        redis.Redis.from_url(args.redis_url).flushdb()
        if not args.keep_database:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
