"""What ``manage.py check_log`` costs as the log grows: 100,000 events, then 1,000,000.

    .venv/bin/python bench/check_log_scale.py [--sizes 100000,1000000]

On a private PostgreSQL cluster this script starts and removes (see ``bench/faults.py``),
a whole log written by SQL: per task four transitions (assign, start, submit, approve),
each an event with its history row, a receipt of each of the three consumers and one
notification (ids 1…N, the counter at N). Per size: the time of the whole check (every
check of ``workflows.reconcile``, no gap found), of ``--since 1h`` (the newest 1 % of
the log), and, as the bare baseline in the same run, one ``count(*)`` over each table the
check reads (the least any whole-log check must do), with the ratio.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from faults import PrivatePostgres  # noqa: E402

FILL = """
WITH n AS (SELECT g AS n, (g - 1) / 4 + 1 AS subject, (g - 1) %% 4 + 1 AS step FROM generate_series(%(lo)s, %(hi)s) g)
INSERT INTO {event} (id, type, occurred_at, agency_id, subject_type, subject_id, payload)
SELECT n, (ARRAY['task.assigned','task.started','task.submitted','task.completed'])[step],
       now() - make_interval(secs => (%(hi_all)s - n) * 0.36), %(agency)s, 'task', subject,
       jsonb_build_object('transition', (ARRAY['assign','start','submit','approve'])[step],
                          'to', (ARRAY['assigned','in_progress','submitted','done'])[step])
FROM n;
WITH n AS (SELECT g AS n, (g - 1) / 4 + 1 AS subject, (g - 1) %% 4 + 1 AS step FROM generate_series(%(lo)s, %(hi)s) g)
INSERT INTO {history} (subject_type, subject_id, transition, from_state, to_state, at, reason, data, event_id)
SELECT 'task', subject, (ARRAY['assign','start','submit','approve'])[step],
       (ARRAY['draft','assigned','in_progress','submitted'])[step],
       (ARRAY['assigned','in_progress','submitted','done'])[step], now(), '', '{{}}', n
FROM n;
INSERT INTO {receipt} (consumer, event_id, processed_at)
SELECT c, g, now() FROM generate_series(%(lo)s, %(hi)s) g,
       unnest(ARRAY['notifications','scoring.criterion','inspections.remediation_ready']) c;
INSERT INTO {notification} (id, recipient_id, event_id, event_type, subject_type, subject_id, title, body, url,
                            created_at)
SELECT e.id, %(user)s, e.id, e.type, 'task', e.subject_id, 'Thông báo', '', '', e.occurred_at
FROM {event} e WHERE e.id BETWEEN %(lo)s AND %(hi)s;
"""


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    workdir = tempfile.mkdtemp(prefix="par-checklog-")
    os.chmod(workdir, 0o755)
    pg = PrivatePostgres(workdir)
    try:
        pg.start()
        subprocess.run([str(pg.bin / "createdb"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres",
                        "par_checklog"], check=True)
        os.environ.update(DATABASE_URL=pg.url("par_checklog"), DJANGO_SETTINGS_MODULE="backend.settings",
                          DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-" + os.urandom(8).hex())
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
        import django

        django.setup()
        from django.db import connection

        from backend.accounts.models import Agency, Role, User
        from backend.criteria.models import Methodology
        from notifications.models import Notification, NotificationSequence
        from workflows import reconcile
        from workflows.models import Event, ProcessedEvent, TransitionRecord

        agency = Agency.objects.create(name="Sở (đo)", methodology=Methodology.objects.create(code="m", name="M"))
        user = User.objects.create(username="u", role=Role.OFFICER, agency=agency, password="!")
        tables = {"event": Event, "history": TransitionRecord, "receipt": ProcessedEvent,
                  "notification": Notification}
        sql = FILL.format(**{k: connection.ops.quote_name(m._meta.db_table) for k, m in tables.items()})
        have = 0
        print(f"private PostgreSQL :{pg.port}, {os.cpu_count()} cores")
        for size in sizes:
            t0 = time.perf_counter()
            with connection.cursor() as cursor:
                for statement in filter(str.strip, sql.split(";")):
                    cursor.execute(statement, {"lo": have + 1, "hi": size, "hi_all": size, "agency": agency.pk,
                                               "user": user.pk})
                cursor.execute("ANALYZE")
            NotificationSequence.objects.update_or_create(pk=1, defaults={"last": size})
            have = size
            filled = time.perf_counter() - t0

            def whole():
                found = reconcile.reconcile(since=None)
                assert not any(found.values()), found

            def recent():
                from django.utils import timezone
                import datetime
                reconcile.reconcile(since=timezone.now() - datetime.timedelta(hours=1))

            def bare():
                with connection.cursor() as cursor:
                    for model in tables.values():
                        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(model._meta.db_table)}")
                        cursor.fetchone()

            def timed(func):
                runs = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    func()
                    runs.append(time.perf_counter() - t)
                return statistics.median(runs)

            w, r, b = timed(whole), timed(recent), timed(bare)
            from django.utils import timezone
            import datetime
            window = Event.objects.filter(occurred_at__gte=timezone.now() - datetime.timedelta(hours=1)).count()
            print(f"{size:>9,} events ({size // 4:,} tasks, {3 * size:,} receipts, {size:,} history rows, "
                  f"{size:,} notifications; filled in {filled:.0f} s):")
            scope = reconcile.Scope(since=None, settled_before=timezone.now())
            parts = {name: timed(lambda check=check: check(scope)) for name, check in reconcile.log_checks()}
            print("  per check, whole log: " + ", ".join(f"{name} {t:.2f} s" for name, t in parts.items()))
            print(f"  check_log, whole log: {w:7.2f} s   --since 1h ({window:,} events): {r:6.2f} s   "
                  f"bare count(*) of the 4 tables: {b:6.2f} s   ratio whole/bare {w / b:5.1f}×")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001
            pass
        try:
            pg.stop()
        except subprocess.CalledProcessError:
            pass
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
