"""What the web pages cost: queries per page, the board's server time next to the JSON
task list, and the compressed weight of a first page load (issue 10, "Measured").

1. Queries per page (home, plan board, task page) with 50 and with 2,000 tasks in the
   plan: the counts must be equal (nothing per task).
2. The board of a plan with 1,000 tasks, server time (the whole Django stack: middleware,
   session, selectors, template), next to the JSON task list of the same 1,000 tasks in
   the same run (``/api/v1/tasks/?plan=…&page_size=200``, five pages, their times added);
   the ratio board / JSON (goal ≤ 2). Median of ``--repeat`` runs, after a warm-up.
3. The static weight of a first page load: the HTML of the login page and of the home
   page plus every stylesheet and script they reference, each gzip-compressed (what a
   browser downloads with Accept-Encoding: gzip; WhiteNoise serves the .gz files).

Requests go through Django's test client in this process (no network, no server), with
DEBUG off, as the signed-in head of the department.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/par_web2_bench .venv/bin/python bench/pages.py

It creates the database if needed, migrates it, and replaces the bench agency's plan.
"""
import argparse
import datetime
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/par_web2_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ["DJANGO_DEBUG"] = "0"
# Production mode refuses the built-in secret key: a throwaway one for the run.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + __import__("secrets").token_hex(32))
os.environ["PAR_EMBEDDED_SCHEDULER"] = "0"

BENCH_AGENCY = "Sở Đo Lường (bench)"


