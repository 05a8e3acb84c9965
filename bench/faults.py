"""Fault drills on the scaled stack, with real processes, each ending with ``check_log``.

    .venv/bin/python bench/faults.py [--drill redis worker postgres] [--down 30]

Everything runs on loopback against *private* services this script starts and stops
itself (never the shared ones): a PostgreSQL cluster (``initdb`` in a temporary
directory, as the ``postgres`` user when run as root) and a Redis server, each on a
free port. On them: two Daphne processes, a Celery worker and Celery beat
(``PAR_EVENT_DISPATCH=celery``, as docker-compose runs it). Clients: every person of
one agency holds a WebSocket (``/ws/notifications/``; on every (re)connect it sends
``{"type":"resume","after":<last id seen>}``, then reads live frames); each officer
runs a loop of requests (list, detail, start, progress, submit) and their office head
approves; a session-authenticated page is fetched too.

Drills (each on the same log, one after the other):
  redis     Redis stopped for ``--down`` seconds during the load, then started again
            (empty: the queue and the channel layer's groups are lost);
  worker    the Celery worker killed with SIGKILL while it dispatches (five times),
            restarted each time;
  postgres  the PostgreSQL cluster stopped for ``--pg-down`` seconds during the load,
            then started; the web processes and the worker are not restarted.
Per drill it prints: requests, 5xx (and 503) answers, transport errors, notifications
created for the clients' users versus delivered to their sockets (distinct ids),
duplicates and out-of-order frames, reconnects, and the result of ``check_log``.
"""
import argparse
import asyncio
import datetime
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

OFFICES, OFFICERS_PER_OFFICE = 3, 3


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--drill", nargs="+", default=["redis", "worker", "postgres"],
                   choices=["redis", "worker", "postgres"])
    p.add_argument("--down", type=float, default=30.0, help="seconds Redis stays stopped (default 30)")
    p.add_argument("--pg-down", type=float, default=15.0, help="seconds PostgreSQL stays stopped (default 15)")
    p.add_argument("--before", type=float, default=15.0, help="seconds of load before the fault")
    p.add_argument("--after", type=float, default=20.0, help="seconds of load after the fault")
    p.add_argument("--think", type=float, default=0.3, help="pause between one worker's requests (s)")
    p.add_argument("--tasks", type=int, default=30, help="tasks per officer per drill")
    p.add_argument("--keep-logs", default="", help="copy the processes' logs to this folder")
    return p.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, deadline=60, proc=None):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process on {port} exited ({proc.returncode})")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on {port}")


# --- private services ----------------------------------------------------------------

class PrivatePostgres:
    """A throwaway cluster: initdb, pg_ctl start/stop, removed at the end."""

    def __init__(self, workdir):
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not versions:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.bin = versions[-1].parent
        self.dir = Path(workdir) / "pg"
        self.dir.mkdir()
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8")

    def _run(self, tool, *args):
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "start", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c synchronous_commit=off -c max_connections=200")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


class PrivateRedis:
    def __init__(self, workdir):
        self.port, self.proc, self.log = free_port(), None, Path(workdir) / "redis.log"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"], stdout=self.log.open("a"), stderr=subprocess.STDOUT)
        wait_port(self.port, proc=self.proc)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None


class App:
    """Two Daphne processes, a Celery worker and beat on the private services."""

    def __init__(self, env, logdir):
        self.env, self.logdir = env, Path(logdir)
        self.daphnes, self.ports, self.worker, self.beat = [], [], None, None

    def _spawn(self, name, args):
        return subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=(self.logdir / f"{name}.log").open("a"),
                                stderr=subprocess.STDOUT)

    def start(self):
        for i in range(2):
            port = free_port()
            self.ports.append(port)
            self.daphnes.append(self._spawn(f"daphne{i}", [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port),
                                                          "backend.asgi:application"]))
        self.start_worker()
        self.beat = self._spawn("beat", [str(BIN / "celery"), "-A", "backend", "beat", "-l", "info",
                                         "-s", str(self.logdir / "beat-schedule")])
        for port, proc in zip(self.ports, self.daphnes):
            wait_port(port, proc=proc)

    def start_worker(self):
        log = self.logdir / "worker.log"
        start = log.stat().st_size if log.exists() else 0
        self.worker = self._spawn("worker", [str(BIN / "celery"), "-A", "backend", "worker", "-P", "solo",
                                             "--without-gossip", "--without-mingle", "--without-heartbeat",
                                             "-l", "info"])
        end = time.monotonic() + 60
        while "ready." not in log.read_text(errors="replace")[start:]:
            if time.monotonic() > end or self.worker.poll() is not None:
                raise RuntimeError(f"the worker did not start; see {log}")
            time.sleep(0.2)

    def worker_tasks_received(self):
        return (self.logdir / "worker.log").read_text(errors="replace").count("Task workflows.dispatch_events")

    def worker_tasks_in_flight(self):
        """Batches the worker took and had not finished (its log: received, no succeeded)."""
        found = re.findall(r"Task workflows\.dispatch_events\[([0-9a-f-]+)\] (received|succeeded)",
                           (self.logdir / "worker.log").read_text(errors="replace"))
        received = {task for task, what in found if what == "received"}
        return len(received - {task for task, what in found if what == "succeeded"})

    def stop(self):
        for p in [*self.daphnes, self.worker, self.beat]:
            if p is not None and p.poll() is None:
                p.terminate()
        for p in [*self.daphnes, self.worker, self.beat]:
            if p is not None:
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()


