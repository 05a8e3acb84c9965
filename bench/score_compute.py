"""What computing the leadership criterion costs, next to the bare SQL aggregates it needs.

On PostgreSQL, a province of 30 agencies, each with a plan of 10,000 tasks (and its 4
report tasks), 10 offices, 5 inspections and 1,000 findings:

1. one agency: ``scoring.selectors.criterion_score`` (catalogue, configuration, one
   aggregate query per measure, rules), and ``services.score_refresh`` (the same under
   the Score row's lock, stored); the evidence lists of every component (what the API
   adds, cut at 500 items a list);
2. the score *read* of one agency: ``selectors.score_read`` (what ``GET /api/v1/scores/``
   computes) and the whole ``GET /api/v1/scores/?evidence_limit=0`` through the API as
   the agency's head, each asserted to run no INSERT, UPDATE or DELETE (the SQL is
   captured) and to store nothing, with its number of statements;
3. the province: ``criterion_scores`` for the 30 agencies at once (the ranking);
4. the baseline: the bare SQL aggregates over the same rows (hand-written statements,
   one per table, run through the same connection), for one agency and for the province;
   the ratio engine / bare.

    .venv/bin/python bench/score_compute.py [--agencies 30] [--tasks 10000] [--findings 1000]

Default database postgres://postgres@127.0.0.1:5432/par_bench6 (``DATABASE_URL`` wins);
created if needed, migrated; the bench province's rows are replaced (``--keep`` reuses them).
"""
import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/par_bench6")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development settings (a production one needs a secret key)
os.environ["PAR_EMBEDDED_SCHEDULER"] = "0"

PROVINCE = "Bench province"