def ensure_database(url):
    """CREATE DATABASE when it does not exist yet (PostgreSQL); SQLite needs nothing."""
    import dj_database_url  # noqa: PLC0415

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg  # noqa: PLC0415

    conninfo = dict(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"],
                    password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def build_department():
    """One agency with a methodology of 8 fields, 4 offices, a head and officers, an approved plan."""
    from django.utils import timezone  # noqa: PLC0415

    from backend.accounts.models import Agency, Office, Role, User  # noqa: PLC0415
    from backend.criteria.models import Criterion, Methodology  # noqa: PLC0415
    from backend.plans.models import ReformPlan  # noqa: PLC0415

    methodology, _ = Methodology.objects.get_or_create(code="bench-method", defaults={"name": "Bench"})
    fields = []
    for i in range(1, 9):
        field, _ = Criterion.objects.get_or_create(
            methodology=methodology, parent=None, code=str(i),
            defaults={"name": f"Lĩnh vực {i}", "max_points": 10, "order": i})
        fields.append(field)
    agency, _ = Agency.objects.get_or_create(name=BENCH_AGENCY, defaults={"methodology": methodology})
    offices = [Office.objects.get_or_create(agency=agency, name=f"Phòng {i}")[0] for i in range(1, 5)]

    def user(username, role, office=None):
        found, created = User.objects.get_or_create(
            username=username, defaults={"role": role, "agency": agency, "office": office,
                                         "full_name": username.replace("_", " ").title()})
        return found

    head = user("bench_head", Role.HEAD)
    officers = [user(f"bench_officer{i}", Role.OFFICER, office) for i, office in enumerate(offices)]
    today = timezone.localdate()
    plan, _ = ReformPlan.objects.get_or_create(
        agency=agency, year=today.year,
        defaults={"title": f"Kế hoạch CCHC năm {today.year} (bench)", "issue_deadline": datetime.date(today.year - 1, 12, 31),
                  "state": "approved", "approved_at": timezone.now(), "created_by": head})
    return {"fields": fields, "offices": offices, "head": head, "officers": officers, "plan": plan}


def fill_plan(dept, n):
    """Replace the plan's tasks with ``n`` tasks of every state and outcome, spread over fields and offices."""
    from django.utils import timezone  # noqa: PLC0415

    from backend.plans.models import Task, TaskState  # noqa: PLC0415

    plan, today = dept["plan"], timezone.localdate()
    Task.objects.filter(plan=plan).delete()
    states = [TaskState.DRAFT, TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.SUBMITTED,
              TaskState.RETURNED, TaskState.DONE, TaskState.CANCELLED]
    rows = []
    for i in range(n):
        state = states[i % len(states)]
        office = dept["offices"][i % 4]
        rows.append(Task(
            plan=plan, code=f"{i // 100 + 1}.{i % 100 + 1}", title=f"Nhiệm vụ cải cách hành chính số {i}",
            description="Mô tả nhiệm vụ", field=dept["fields"][i % 8], lead_office=office,
            assignee=None if state == TaskState.DRAFT else dept["officers"][i % 4],
            due_date=today + datetime.timedelta(days=(i % 90) - 30), state=state,
            progress=(i * 7) % 101 if state != TaskState.DONE else 100,
            completed_on_time=(i % 2 == 0) if state == TaskState.DONE else None,
            overdue=state in (TaskState.ASSIGNED, TaskState.IN_PROGRESS) and (i % 90) < 30,
        ))
    Task.objects.bulk_create(rows, batch_size=1000)
    return Task.objects.filter(plan=plan, state=TaskState.IN_PROGRESS).order_by("id").first()


def count_queries(client, path):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def timed(call, repeat):
    call()  # warm-up: templates compiled, connection open
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def static_weight(client, path):
    """gzip sizes of the page's HTML and of the CSS and JS it references."""
    from django.contrib.staticfiles import finders  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415

    response = client.get(path)
    html = response.content
    parts = [(path, len(html), len(gzip.compress(html, 9)))]
    refs = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    refs += re.findall(rb'<script[^>]+src="([^"]+)"', html)
    for ref in refs:
        name = ref.decode().split("?")[0].removeprefix("/" + settings.STATIC_URL.strip("/") + "/")
        found = finders.find(name)
        if found is None:
            continue
        data = Path(found).read_bytes()
        parts.append((name, len(data), len(gzip.compress(data, 9))))
    return parts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,2000", help="task counts for the query counts")
    parser.add_argument("--board-tasks", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each timing (median shown)")
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    dept = build_department()
    client = Client(HTTP_ACCEPT="text/html", HTTP_HOST="127.0.0.1")
    client.force_login(dept["head"])
    officer = Client(HTTP_ACCEPT="text/html", HTTP_HOST="127.0.0.1")
    officer.force_login(dept["officers"][0])
    plan = dept["plan"]
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")

    print("\n1. queries per page (head; officer's home too)")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        task = fill_plan(dept, n)
        rows.append((n, count_queries(client, "/"), count_queries(officer, "/"),
                     count_queries(client, f"/plans/{plan.pk}/"),
                     count_queries(client, f"/plans/{plan.pk}/?group=office&state=in_progress&q=Nhi%E1%BB%87m"),
                     count_queries(client, f"/tasks/{task.pk}/")))
    print(f"   {'tasks':>6} {'home(head)':>11} {'home(officer)':>14} {'board':>6} {'board+filters':>14} {'task page':>10}")
    for n, *counts in rows:
        print(f"   {n:>6} " + " ".join(f"{c:>{w}}" for c, w in zip(counts, (11, 14, 6, 14, 10))))
    print("   constant: " + ("yes" if len({tuple(r[1:]) for r in rows}) == 1 else "NO"))

    n = args.board_tasks
    fill_plan(dept, n)
    pages = -(-n // 200)

    def board():
        response = client.get(f"/plans/{plan.pk}/")
        assert response.status_code == 200 and response.content.count(b'class="list-group-item board-row"') == n

    def json_list():
        seen = 0
        for page in range(1, pages + 1):
            response = client.get(f"/api/v1/tasks/?plan={plan.pk}&page_size=200&page={page}", HTTP_ACCEPT="application/json")
            assert response.status_code == 200
            seen += len(response.json()["results"])
        assert seen == n, seen

    board_s, json_s = timed(board, args.repeat), timed(json_list, args.repeat)
    size = len(client.get(f"/plans/{plan.pk}/").content)
    print(f"\n2. the board with {n} tasks vs the JSON task list of the same {n} (median of {args.repeat})")
    print(f"   board  /plans/{plan.pk}/                      {board_s * 1000:8.1f} ms  ({size / 1024:.0f} KB HTML)")
    print(f"   JSON   /api/v1/tasks/?plan=…&page_size=200 ×{pages} {json_s * 1000:8.1f} ms")
    print(f"   ratio board / JSON: {board_s / json_s:.2f}  (goal ≤ 2)")

    print("\n3. static weight of a first page load (gzip -9)")
    anonymous = Client(HTTP_ACCEPT="text/html", HTTP_HOST="127.0.0.1")
    for label, who, path in (("login page", anonymous, "/login/"), ("home page (head)", client, "/")):
        parts = static_weight(who, path)
        total = sum(p[2] for p in parts)
        print(f"   {label}: {total / 1024:.1f} KB compressed ({sum(p[1] for p in parts) / 1024:.1f} KB raw)")
        for name, raw, packed in parts:
            print(f"      {name:<45} {raw / 1024:7.1f} KB → {packed / 1024:6.1f} KB")


if __name__ == "__main__":
    main()