# --- the department ------------------------------------------------------------------

def seed(tasks_per_officer, drills):
    """One agency built through the services (so the log is whole from the start):
    a head, offices with a head and officers, an approved plan, and per officer and
    drill ``tasks_per_officer`` tasks assigned to them. Returns ids, tokens, a session."""
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from backend.accounts.models import Agency, Office, Role, User
    from backend.criteria.models import Criterion, Methodology
    from backend.plans.services import plan_create, plan_transition, task_create, task_transition

    today = timezone.localdate()
    methodology = Methodology.objects.create(code="drill", name="Drill")
    field = Criterion.objects.create(methodology=methodology, code="1", name="Lĩnh vực 1", max_points=10)
    agency = Agency.objects.create(name="Sở Nội vụ (diễn tập sự cố)", methodology=methodology)
    head = User.objects.create_user("head", password="drill-pass", role=Role.HEAD, agency=agency)
    offices = []
    for o in range(OFFICES):
        office = Office.objects.create(agency=agency, name=f"Phòng {o + 1}")
        boss = User.objects.create_user(f"office_head{o}", password="!", role=Role.OFFICE_HEAD, agency=agency,
                                        office=office)
        officers = [User.objects.create_user(f"officer{o}_{i}", password="!", role=Role.OFFICER, agency=agency,
                                             office=office) for i in range(OFFICERS_PER_OFFICE)]
        offices.append((office, boss, officers))
    plan = plan_create(actor=head, year=today.year, title="Kế hoạch CCHC (diễn tập)",
                       issue_deadline=datetime.date(today.year - 1, 12, 31))
    plan = plan_transition(plan, "approve", actor=head)
    due = today + datetime.timedelta(days=90)
    tasks = {}
    n = 0
    for office, _boss, officers in offices:
        for officer in officers:
            for drill in range(drills):
                for _ in range(tasks_per_officer):
                    n += 1
                    with transaction.atomic():
                        task = task_create(actor=head, plan=plan, code=f"D{n}", title=f"Nhiệm vụ diễn tập {n}",
                                           field=field)
                        task_transition(task, "assign", actor=head, lead_office=office, assignee=officer,
                                        due_date=due)
                    tasks.setdefault((officer.username, drill), []).append(task.pk)
    users = {u.username: u for u in User.objects.filter(agency=agency)}
    tokens = {name: Token.objects.create(user=u).key for name, u in users.items()}
    browser = Client()
    browser.force_login(users["head"])
    return {"tokens": tokens, "tasks": tasks, "session": browser.cookies["sessionid"].value,
            "reviewer": {f"officer{o}_{i}": f"office_head{o}" for o in range(OFFICES)
                         for i in range(OFFICERS_PER_OFFICE)}}


# --- HTTP --------------------------------------------------------------------------------