def ensure_database(url):
    """CREATE DATABASE when it does not exist yet (connecting to the server's own db)."""
    import dj_database_url  # noqa: PLC0415
    import psycopg  # noqa: PLC0415

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("this benchmark measures PostgreSQL: set DATABASE_URL=postgres://…")
    conninfo = dict(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"],
                    password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def timed(fn, repeat):
    """Median wall time of ``repeat`` runs (after one warm-up run), in milliseconds."""
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def build(args, year, today):
    """The province: agencies, offices, plans, tasks, inspections and findings, in bulk."""
    from django.db import transaction  # noqa: PLC0415

    from backend.accounts.models import Agency, Office  # noqa: PLC0415
    from backend.criteria.models import Criterion, Methodology  # noqa: PLC0415
    from backend.inspections.models import Finding, Inspection  # noqa: PLC0415
    from backend.plans.models import ReformPlan, Task  # noqa: PLC0415
    from backend.scoring.models import ManualAssessment, Score  # noqa: PLC0415

    rng = random.Random(876)
    methodology = Methodology.objects.get(code="dept-template-876")
    field = Criterion.objects.get(methodology=methodology, code="1")
    tz_now = datetime.datetime.now(datetime.UTC)
    with transaction.atomic():
        old = Agency.objects.filter(province=PROVINCE)
        Score.objects.filter(agency__in=old).delete()
        ManualAssessment.objects.filter(agency__in=old).delete()
        Finding.objects.filter(inspection__agency__in=old).delete()
        Inspection.objects.filter(agency__in=old).delete()
        Task.objects.filter(plan__agency__in=old).delete()
        ReformPlan.objects.filter(agency__in=old).delete()
        Office.objects.filter(agency__in=old).delete()
        old.delete()

    for n in range(args.agencies):
        with transaction.atomic():
            agency = Agency.objects.create(name=f"Sở thử nghiệm {n + 1:02d}", province=PROVINCE,
                                           methodology=methodology)
            offices = Office.objects.bulk_create(
                [Office(agency=agency, name=f"Phòng {k + 1}") for k in range(args.offices)])
            plan = ReformPlan.objects.create(agency=agency, year=year, title=f"Kế hoạch {year}",
                                             issue_deadline=datetime.date(year - 1, 12, 31), state="approved",
                                             approved_at=tz_now - datetime.timedelta(days=rng.randint(300, 360)))
            tasks = []
            for k in range(args.tasks):
                due = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
                roll = rng.random()
                if roll < 0.05:
                    state = {"state": "cancelled"}
                elif due < today and roll < 0.80:
                    state = {"state": "done", "completed_on_time": rng.random() < 0.8}
                else:
                    state = {"state": rng.choice(["assigned", "in_progress", "submitted"])}
                tasks.append(Task(plan=plan, code=f"{k // 100 + 1}.{k % 100 + 1}", title=f"Nhiệm vụ {k}",
                                  field=field, lead_office=offices[k % len(offices)], due_date=due,
                                  expected_output="Báo cáo" if rng.random() < 0.95 else "", **state))
            for code, month in (("Q1", 3), ("H1", 6), ("Q3", 9), ("Y", 12)):
                due = datetime.date(year, month, 20)
                tasks.append(Task(plan=plan, kind="report", code=f"BC-{code}", title=f"Báo cáo {code}",
                                  field=field, due_date=due,
                                  **({"state": "done", "completed_on_time": True} if due < today
                                     else {"state": "assigned"})))
            Task.objects.bulk_create(tasks, batch_size=2000)
            inspections = []
            for k in range(args.inspections):
                start = datetime.date(year, 2 + k, 10)
                inspection = Inspection.objects.create(
                    agency=agency, title=f"Kiểm tra đợt {k + 1}", start_date=start,
                    end_date=start + datetime.timedelta(days=10), state="reported" if start < today else "planned")
                inspection.offices.set(offices[k * 2:(k + 1) * 2 - (k % 2)])
                inspections.append(inspection)
            Finding.objects.bulk_create([
                Finding(inspection=inspections[k % len(inspections)], office=offices[k % len(offices)],
                        description=f"Tồn tại số {k}", due_date=datetime.date(year, 6, 1) + datetime.timedelta(days=k % 180),
                        state="closed" if rng.random() < 0.7 else "in_remediation")
                for k in range(args.findings)], batch_size=2000)
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


BARE_SQL = """
SELECT p.agency_id,
       count(*) FILTER (WHERE t.kind = 'task'),
       count(*) FILTER (WHERE t.kind = 'task' AND t.state = 'done'),
       count(*) FILTER (WHERE t.kind = 'task' AND t.state = 'done' AND t.completed_on_time IS NOT FALSE),
       count(*) FILTER (WHERE t.kind = 'task' AND t.state = 'done' AND t.completed_on_time = false),
       count(*) FILTER (WHERE t.kind = 'task' AND t.state <> 'done' AND t.due_date < %(today)s),
       count(*) FILTER (WHERE t.kind = 'task' AND t.lead_office_id IS NOT NULL AND t.expected_output <> ''),
       count(*) FILTER (WHERE t.kind = 'report' AND t.state = 'done' AND t.completed_on_time)
  FROM plans_task t JOIN plans_reformplan p ON p.id = t.plan_id
 WHERE p.agency_id = ANY(%(ids)s) AND p.year = %(year)s AND t.state <> 'cancelled'
 GROUP BY p.agency_id;
SELECT i.agency_id, count(*), count(*) FILTER (WHERE f.state = 'closed')
  FROM inspections_finding f JOIN inspections_inspection i ON i.id = f.inspection_id
 WHERE i.agency_id = ANY(%(ids)s) AND i.start_date BETWEEN %(jan1)s AND %(dec31)s
 GROUP BY i.agency_id;
SELECT o.agency_id, count(DISTINCT o.id), count(DISTINCT o.id) FILTER (WHERE i.id IS NOT NULL)
  FROM accounts_office o
  LEFT JOIN inspections_inspection_offices io ON io.office_id = o.id
  LEFT JOIN inspections_inspection i ON i.id = io.inspection_id
       AND i.state IN ('in_progress', 'reported', 'closed') AND i.start_date BETWEEN %(jan1)s AND %(dec31)s
 WHERE o.agency_id = ANY(%(ids)s)
 GROUP BY o.agency_id;
SELECT agency_id, state, approved_at, issue_deadline FROM plans_reformplan
 WHERE agency_id = ANY(%(ids)s) AND year = %(year)s
"""


def bare(ids, year, today):
    """The aggregates the criterion needs, as plain SQL: the floor the engine is measured against."""
    from django.db import connection  # noqa: PLC0415

    params = {"ids": ids, "year": year, "today": today,
              "jan1": datetime.date(year, 1, 1), "dec31": datetime.date(year, 12, 31)}
    with connection.cursor() as cursor:
        for statement in filter(None, (s.strip() for s in BARE_SQL.split(";"))):
            cursor.execute(statement, params)
            cursor.fetchall()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=30)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--findings", type=int, default=1_000)
    parser.add_argument("--offices", type=int, default=10)
    parser.add_argument("--inspections", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7, help="runs of each measurement (median shown)")
    parser.add_argument("--keep", action="store_true", help="reuse the bench province if it exists")
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from backend.accounts.models import Agency  # noqa: PLC0415
    from backend.scoring import selectors, services  # noqa: PLC0415
    from workflows import dispatch  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    for consumer in dispatch.consumers():  # only the computation is timed, not the notifications
        dispatch.unregister_consumer(consumer.name)

    today = timezone.localdate()
    year = today.year
    agencies = list(Agency.objects.filter(province=PROVINCE).order_by("name"))
    if not (args.keep and len(agencies) == args.agencies):
        t0 = time.perf_counter()
        build(args, year, today)
        agencies = list(Agency.objects.filter(province=PROVINCE).order_by("name"))
        print(f"built {len(agencies)} agencies × {args.tasks:,} tasks, {args.findings:,} findings "
              f"in {time.perf_counter() - t0:.1f} s")
    one = agencies[0]
    ids = [a.pk for a in agencies]

    with CaptureQueriesContext(connection) as one_queries:
        result = selectors.criterion_score(one, year)

    # --- the score read: GET /api/v1/scores/ as the agency's head, asserted to write nothing
    from rest_framework.test import APIClient  # noqa: PLC0415

    from backend.accounts.models import Role, User  # noqa: PLC0415
    from backend.scoring.models import Score, ScoreChange  # noqa: PLC0415
    from workflows.models import Event  # noqa: PLC0415

    head, _ = User.objects.get_or_create(username=f"bench_head_{one.pk}",
                                         defaults={"role": Role.HEAD, "agency": one})
    client = APIClient()
    client.force_authenticate(head)

    def get_score():
        response = client.get("/api/v1/scores/", {"agency": one.pk, "year": year, "evidence_limit": 0})
        assert response.status_code == 200, response.content[:300]
        return response

    def stored():
        return (Score.objects.count(), ScoreChange.objects.count(), Event.objects.count(),
                list(Score.objects.values_list("computed_at", flat=True)))

    writes = ("INSERT", "UPDATE", "DELETE")
    before = stored()
    read_queries = {}
    for name, read in (("score_read", lambda: selectors.score_read(one, year)), ("GET", get_score)):
        with CaptureQueriesContext(connection) as captured:
            read()
        written = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(writes)]
        assert not written, (name, written)
        read_queries[name] = len(captured)
    assert stored() == before, "a score read stored something"
    with CaptureQueriesContext(connection) as province_queries:
        selectors.criterion_scores(agencies, year)

    def evidence():
        r = selectors.criterion_score(one, year)
        for c in r.components:
            selectors.evidence_of(r, c, 500)

    rows = [
        ("one agency: criterion_score", timed(lambda: selectors.criterion_score(one, year), args.repeat),
         len(one_queries)),
        ("one agency: score_read (GET's computation, no writes)",
         timed(lambda: selectors.score_read(one, year), args.repeat), read_queries["score_read"]),
        ("one agency: GET /api/v1/scores/ (no writes)", timed(get_score, args.repeat), read_queries["GET"]),
        ("one agency: score_refresh (locked, stored)",
         timed(lambda: services.score_refresh(agency=one, year=year), args.repeat), None),
        ("one agency: + evidence lists (≤500 each)", timed(evidence, args.repeat), None),
        (f"province: criterion_scores({len(agencies)} agencies)",
         timed(lambda: selectors.criterion_scores(agencies, year), args.repeat), len(province_queries)),
        ("province: province_ranking", timed(lambda: selectors.province_ranking(PROVINCE, year), args.repeat), None),
    ]
    bare_one = timed(lambda: bare([one.pk], year, today), args.repeat)
    bare_province = timed(lambda: bare(ids, year, today), args.repeat)

    print(f"\nPostgreSQL {connection.pg_version // 10000}, {len(agencies)} agencies, year {year}, "
          f"median of {args.repeat} runs")
    print(f"one agency's criterion: {result.points} / {result.max_points} points; "
          f"score reads asserted: no INSERT/UPDATE/DELETE, nothing stored")
    print(f"{'measurement':52} {'ms':>9} {'queries':>8} {'× bare':>8}")
    for name, ms, queries in rows:
        base = bare_province if name.startswith("province") else bare_one
        print(f"{name:52} {ms:9.1f} {queries if queries is not None else '':>8} {ms / base:8.2f}")
    print(f"{'bare SQL aggregates, one agency (4 statements)':52} {bare_one:9.1f} {4:>8} {1:8.2f}")
    print(f"{'bare SQL aggregates, province (4 statements)':52} {bare_province:9.1f} {4:>8} {1:8.2f}")


if __name__ == "__main__":
    main()
