"""What building every filter cost the task list: in-process, the same list with only the
filters its query names (now) and with every filter built (django-filter's way, before).

    .venv/bin/python bench/list_filters.py

One office's first page of 50 tasks (``/api/v1/tasks/?plan=…&office=…``) as an officer,
through Django's test client with DEBUG off, CPU time of this process per request, the
two ways alternating, median of 5 × 40 requests; then the bare DRF list over the same rows
(bench/bare_urls.py) as the floor. Data built with the test factories (bench/load.py's
``seed``) in postgres://postgres@127.0.0.1:5432/par_load_filters, dropped at the end.
"""
import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from _stack import drop_database, recreate_database  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/par_load_filters")


def main():
    env = {**os.environ, "DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": "bare_settings", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-" + secrets.token_hex(32),
           "PAR_LOG_LEVEL": "ERROR", "PYTHONPATH": str(BENCH)}
    os.environ.update({k: env[k] for k in ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG",
                                           "PAR_LOG_LEVEL")})
    recreate_database(URL)
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        import django_filters
        from django.test import Client

        from backend.api.filtersets import RequestedFilterSet
        from load import seed

        seeded = seed(argparse.Namespace(offices=1, officers=6), {"submit": 60, "approve": 0, "close_finding": 0})
        officer = next(iter(seeded["people"]))
        client = Client(HTTP_AUTHORIZATION=f"Token {seeded['tokens'][officer]}", HTTP_ACCEPT="application/json")
        query = f"plan={seeded['plan']}&office={seeded['people'][officer]['office']}"
        paths = {"task list, only the named filters (now)": f"/api/v1/tasks/?{query}",
                 "task list, every filter built (before)": f"/api/v1/tasks/?{query}",
                 "bare DRF list, same rows": f"/bench/bare-tasks/?{query}"}
        requested = RequestedFilterSet.__init__

        def every_filter(self, data=None, queryset=None, *, request=None, prefix=None):
            django_filters.FilterSet.__init__(self, data, queryset, request=request, prefix=prefix)

        def cpu(path, n=40):
            started = time.process_time()
            for _ in range(n):
                response = client.get(path)
                assert response.status_code == 200 and len(response.json()["results"]) == 50
            return (time.process_time() - started) / n

        results = {name: [] for name in paths}
        for _ in range(6):  # the first round warms up and is dropped
            for name, path in paths.items():
                RequestedFilterSet.__init__ = every_filter if "before" in name else requested
                results[name].append(cpu(path))
        RequestedFilterSet.__init__ = requested
        floor = statistics.median(results["bare DRF list, same rows"][1:])
        for name, values in results.items():
            ms = statistics.median(values[1:]) * 1000
            print(f"  {name:42s} {ms:6.2f} ms CPU per request   ({floor * 1000 / ms:.2f}× the bare list's rate)")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(URL)


if __name__ == "__main__":
    main()