async def http(port, method, path, *, token=None, body=None, cookie=None, accept="application/json"):
    """One request on a fresh connection: (status, headers, body bytes); status 0 on a transport error."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
    except (OSError, asyncio.TimeoutError):
        return 0, {}, b""
    try:
        payload = json.dumps(body).encode() if body is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Accept: {accept}",
                "Connection: close", f"Content-Length: {len(payload)}"]
        if body is not None:
            head.append("Content-Type: application/json")
        if token:
            head.append(f"Authorization: Token {token}")
        if cookie:
            head.append(f"Cookie: sessionid={cookie}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), 30)
    except (OSError, asyncio.TimeoutError):
        return 0, {}, b""
    finally:
        writer.close()
    head, _, data = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or len(lines[0].split()) < 2:
        return 0, {}, b""
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body_bytes, rest = b"", data
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line or b"0", 16)
            if size == 0:
                break
            body_bytes, rest = body_bytes + rest[:size], rest[size + 2:]
        data = body_bytes
    return int(lines[0].split()[1]), headers, data


class Tally:
    def __init__(self):
        self.statuses = Counter()
        self.by_label = Counter()
        self.bad = []  # 5xx other than a clean 503, and 503s without the error body

    def record(self, label, status, headers, data):
        self.statuses[status] += 1
        self.by_label[(label, status)] += 1
        if status >= 500 or status == 0:
            clean = False
            if status == 503:
                if label.startswith("page"):
                    clean = headers.get("content-type", "").startswith("text/html") and b"Traceback" not in data
                else:
                    try:
                        clean = json.loads(data)["error"]["code"] == "service_unavailable"
                    except (ValueError, KeyError, TypeError):
                        clean = False
            if not clean and status != 0:
                self.bad.append((label, status, data[:200]))


async def officer_loop(port, seeded, username, task_ids, tally, stop, think):
    token = seeded["tokens"][username]
    reviewer = seeded["tokens"][seeded["reviewer"][username]]
    steps = [("start", token, None), ("progress", token, None), ("submit", token, {"result_note": "Đã xong"}),
             ("approve", reviewer, None)]
    for task_id in task_ids:
        for name, who, body in steps:
            while not stop.is_set():
                await asyncio.sleep(think * random.uniform(0.5, 1.5))
                status, headers, data = await http(port, "GET", "/api/v1/tasks/?page_size=20", token=token)
                tally.record("list", status, headers, data)
                if name == "progress":
                    status, headers, data = await http(port, "PATCH", f"/api/v1/tasks/{task_id}/", token=who,
                                                       body={"progress": 50})
                else:
                    status, headers, data = await http(port, "POST", f"/api/v1/tasks/{task_id}/transitions/{name}/",
                                                       token=who, body=body or {})
                tally.record(name, status, headers, data)
                if status == 409 and name != "progress":
                    break  # done by a try whose answer was lost
                if status in (200, 201):
                    break
                await asyncio.sleep(0.5)  # 503 / transport error: retry this step
            if stop.is_set():
                return


async def page_loop(port, seeded, tally, stop):
    while not stop.is_set():
        status, headers, data = await http(port, "GET", "/", cookie=seeded["session"], accept="text/html")
        tally.record("page", status, headers, data)
        await asyncio.sleep(1.0)


# --- WebSocket clients ----------------------------------------------------------------

class SocketClient:
    """One user's tab: resumes from its last id on every (re)connect, then reads live frames."""

    def __init__(self, username, token, ports, after):
        self.username, self.token, self.ports, self.last = username, token, ports, after
        self.ids, self.duplicates, self.out_of_order, self.reconnects = set(), 0, 0, 0
        self.connected = asyncio.Event()

    async def run(self, stop):
        import websockets

        attempt = 0
        while not stop.is_set():
            port = self.ports[attempt % len(self.ports)]
            attempt += 1
            try:
                async with websockets.connect(f"ws://127.0.0.1:{port}/ws/notifications/?token={self.token}",
                                              origin=f"http://127.0.0.1:{port}", open_timeout=10,
                                              max_queue=None) as ws:
                    await ws.send(json.dumps({"type": "resume", "after": self.last}))
                    self.connected.set()
                    while not stop.is_set():
                        try:
                            raw = await asyncio.wait_for(ws.recv(), 1.0)
                        except asyncio.TimeoutError:
                            continue
                        frame = json.loads(raw)
                        if frame.get("type") != "notification":
                            continue
                        nid = frame["id"]
                        if nid in self.ids:
                            self.duplicates += 1
                        elif nid <= self.last:
                            self.out_of_order += 1
                        self.ids.add(nid)
                        self.last = max(self.last, nid)
                    return
            except Exception:  # noqa: BLE001  closed, refused, 1011: reconnect and resume
                self.reconnects += 1
                await asyncio.sleep(random.uniform(0.5, 1.5))


# --- a drill ---------------------------------------------------------------------------

def notifications_since(baseline, usernames):
    from django.db import connections

    from notifications.models import Notification

    try:
        return {(n.recipient.username, n.pk) for n in
                Notification.objects.filter(pk__gt=baseline, recipient__username__in=usernames)
                .select_related("recipient").only("pk", "recipient__username")}
    finally:
        connections.close_all()


