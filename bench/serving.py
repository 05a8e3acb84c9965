"""What serving costs: the same requests under each server, side by side, in one run.

    .venv/bin/python bench/serving.py [--seconds 5] [--concurrency 4] [--rounds 2]

The same three API requests (a task's detail, the task list, a transition: ``start`` on an
assigned task, one task per request) against one process of each server, in turn, on the
same PostgreSQL database, with the same loopback client (bench/_http.py, keep-alive
where the server allows it), for ``--seconds`` each:

  wsgi        gunicorn, one sync worker, persistent connections (PAR_DB_POOL=0,
              CONN_MAX_AGE=60): the WSGI baseline the others are divided by
  daphne      Daphne, one process: the ASGI server (HTTP and WebSocket in one)
  production  what serves HTTP in production (docker-compose.yml ``web``): gunicorn, one
              gthread worker of PAR_WEB_THREADS threads; Daphne serves /ws/ only

``--rounds`` repeats the whole sequence (the machine is shared: rounds show the noise);
each figure printed is the median over rounds, with the ratio to the WSGI figure of the
same endpoint. Event dispatch goes to the Celery queue on Redis (as in production) with no
worker running: the web process's share only. Needs PostgreSQL and Redis (defaults:
postgres://postgres@127.0.0.1:5432/par_load_serving, recreated and dropped; redis://127.0.0.1:6379/4,
flushed) and gunicorn (``pip install .[bench]``).
"""
import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _stack import cpu_seconds, drop_database, free_port, recreate_database, wait_for_port  # noqa: E402

ENDPOINTS = ["detail", "list", "transition"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=5.0, help="measured seconds per endpoint per server")
    p.add_argument("--concurrency", type=int, default=4, help="client connections (default 4)")
    p.add_argument("--rounds", type=int, default=2, help="repeats of the whole sequence (default 2)")
    p.add_argument("--threads", type=int, default=4, help="threads of the production gthread worker")
    p.add_argument("--servers", nargs="+", default=["wsgi", "daphne", "production"],
                   choices=["wsgi", "daphne", "production"])
    p.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/par_load_serving"))
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"))
    return p.parse_args()


def seed(n_assigned):
    """One agency through the test factories: 120 tasks in the plan, ``n_assigned`` of them
    assigned to the officer (the transitions' supply). Returns the ids and a token."""
    from knox.models import AuthToken

    from backend.accounts.models import Role
    from backend.plans.models import Task
    from tests.factories.accounts import AgencyFactory, OfficeFactory, UserFactory
    from tests.factories.criteria import CriterionFactory, MethodologyFactory
    from tests.factories.plans import ReformPlanFactory, TaskFactory

    methodology = MethodologyFactory(code="bench-serving")
    fields = [CriterionFactory(methodology=methodology, code=str(i), name=f"Lĩnh vực {i}") for i in range(1, 9)]
    agency = AgencyFactory(name="Sở Xây dựng (bench)", methodology=methodology)
    office = OfficeFactory(agency=agency, name="Phòng Quản lý xây dựng")
    officer = UserFactory(username="officer", role=Role.OFFICER, agency=agency, office=office)
    plan = ReformPlanFactory(agency=agency, approved=True)
    for i in range(120):
        TaskFactory(plan=plan, field=fields[i % 8], lead_office=office, state="in_progress", assignee=officer)
    TaskFactory.create_batch(n_assigned, plan=plan, field=fields[0], lead_office=office, state="assigned",
                             assignee=officer)
    token = AuthToken.objects.create(user=officer)[1]
    detail = Task.objects.filter(plan=plan, state="in_progress").order_by("id").values_list("id", flat=True)[7]
    assigned = list(Task.objects.filter(plan=plan, state="assigned").order_by("id").values_list("id", flat=True))
    return {"token": token, "detail": detail, "plan": plan.pk, "assigned": assigned}


def server_command(name, port, threads):
    if name == "daphne":
        return [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "backend.asgi:application"]
    worker = ["-k", "sync"] if name == "wsgi" else ["-k", "gthread", "--threads", str(threads)]
    return [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", "1", *worker, "backend.wsgi:application"]


async def drive(port, request_for, seconds, concurrency):
    """Closed loop: ``concurrency`` connections, each sending the next request when answered."""
    from _http import HttpConnection

    done, errors, deadline = 0, 0, time.perf_counter() + seconds

    async def one_connection(i):
        nonlocal done, errors
        conn = HttpConnection("127.0.0.1", port)
        n = i
        while time.perf_counter() < deadline:
            made = request_for(n)
            if made is None:
                break
            method, path, body, headers = made
            try:
                status, _ = await conn.request(method, path, body, headers)
            except (ConnectionError, OSError):
                await conn.close()
                conn.writer = None  # the server closed an idle connection: reopen, not counted
                continue
            done += 1
            errors += status != 200
            n += concurrency
        await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_connection(i) for i in range(concurrency)))
    return done / (time.perf_counter() - started), errors, done


