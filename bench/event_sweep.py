"""What an idle event sweep costs as the log grows: 10,000 events, then 1,000,000.

On PostgreSQL, with every event already processed by every registered consumer
(notifications, scoring, inspections): the sweep (``workflows.dispatch.sweep_pending``,
the beat job every 30 s) once its high-water marks have settled, its time and number
of statements, at both sizes; next to it, in the same run, the anti-join the sweep
used to run per consumer over the whole log (the baseline whose cost grows with
history). Goal: the idle sweep takes the same time at both sizes (± noise).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/par_bench7 .venv/bin/python bench/event_sweep.py

It creates the database if needed, migrates it, and replaces every event in it.
"""
import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/par_bench7")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # development settings (a production one needs a secret key)
os.environ["PAR_EMBEDDED_SCHEDULER"] = "0"

from overdue_pass import ensure_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,1000000", help="log lengths, comma separated")
    parser.add_argument("--repeat", type=int, default=15, help="idle sweeps timed per size (median shown)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    ensure_database(os.environ["DATABASE_URL"])
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.db.models import Exists, OuterRef  # noqa: PLC0415

    from workflows import dispatch  # noqa: PLC0415
    from workflows.models import Event, ProcessedEvent, SweepMark  # noqa: PLC0415
    from notifications.models import Notification  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    consumers = [c.name for c in dispatch.consumers()]
    events, receipts = Event._meta.db_table, ProcessedEvent._meta.db_table

    def fill(total):
        """Grow the log to ``total`` events, each processed by every consumer (set-wise SQL)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {events}")
            have = cursor.fetchone()[0]
            cursor.execute(f"""
                INSERT INTO {events} (type, occurred_at, agency_id, subject_type, subject_id, payload)
                SELECT 'plan.closed', now() - interval '1 day', NULL, 'plan', n,
                       jsonb_build_object('year', 2026, 'title', 'Kế hoạch ' || n)
                FROM generate_series(%s, %s) n""", [have + 1, total])
            cursor.execute(f"""
                INSERT INTO {receipts} (consumer, event_id, processed_at)
                SELECT c, e.id, now() FROM {events} e CROSS JOIN unnest(%s::text[]) c
                WHERE NOT EXISTS (SELECT 1 FROM {receipts} r WHERE r.event_id = e.id AND r.consumer = c)""",
                           [consumers])
            cursor.execute(f"VACUUM ANALYZE {events}")
            cursor.execute(f"VACUUM ANALYZE {receipts}")

    def old_anti_join():
        """What each consumer's idle sweep ran before: the whole log against its receipts."""
        for name in consumers:
            processed = ProcessedEvent.objects.filter(consumer=name, event=OuterRef("pk"))
            list(Event.objects.filter(~Exists(processed)).order_by("id")[:1000])

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    def executed_ms(sql, params):
        """The server's own execution time of one statement (EXPLAIN ANALYZE): no client noise."""
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else __import__("json").loads(plan)[0]
        return plan["Execution Time"]

    def anti_join_sql(after):
        qs = dispatch.pending_events(consumers[0], after=after)[:1000]
        return qs.query.sql_with_params()

    def median_ms(func, repeat):
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            func()
            runs.append((time.perf_counter() - t0) * 1000)
        return statistics.median(runs), runs

    with connection.cursor() as cursor:
        # Receipts and notifications name events without a foreign key constraint: listed.
        cursor.execute(f"TRUNCATE {events}, {ProcessedEvent._meta.db_table}, "
                       f"{Notification._meta.db_table} CASCADE")
    SweepMark.objects.all().delete()
    sweep = lambda: dispatch.sweep_pending(older_than=datetime.timedelta(seconds=10))  # noqa: E731
    rows = []
    for size in sizes:
        t0 = time.perf_counter()
        fill(size)
        built = time.perf_counter() - t0
        sweep()
        sweep()  # the marks settle: the second sweep saw nothing open since the first
        marks = dict(SweepMark.objects.values_list("consumer", "event_id"))
        statements.clear()
        with connection.execute_wrapper(count):
            delivered = sweep()
        assert not any(delivered.values()), delivered
        n_statements = len(statements)
        idle, idle_runs = median_ms(sweep, args.repeat)
        old, old_runs = median_ms(old_anti_join, max(3, args.repeat // 3))
        server_new = executed_ms(*anti_join_sql(marks[consumers[0]]))
        server_old = executed_ms(*anti_join_sql(0))
        rows.append((size, idle, n_statements, old, marks, built, min(idle_runs), server_new, server_old))
        print(f"{size:>10,} events (built in {built:.0f} s): idle sweep {idle:.2f} ms median, "
              f"{min(idle_runs):.2f} ms best, in {n_statements} statements; "
              f"whole-log anti-join {old:.1f} ms (3 consumers); marks at {sorted(set(marks.values()))}")
        print(f"{'':>10}  server execution time of one consumer's anti-join: after the mark "
              f"{server_new:.3f} ms, over the whole log {server_old:.1f} ms")
    print(f"\nPostgreSQL {connection.pg_version // 10000}; consumers: {', '.join(consumers)}; "
          f"median of {args.repeat} idle sweeps")
    (small, idle_small, *_), (large, idle_large, *_) = rows[0], rows[-1]
    print(f"idle sweep at {large:,} / at {small:,} events: {idle_large / idle_small:.2f}x "
          f"({idle_small:.2f} ms → {idle_large:.2f} ms)")
    print(f"  best run: {rows[-1][6] / rows[0][6]:.2f}x ({rows[0][6]:.2f} ms → {rows[-1][6]:.2f} ms); "
          f"server time of the anti-join after the mark: {rows[0][7]:.3f} ms → {rows[-1][7]:.3f} ms")
    print(f"the old whole-log anti-join, same sizes: {rows[-1][3] / rows[0][3]:.1f}x "
          f"({rows[0][3]:.1f} ms → {rows[-1][3]:.1f} ms)")


if __name__ == "__main__":
    main()