def last_notification_ids(usernames):
    from django.db import connections
    from django.db.models import Max

    from notifications.models import Notification

    try:
        per_user = dict(Notification.objects.filter(recipient__username__in=usernames)
                        .values("recipient__username").annotate(m=Max("id")).values_list("recipient__username", "m"))
        top = Notification.objects.aggregate(m=Max("id"))["m"] or 0
        return {u: per_user.get(u, 0) for u in usernames}, top
    finally:
        connections.close_all()


def check_log(env, settle):
    result = subprocess.run([sys.executable, "manage.py", "check_log", "--settle", str(settle)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    return result.returncode, (result.stdout + result.stderr).strip()


async def run_drill(name, args, seeded, app, redis, pg, env, drill_index):
    print(f"\n== drill: {name} ==", flush=True)
    usernames = sorted(seeded["tokens"])
    after, baseline = await asyncio.to_thread(last_notification_ids, usernames)
    stop_clients, stop_load = asyncio.Event(), asyncio.Event()
    clients = [SocketClient(u, seeded["tokens"][u], app.ports, after[u]) for u in usernames]
    client_tasks = [asyncio.create_task(c.run(stop_clients)) for c in clients]
    await asyncio.wait_for(asyncio.gather(*(c.connected.wait() for c in clients)), 60)
    tally = Tally()
    officers = [u for u in usernames if u.startswith("officer")]
    load = [asyncio.create_task(officer_loop(app.ports[i % 2], seeded, u, seeded["tasks"][(u, drill_index)], tally,
                                             stop_load, args.think)) for i, u in enumerate(officers)]
    load.append(asyncio.create_task(page_loop(app.ports[0], seeded, tally, stop_load)))
    started = time.monotonic()
    await asyncio.sleep(args.before)
    fault = {}
    if name == "redis":
        redis.stop()
        fault["stopped"] = time.monotonic() - started
        await asyncio.sleep(args.down)
        redis.start()
        fault["started"] = time.monotonic() - started
    elif name == "worker":
        kills, interrupted = 0, 0
        log = app.logdir / "worker.log"
        for _ in range(5):
            # Kill right after the worker logs that it took a batch: mid-dispatch.
            offset, end = log.stat().st_size, time.monotonic() + 10
            with log.open("rb") as f:
                f.seek(offset)
                while time.monotonic() < end:
                    chunk = f.read()
                    if b"Task workflows.dispatch_events[" in chunk and b"received" in chunk:
                        break
                    await asyncio.sleep(0.001)
            app.worker.send_signal(signal.SIGKILL)
            app.worker.wait()
            kills += 1
            interrupted = app.worker_tasks_in_flight()  # cumulative: the log keeps the killed ones
            await asyncio.sleep(2)
            await asyncio.to_thread(app.start_worker)
            await asyncio.sleep(2)
        fault["sigkills"] = kills
        fault["batches killed mid-dispatch (received, never finished)"] = interrupted
    elif name == "postgres":
        await asyncio.to_thread(pg.stop)
        fault["stopped"] = time.monotonic() - started
        before_down = Counter(tally.statuses)
        await asyncio.sleep(args.pg_down)
        await asyncio.to_thread(pg.start)
        fault["started"] = time.monotonic() - started
        fault["answers while down"] = dict(tally.statuses - before_down)
        # The first success after the restart: the app reconnects by itself.
        probe_token = seeded["tokens"]["head"]
        t0 = time.monotonic()
        while True:
            status, _h, _d = await http(app.ports[0], "GET", "/api/v1/tasks/?page_size=1", token=probe_token)
            status2, _h, _d = await http(app.ports[1], "GET", "/api/v1/tasks/?page_size=1", token=probe_token)
            if status == 200 and status2 == 200:
                fault["both web processes answer 200 again after (s)"] = round(time.monotonic() - t0, 2)
                break
            if time.monotonic() - t0 > 60:
                fault["both web processes answer 200 again after (s)"] = "not within 60 s"
                break
            await asyncio.sleep(0.2)
    await asyncio.sleep(args.after)
    stop_load.set()
    await asyncio.gather(*load)
    load_seconds = time.monotonic() - started

    # Everything the sweep has to redeliver is older than 10 s at its next 30 s tick.
    created = set()
    waited = time.monotonic()
    while time.monotonic() - waited < 120:
        created = await asyncio.to_thread(notifications_since, baseline, usernames)
        received = {(c.username, i) for c in clients for i in c.ids}
        rc, _out = await asyncio.to_thread(check_log, env, 0)
        if created == received and rc == 0:
            break
        await asyncio.sleep(3)
    stop_clients.set()
    await asyncio.gather(*client_tasks)
    received = {(c.username, i) for c in clients for i in c.ids}
    created = await asyncio.to_thread(notifications_since, baseline, usernames)
    rc, output = await asyncio.to_thread(check_log, env, 0)

    requests = sum(tally.statuses.values())
    fivexx = sum(n for s, n in tally.statuses.items() if s >= 500)
    print(f"  fault: {fault}")
    print(f"  load {load_seconds:.0f} s: {requests} requests, answers {dict(sorted(tally.statuses.items()))}")
    print(f"  5xx: {fivexx} (503 with the error body / page: {tally.statuses[503] - len([b for b in tally.bad if b[1] == 503])}, "
          f"other: {len(tally.bad)}), transport errors: {tally.statuses[0]}")
    print("  by request: " + ", ".join(f"{label} {status}: {n}" for (label, status), n in sorted(tally.by_label.items())))
    for label, status, data in tally.bad[:5]:
        print(f"    {label}: {status} {data!r}")
    print(f"  notifications created for the {len(clients)} socket users: {len(created)}; delivered to their sockets: "
          f"{len(created & received)} (missing {len(created - received)}, extra {len(received - created)}); "
          f"duplicates {sum(c.duplicates for c in clients)}, out of order {sum(c.out_of_order for c in clients)}, "
          f"reconnects {sum(c.reconnects for c in clients)}; settled {time.monotonic() - waited:.0f} s after the load")
    missing = created - received
    if missing:
        per_user = Counter(u for u, _i in missing)
        print("  missing per user: " + ", ".join(
            f"{u}: {n} (first #{min(i for v, i in missing if v == u)})" for u, n in sorted(per_user.items())))
    print(f"  check_log (exit {rc}): " + output.replace("\n", "\n    "))
    return {"requests": requests, "5xx": fivexx, "bad": len(tally.bad), "created": len(created),
            "delivered": len(created & received), "duplicates": sum(c.duplicates for c in clients),
            "check_log": rc}


def main():
    args = parse_args()
    workdir = tempfile.mkdtemp(prefix="par-faults-")
    os.chmod(workdir, 0o755)
    pg, redis, app = PrivatePostgres(workdir), PrivateRedis(workdir), None
    results = {}
    try:
        pg.start()
        redis.start()
        url = pg.url("par_drill")
        subprocess.run([*pg.as_user, str(pg.bin / "createdb"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres",
                        "par_drill"], check=True)
        env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
               "PAR_EVENT_DISPATCH": "celery", "DJANGO_SETTINGS_MODULE": "backend.settings", "DJANGO_DEBUG": "0",
               "DJANGO_SECRET_KEY": "drill-" + os.urandom(16).hex(), "PAR_LOG_LEVEL": "WARNING",
               "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG",
                                               "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")})
        os.environ["PAR_EVENT_DISPATCH"] = "inline"  # seeding in this process: no queue yet
        print(f"private PostgreSQL :{pg.port}, private Redis :{redis.port}, work dir {workdir}, "
              f"{os.cpu_count()} cores", flush=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        t0 = time.monotonic()
        seeded = seed(args.tasks, len(args.drill))
        from django.db import connections

        connections.close_all()
        print(f"seeded through the services in {time.monotonic() - t0:.0f} s", flush=True)
        rc, output = check_log(env, 0)
        print(f"check_log before the drills (exit {rc}): {output.splitlines()[-1]}")
        app = App(env, workdir)
        app.start()
        for i, name in enumerate(args.drill):
            results[name] = asyncio.run(run_drill(name, args, seeded, app, redis, pg, env, i))
    finally:
        if app is not None:
            app.stop()
        if args.keep_logs:
            Path(args.keep_logs).mkdir(parents=True, exist_ok=True)
            for log in Path(workdir).glob("*.log"):
                shutil.copy(log, args.keep_logs)
            if (Path(workdir) / "pg" / "log").exists():
                shutil.copy(Path(workdir) / "pg" / "log", Path(args.keep_logs) / "postgres.log")
        redis.stop()
        try:
            pg.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(workdir, ignore_errors=True)
    print("\nsummary: " + "; ".join(f"{k}: {v}" for k, v in results.items()))
    ok = all(r["bad"] == 0 and r["created"] == r["delivered"] and r["duplicates"] == 0 and r["check_log"] == 0
             for r in results.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
