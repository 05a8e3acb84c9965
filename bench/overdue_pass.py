"""How much the overdue pass costs next to the bare SQL that flags the same rows.

On PostgreSQL, with 200,000 open tasks of which 10,000 have just passed their due date:

1. one overdue pass (``backend.deadlines.scan.flag_overdue``: the compare-and-set UPDATE,
   loading the flipped rows, one event each), its time and its number of SQL statements;
2. the same rows flagged again (after a reset) by the single plain ``UPDATE``; the ratio;
3. a pass when nothing is due, both the overdue pass and the whole scan (due-soon too).

Event *delivery* (notifications, scoring) is not part of the pass: it happens after the
commit, inline or on workers, and is measured by those consumers' own benchmarks; the
consumers are detached here so that only the pass is timed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/par_bench5 .venv/bin/python bench/overdue_pass.py

It creates the database if needed, migrates it, and replaces every task in it.
"""
import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/par_bench5")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ["PAR_EMBEDDED_SCHEDULER"] = "0"


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
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--overdue", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (median shown)")
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection, transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from backend.accounts.models import Agency, Office  # noqa: PLC0415
    from backend.criteria.models import Criterion, Methodology  # noqa: PLC0415
    from backend.plans.models import ReformPlan, Task  # noqa: PLC0415
    from workflows import dispatch  # noqa: PLC0415
    from backend.deadlines.scan import TASKS, flag_overdue, scan_deadlines  # noqa: PLC0415
    from workflows.models import Event  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    for consumer in dispatch.consumers():
        dispatch.unregister_consumer(consumer.name)

    now = timezone.now()
    today = timezone.localdate(now)

    # --- data: one agency, one approved plan, 200,000 open tasks -----------------------
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Task._meta.db_table}, {Event._meta.db_table} CASCADE")
    methodology, _ = Methodology.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    field, _ = Criterion.objects.get_or_create(methodology=methodology, code="B1", parent=None,
                                               defaults={"name": "Bench field", "max_points": 1})
    agency, _ = Agency.objects.get_or_create(name="Sở đo hiệu năng", defaults={"methodology": methodology})
    office, _ = Office.objects.get_or_create(agency=agency, name="Phòng đo hiệu năng")
    plan, _ = ReformPlan.objects.get_or_create(
        agency=agency, year=today.year,
        defaults={"title": "Kế hoạch đo hiệu năng", "issue_deadline": datetime.date(today.year - 1, 12, 31),
                  "state": "approved", "approved_at": now},
    )
    yesterday = today - datetime.timedelta(days=1)
    states = ["assigned", "in_progress", "returned"]

    def task(i):
        late = i < args.overdue
        # The others are due 30 days to a year ahead: no reminder due either.
        due = yesterday if late else today + datetime.timedelta(days=30 + i % 330)
        return Task(plan=plan, code=f"B{i}", title=f"Nhiệm vụ đo hiệu năng {i}", field=field,
                    lead_office=office, due_date=due, state=states[i % 3], progress=i % 100)

    batch = 10_000
    for start in range(0, args.tasks, batch):
        Task.objects.bulk_create([task(i) for i in range(start, min(start + batch, args.tasks))])
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Task._meta.db_table}")
    print(f"setup: {args.tasks:,} open tasks, {args.overdue:,} due yesterday ({time.perf_counter() - t0:.1f} s)")

    table = Task._meta.db_table
    open_states = ", ".join(f"'{s}'" for s in TASKS.todo_states)
    bare_sql = (f"UPDATE {table} SET overdue = true, overdue_since = due_date + 1 "
                f"WHERE state IN ({open_states}) AND due_date < %s AND NOT overdue")

    # The same work as the pass, hand-written in one statement: flag the rows and write
    # their events (payload built in SQL). What a pass costs beyond this is Django's:
    # model instances for event_payload(), the events' bulk_create.
    event_table = Event._meta.db_table
    plan_table = ReformPlan._meta.db_table
    bare_with_events_sql = f"""
        WITH flipped AS (
            UPDATE {table} SET overdue = true, overdue_since = due_date + 1
            WHERE state IN ({open_states}) AND due_date < %(today)s AND NOT overdue
            RETURNING id, plan_id, code, title, kind, lead_office_id, assignee_id, due_date, state,
                      overdue_since)
        INSERT INTO {event_table} (type, occurred_at, actor_id, agency_id, subject_type, subject_id, payload)
        SELECT 'task.overdue', %(now)s, NULL, p.agency_id, 'task', f.id, jsonb_build_object(
            'code', f.code, 'title', f.title, 'kind', f.kind, 'plan', f.plan_id,
            'lead_office', f.lead_office_id, 'assignee', f.assignee_id, 'due_date', f.due_date,
            'state', f.state, 'overdue_since', f.overdue_since)
        FROM flipped f JOIN {plan_table} p ON p.id = f.plan_id"""

    def bare_with_events():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(bare_with_events_sql, {"today": today, "now": now})
            return cursor.rowcount

    def reset():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET overdue = false, overdue_since = NULL WHERE overdue")
            cursor.execute(f"DELETE FROM {Event._meta.db_table}")
            cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute(f"VACUUM ANALYZE {Event._meta.db_table}")

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    def timed(func):
        start = time.perf_counter()
        result = func()
        return time.perf_counter() - start, result

    def bare():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(bare_sql, [today])
            return cursor.rowcount

    pass_times, bare_times, bare_event_times, counts = [], [], [], []
    for _ in range(args.repeat):
        reset()
        statements.clear()
        with connection.execute_wrapper(count):
            seconds, result = timed(lambda: flag_overdue(now))
        pass_times.append(seconds)
        counts.append(len(statements))
        pass_statements = [" ".join(sql.split()[:3]) for sql in statements]
        assert result["tasks"] == args.overdue, result
        assert Event.objects.filter(type="task.overdue").count() == args.overdue
        reset()
        seconds, flagged = timed(bare)
        assert flagged == args.overdue, flagged
        bare_times.append(seconds)
        reset()
        seconds, written = timed(bare_with_events)
        assert written == args.overdue, written
        bare_event_times.append(seconds)

    # Nothing due: everything overdue is already flagged, nothing is within 3 working days.
    reset()
    flag_overdue(now)
    idle_overdue, idle_scan, idle_statements = [], [], []
    for _ in range(max(args.repeat, 5)):
        seconds, result = timed(lambda: flag_overdue(now))
        assert result == {"tasks": 0, "findings": 0}, result
        idle_overdue.append(seconds)
        statements.clear()
        with connection.execute_wrapper(count):
            seconds, result = timed(lambda: scan_deadlines(now))
        assert not any(result.values()), result
        idle_scan.append(seconds)
        idle_statements.append(len(statements))

    med = statistics.median
    print(f"overdue pass, {args.overdue:,} of {args.tasks:,} flagged, one event each: "
          f"{med(pass_times) * 1000:.0f} ms (runs: {', '.join(f'{t * 1000:.0f}' for t in pass_times)})")
    print(f"  SQL statements in the pass: {counts[0]}: " + "; ".join(pass_statements))
    print(f"bare SQL UPDATE of the same rows: {med(bare_times) * 1000:.0f} ms "
          f"(runs: {', '.join(f'{t * 1000:.0f}' for t in bare_times)})")
    print(f"ratio pass / bare UPDATE: {med(pass_times) / med(bare_times):.1f}x")
    print(f"bare SQL UPDATE + INSERT of the events in one statement: {med(bare_event_times) * 1000:.0f} ms; "
          f"ratio pass / that: {med(pass_times) / med(bare_event_times):.1f}x")
    print(f"nothing due: overdue pass {med(idle_overdue) * 1000:.1f} ms; whole scan (overdue + due soon) "
          f"{med(idle_scan) * 1000:.1f} ms in {idle_statements[0]} statements")


if __name__ == "__main__":
    main()