def measure(name, proc, port, seeded, args, supply):
    auth = {"Authorization": f"Token {seeded['token']}", "Accept": "application/json"}
    paths = {"detail": f"/api/v1/tasks/{seeded['detail']}/",
             "list": f"/api/v1/tasks/?plan={seeded['plan']}&page_size=50"}
    rates = {}
    for endpoint in ENDPOINTS:
        if endpoint == "transition":
            def request_for(n):
                if not supply:
                    return None
                return "POST", f"/api/v1/tasks/{supply.pop()}/transitions/start/", {}, auth
            warm = [supply.pop() for _ in range(20)]
            asyncio.run(drive(port, lambda n: ("POST", f"/api/v1/tasks/{warm[n]}/transitions/start/", {}, auth)
                              if n < len(warm) else None, 10, 1))
        else:
            def request_for(n, path=paths[endpoint]):
                return "GET", path, None, auth
            asyncio.run(drive(port, request_for, 1.0, args.concurrency))  # warm-up
        cpu_before = cpu_seconds(proc.pid)
        rate, errors, count = asyncio.run(drive(port, request_for, args.seconds, args.concurrency))
        cpu = cpu_seconds(proc.pid) - cpu_before
        if errors:
            raise SystemExit(f"{name} {endpoint}: {errors} of {count} requests did not answer 200")
        rates[endpoint] = (rate, count / cpu if cpu else float("nan"))
    return rates


def main():
    args = parse_args()
    env = {**os.environ, "DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url,
           "DJANGO_SETTINGS_MODULE": "backend.settings", "PAR_LOG_LEVEL": "ERROR", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-" + secrets.token_hex(32),
           "PAR_EVENT_DISPATCH": "celery", "PAR_EMBEDDED_SCHEDULER": "0",
           "PAR_DB_POOL_MAX_SIZE": str(max(4, args.threads))}
    os.environ.update({k: env[k] for k in ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE",
                                           "PAR_LOG_LEVEL", "DJANGO_DEBUG", "PAR_EVENT_DISPATCH")})
    import redis

    print(f"database {args.database_url}, redis {args.redis_url}, {os.cpu_count()} cores, "
          f"{args.concurrency} client connections, {args.seconds:g} s per endpoint, {args.rounds} rounds")
    recreate_database(args.database_url)
    redis.Redis.from_url(args.redis_url).flushdb()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    # Enough assigned tasks for the fastest server to start one per request.
    per_run = int(args.seconds * 400) + 40
    seeded = seed(per_run * len(args.servers) * args.rounds)
    from django.db import connections

    connections.close_all()
    supply = list(reversed(seeded["assigned"]))

    results = {name: {e: [] for e in ENDPOINTS} for name in args.servers}
    try:
        with tempfile.TemporaryDirectory(prefix="par-serving-") as logdir:
            for round_no in range(args.rounds):
                for name in args.servers:
                    port = free_port()
                    log = open(Path(logdir) / f"{name}.log", "a")  # noqa: SIM115
                    # The WSGI baseline as WSGI is deployed: persistent connections, no pool.
                    server_env = {**env, "PAR_DB_POOL": "0"} if name == "wsgi" else env
                    proc = subprocess.Popen(server_command(name, port, args.threads), cwd=ROOT, env=server_env,
                                            stdout=log, stderr=subprocess.STDOUT)
                    try:
                        wait_for_port(port, proc, 60)
                        rates = measure(name, proc, port, seeded, args, supply)
                    finally:
                        proc.terminate()
                        proc.wait(10)
                        log.close()
                    for e in ENDPOINTS:
                        results[name][e].append(rates[e])
                    print(f"  round {round_no + 1} {name:10s} " + "   ".join(
                        f"{e} {rates[e][0]:6.1f}/s {rates[e][1]:6.1f}/cpu-s" for e in ENDPOINTS), flush=True)
    finally:
        redis.Redis.from_url(args.redis_url).flushdb()
        connections.close_all()
        drop_database(args.database_url)

    base = "wsgi" if "wsgi" in results else args.servers[0]
    for title, k in (("req/s (wall clock: shared machine, other load shifts it)", 0),
                     ("requests per CPU-second of the server process (its cost, steady under other load)", 1)):
        print(f"\n{title}; median of {args.rounds} rounds; ratio = server / {base} (goal ≥ 0.80)")
        print(f"  {'server':10s} " + " ".join(f"{e:>22s}" for e in ENDPOINTS))
        for name in args.servers:
            cells = []
            for e in ENDPOINTS:
                rate = statistics.median(r[k] for r in results[name][e])
                ratio = rate / statistics.median(r[k] for r in results[base][e])
                cells.append(f"{rate:9.1f}/s  ({ratio:4.2f}×)")
            print(f"  {name:10s} " + " ".join(f"{c:>22s}" for c in cells))


if __name__ == "__main__":
    main()
