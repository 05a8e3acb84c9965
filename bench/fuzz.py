"""The long schema-fuzzing run: ≥ 10,000 requests per role against the API's own schema.

Schemathesis (``tests/fuzzing.py``, the same harness as the short run in the suite)
generates valid and invalid requests for every operation of ``/api/v1/schema/`` and
sends them in-process to Django's WSGI application, as each demo role in turn: head,
office_head, officer, inspector, admin. Half the cases target a real object of the
demo department (a task, a finding, …), so transitions and writes meet real state. It
prints per role: requests, 5xx, schema violations, error-body violations (goal: 0, 0, 0),
the tokens re-issued (after the fuzzer's own logouts) and the status counts, then the
first problems found, if any. A run whose statuses are mostly 401 tested the
authentication layer only: there should be a handful (wrong credentials on auth/token).

    .venv/bin/python bench/fuzz.py [--requests 10000] [--examples 10] [--minutes 0] [--roles head,officer]

The roles take turns, one round each (every operation, ``--examples`` cases per mode and
target), until each has had ``--requests``; ``--minutes`` stops earlier, after the round
under way (the figures printed are then what was sent). A line per round shows the
running totals.

Runs on a fresh SQLite database in a temporary directory (on /dev/shm where there is one;
``DATABASE_URL`` unset), with the demo department loaded (``seed_demo``); nothing else is
touched. The directory is removed at the end unless something was found. Exit status 1
when anything was found.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ["PAR_EMBEDDED_SCHEDULER"] = "0"
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
# The database in memory where there is a tmpfs: thousands of small commits, no disk wait.
os.environ["PAR_VAR_DIR"] = tempfile.mkdtemp(prefix="par-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
# Not DEBUG: what production answers (DEBUG pages would be HTML; the API must not be).
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "fuzz-only-" + "x" * 50)

ROLES = ["head", "office_head", "officer", "inspector", "admin"]


def real_objects(user):
    """One object of each kind the user's agency has, for half of the cases to aim at."""
    from backend.accounts.models import Office  # noqa: PLC0415
    from backend.evidence.models import Evidence  # noqa: PLC0415
    from backend.inspections.models import Finding, Inspection  # noqa: PLC0415
    from backend.plans.models import ReformPlan, Task  # noqa: PLC0415
    from backend.workdays.models import CalendarOverride  # noqa: PLC0415
    from notifications.models import Notification  # noqa: PLC0415
    from workflows.models import Event  # noqa: PLC0415

    agency = user.agency_id

    def first(qs):
        obj = qs.order_by("pk").first()
        return obj.pk if obj else None

    ids = {
        "agencies": agency, "users": user.pk,
        "tasks": first(Task.objects.filter(plan__agency_id=agency, state="in_progress")),
        "plans": first(ReformPlan.objects.filter(agency_id=agency)),
        "inspections": first(Inspection.objects.filter(agency_id=agency)),
        "findings": first(Finding.objects.filter(inspection__agency_id=agency)),
        "evidence": first(Evidence.objects.filter(task__plan__agency_id=agency)),
        "offices": first(Office.objects.filter(agency_id=agency)),
        "notifications": first(Notification.objects.filter(recipient=user)),
        "events": first(Event.objects.filter(agency_id=agency)),
        "calendar-overrides": first(CalendarOverride.objects.all()),
    }
    return {k: v for k, v in ids.items() if v is not None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000, help="at least this many per role")
    parser.add_argument("--examples", type=int, default=10,
                        help="cases per operation, mode and target in one round")
    parser.add_argument("--minutes", type=float, default=0, help="stop after this long (0: no limit)")
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args()

    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from backend.accounts.models import User  # noqa: PLC0415
    from tests.fuzzing import Fuzzer, Tally  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    print(f"database: {os.environ['PAR_VAR_DIR']}/db.sqlite3 (SQLite), demo department loaded", flush=True)
    roles = args.roles.split(",")
    totals = {role: Tally(role) for role in roles}
    users = {role: User.objects.get(username=role) for role in roles}
    # One fuzzer per role for the whole run: the schema is read once, and the combinations
    # no case can be generated for are tried in the first round only.
    fuzzers = {role: Fuzzer(users[role], role, examples=args.examples) for role in roles}
    started, rounds = time.monotonic(), 0
    deadline = started + args.minutes * 60 if args.minutes else None
    while any(t.requests < args.requests for t in totals.values()):
        rounds += 1
        for role in roles:
            total = totals[role]
            if total.requests >= args.requests or (deadline and time.monotonic() > deadline):
                continue
            total.add(fuzzers[role].round(real_objects(users[role])))
            print(f"round {rounds}  {total.line()}  ({time.monotonic() - started:.0f} s)", flush=True)
        if deadline and time.monotonic() > deadline:
            print(f"stopped after {args.minutes:g} minutes", flush=True)
            break
    elapsed = time.monotonic() - started
    print()
    print(f"{'role':12} {'requests':>9} {'5xx':>5} {'schema':>7} {'error-body':>11}   "
          f"({elapsed:.0f} s, {sum(t.requests for t in totals.values()) / elapsed:.1f} req/s)")
    for t in totals.values():
        print(f"{t.role:12} {t.requests:9} {len(t.server_errors):5} {len(t.schema_violations):7} "
              f"{len(t.error_body_violations):11}")
    print()
    for t in totals.values():
        print(t.line())
    totals = list(totals.values())
    problems = [p for t in totals for p in t.problems()]
    for problem in problems[:40]:
        print("  ", problem)
    if problems:
        print(f"the database is kept for a look: {os.environ['PAR_VAR_DIR']}")
        return 1
    shutil.rmtree(os.environ["PAR_VAR_DIR"], ignore_errors=True)  # on /dev/shm it holds memory
    return 0


if __name__ == "__main__":
    sys.exit(main())
