"""How much the overdue pass costs, with its consumers attached, next to the bare SQL.

On PostgreSQL, with 200,000 open tasks of which 10,000 have just passed their due date,
in one department scored with the shipped 876 template (a head, an office head, 20
officers; every late task assigned to an officer):

1. one overdue pass *and its dispatch* (``backend.deadlines.scan.flag_overdue`` with the
   registered consumers, inline as in the embedded default: receipts, notifications to
   the assignee, the lead office's head and the department head, the score recomputed
   and stored): time and number of SQL statements;
2. the same pass with the consumers detached (the pass alone);
3. the bare SQL of the pass: one statement that flags the rows and inserts their events
   (the UPDATE and the INSERT as one CTE), and the plain UPDATE alone; the ratios;
4. the statements of a pass + dispatch for 1,000 and for 10,000 flagged tasks (the same
   number: nothing grows with the flagged rows);
5. a pass when nothing is due, both the overdue pass and the whole scan (due-soon too).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/par_bench5 .venv/bin/python bench/overdue_pass.py

It creates the database if needed, migrates it, and replaces every task, event and
notification in it. The channel layer is in-memory unless ``REDIS_URL`` is set (no
socket listens: a push costs its ``group_send``).
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
os.environ.setdefault("DJANGO_DEBUG", "1")  # development settings (a production one needs a secret key)
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
    parser.add_argument("--small", type=int, default=1_000, help="the smaller pass of the query-count check")
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (median shown)")
    parser.add_argument("--keep", action="store_true", help="reuse the tasks of an earlier run the same day")
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection, transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from backend.accounts.models import Agency, Office, Role, User  # noqa: PLC0415
    from backend.criteria.models import Criterion, Methodology  # noqa: PLC0415
    from backend.plans.models import ReformPlan, Task  # noqa: PLC0415
    from backend.scoring.models import Score  # noqa: PLC0415
    from notifications.models import Notification  # noqa: PLC0415
    from workflows import dispatch  # noqa: PLC0415
    from backend.deadlines.scan import DUE_SOON_STATES, flag_overdue, scan_deadlines  # noqa: PLC0415
    from workflows.models import Event, ProcessedEvent  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    consumers = dispatch.consumers()
    assert {c.name for c in consumers} >= {"notifications", "scoring.criterion"}, consumers

    now = timezone.now()
    today = timezone.localdate(now)

    # --- data: one scored agency, its people, one approved plan, 200,000 open tasks ----
    t0 = time.perf_counter()
    methodology = Methodology.objects.get(code="dept-template-876")
    field = Criterion.objects.get(methodology=methodology, code="1")
    agency, _ = Agency.objects.get_or_create(name="Sở đo hiệu năng")
    agency.methodology = methodology
    agency.save(update_fields=["methodology"])
    office, _ = Office.objects.get_or_create(agency=agency, name="Phòng đo hiệu năng")

    def person(username, role, office=None):
        user, _ = User.objects.get_or_create(username=username, defaults={
            "role": role, "agency": agency, "office": office, "full_name": username})
        return user

    person("bench_head", Role.HEAD)
    person("bench_office_head", Role.OFFICE_HEAD, office)
    officers = [person(f"bench_officer{k}", Role.OFFICER, office) for k in range(args.officers)]
    plan, _ = ReformPlan.objects.get_or_create(
        agency=agency, year=today.year,
        defaults={"title": "Kế hoạch đo hiệu năng", "issue_deadline": datetime.date(today.year - 1, 12, 31),
                  "state": "approved", "approved_at": now},
    )
    Score.objects.filter(agency=agency).delete()
    yesterday = today - datetime.timedelta(days=1)
    states = ["assigned", "in_progress", "returned"]

    def task(i):
        late = i < args.overdue
        # The others are due 30 days to a year ahead: no reminder due either.
        due = yesterday if late else today + datetime.timedelta(days=30 + i % 330)
        return Task(plan=plan, code=f"B{i}", title=f"Nhiệm vụ đo hiệu năng {i}", field=field,
                    lead_office=office, assignee=officers[i % len(officers)], due_date=due,
                    state=states[i % 3], progress=i % 100, expected_output="Báo cáo")

    kept = (args.keep and Task.objects.filter(plan=plan).count() == Task.objects.count() == args.tasks
            and Task.objects.filter(due_date=yesterday).count() == args.overdue)
    if not kept:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Task._meta.db_table}, {Event._meta.db_table}, "
                           f"{ProcessedEvent._meta.db_table}, {Notification._meta.db_table} CASCADE")
        batch = 10_000
        for start in range(0, args.tasks, batch):
            Task.objects.bulk_create([task(i) for i in range(start, min(start + batch, args.tasks))])
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Task._meta.db_table}")
    print(f"setup: {args.tasks:,} open tasks, {args.overdue:,} due yesterday, {args.officers} officers "
          f"({'kept' if kept else 'built'} in {time.perf_counter() - t0:.1f} s)")

    table = Task._meta.db_table
    open_states = ", ".join(f"'{s}'" for s in DUE_SOON_STATES)  # the work still to do
    bare_sql = (f"UPDATE {table} SET overdue = true, overdue_since = due_date + 1 "
                f"WHERE state IN ({open_states}) AND due_date < %s AND NOT overdue")

    # The same work as the pass, hand-written in one statement: flag the rows and write
    # their events (payload built in SQL). What a pass costs beyond this is Django's:
    # model instances for event_payload(), the events' bulk_create; then the dispatch.
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
        # Events go with their receipts and notifications (named: no foreign key
        # constraint leads to them) and score history causes.
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET overdue = false, overdue_since = NULL WHERE overdue")
            cursor.execute(f"TRUNCATE {event_table}, {ProcessedEvent._meta.db_table}, "
                           f"{Notification._meta.db_table} CASCADE")
            for model in (Task, Event, ProcessedEvent, Notification):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")

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

    def detached(func):
        for consumer in consumers:
            dispatch.unregister_consumer(consumer.name)
        try:
            return func()
        finally:
            for consumer in consumers:
                dispatch.register_consumer(consumer)

    def counted_pass():
        statements.clear()
        with connection.execute_wrapper(count):
            seconds, result = timed(lambda: flag_overdue(now))
        return seconds, result, list(statements)

    # Warm-up: the first score of the agency-year is stored, the counter row made.
    reset()
    flag_overdue(now)

    full_times, pass_times, bare_times, bare_event_times, counts = [], [], [], [], []
    full_statements = []
    for _ in range(args.repeat):
        reset()
        seconds, result, full_statements = counted_pass()
        full_times.append(seconds)
        counts.append(len(full_statements))
        assert result["tasks"] == args.overdue, result
        assert Event.objects.filter(type="task.overdue").count() == args.overdue
        for consumer in consumers:
            # Receipts from the consumers that take task.overdue; none from the others.
            takes = "task.overdue" in (dispatch.event_types_of(consumer) or {"task.overdue"})
            processed = ProcessedEvent.objects.filter(consumer=consumer.name, event__type="task.overdue").count()
            assert processed == (args.overdue if takes else 0), (consumer.name, processed)
        notified = Notification.objects.filter(event_type="task.overdue").count()
        assert notified == 3 * args.overdue, notified  # assignee, office head, department head
        reset()
        seconds, result = detached(lambda: timed(lambda: flag_overdue(now)))
        assert result["tasks"] == args.overdue, result
        pass_times.append(seconds)
        reset()
        seconds, flagged = timed(bare)
        assert flagged == args.overdue, flagged
        bare_times.append(seconds)
        reset()
        seconds, written = timed(bare_with_events)
        assert written == args.overdue, written
        bare_event_times.append(seconds)

    # The query count does not grow: the same pass + dispatch for fewer flagged tasks
    # (the others moved out of reach for this pass, then back).
    reset()
    later = today + datetime.timedelta(days=400)
    late_ids = list(Task.objects.filter(due_date=yesterday).order_by("pk").values_list("pk", flat=True))
    Task.objects.filter(pk__in=late_ids[args.small:]).update(due_date=later)
    _, small_result, small_statements = counted_pass()
    Task.objects.filter(pk__in=late_ids[args.small:]).update(due_date=yesterday)
    assert small_result["tasks"] == args.small, small_result
    reset()
    _, big_result, big_statements = counted_pass()
    assert big_result["tasks"] == args.overdue, big_result

    # Nothing due: everything overdue is already flagged, nothing is within 3 working days.
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

    def kinds(sqls):
        tally = {}
        for sql in sqls:
            words = sql.split()
            key = " ".join(words[:1] + [w for w in words[1:6] if w.startswith('"')][:1])
            tally[key] = tally.get(key, 0) + 1
        return ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in tally.items())

    med = statistics.median
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    runs = lambda times: ", ".join(f"{t * 1000:.0f}" for t in times)  # noqa: E731
    print(f"PostgreSQL {connection.pg_version // 10000}; consumers: {', '.join(c.name for c in consumers)}; "
          f"median of {args.repeat} runs")
    print(f"overdue pass + dispatch, {args.overdue:,} of {args.tasks:,} flagged, "
          f"{3 * args.overdue:,} notifications, score recomputed: {ms(med(full_times))} (runs: {runs(full_times)})")
    print(f"  SQL statements: {counts[0]}: {kinds(full_statements)}")
    print(f"the pass alone (consumers detached): {ms(med(pass_times))} (runs: {runs(pass_times)})")
    print(f"bare SQL: UPDATE + INSERT of the events in one statement: {ms(med(bare_event_times))} "
          f"(runs: {runs(bare_event_times)}); the UPDATE alone: {ms(med(bare_times))}")
    print(f"ratio pass + dispatch / bare UPDATE + INSERT: {med(full_times) / med(bare_event_times):.1f}x "
          f"(goal ≤ 5x); pass alone / bare: {med(pass_times) / med(bare_event_times):.1f}x")
    # Each repetition runs the pass and the bare SQL back to back: their ratio cancels
    # what drifts between repetitions (the machine's other load, the disk cache).
    paired = sorted(f / b for f, b in zip(full_times, bare_event_times))
    print(f"  the same ratio per repetition: median {med(paired):.1f}x, from {paired[0]:.1f}x to {paired[-1]:.1f}x")
    print(f"statements of pass + dispatch: {len(small_statements)} for {args.small:,} flagged, "
          f"{len(big_statements)} for {args.overdue:,} flagged")
    print(f"nothing due: overdue pass {med(idle_overdue) * 1000:.1f} ms; whole scan (overdue + due soon) "
          f"{med(idle_scan) * 1000:.1f} ms in {idle_statements[0]} statements")


if __name__ == "__main__":
    main()
