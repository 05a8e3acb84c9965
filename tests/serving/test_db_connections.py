"""A web process holds a bounded number of PostgreSQL connections, however many clients.

The real app under Daphne (the browser tests' harness, ``tests/browser/conftest.py``) on a
PostgreSQL database of its own; 32 clients send requests side by side for a few seconds
while the server's sessions for that database are counted in ``pg_stat_activity``. With
persistent connections under ASGI every request opened a connection of its own (91 in one
process at 32 clients); with the pool the count never passes the pool's ``max_size``.
"""
import json
import os
import secrets
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import LiveApp
from tests.sockets import requires_postgres

pytestmark = [requires_postgres, pytest.mark.timeout(300)]

POOL_MAX = 3
CLIENTS = 32
SECONDS = 6


def sessions_of(app, database):
    import psycopg  # noqa: PLC0415  (PostgreSQL run only)

    with psycopg.connect(app.db._admin_url, autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                            [database]).fetchone()[0]


@pytest.fixture
def served(tmp_path):
    app = LiveApp(tmp_path)
    app.env.update({"PAR_DB_POOL_MAX_SIZE": str(POOL_MAX), "PAR_DB_POOL_MIN_SIZE": "1",
                    "DJANGO_DEBUG": "0", "PAR_LOG_LEVEL": "ERROR",
                    # Production settings (DEBUG off) need a secret of their own.
                    "DJANGO_SECRET_KEY": "serving-test-" + secrets.token_hex(32)})
    app.env.pop("REDIS_URL", None)  # connections only: no channel layer, no broker needed
    try:
        app.prepare()  # migrate and seed_demo: management commands on the pooled settings
        app.start()
        yield app
    finally:
        app.stop()
        app.db.drop()


def test_one_daphne_process_holds_at_most_the_pool_size(served):
    token = served.token("officer")
    tasks = served.api("officer", "GET", "/api/v1/tasks/?page_size=20")["results"]
    paths = ["/api/v1/tasks/?page_size=20", "/api/v1/me/"] + [f"/api/v1/tasks/{t['id']}/" for t in tasks]
    statuses, peak, stop = {}, [0], threading.Event()
    lock = threading.Lock()

    def client(i):
        n = i
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            request = urllib.request.Request(served.url + paths[n % len(paths)], headers={
                "Authorization": f"Token {token}", "Accept": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    json.loads(response.read())
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            n += 1

    def watch():
        while not stop.is_set():
            peak[0] = max(peak[0], sessions_of(served, served.db.name))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(client, range(CLIENTS)))
    finally:
        stop.set()
        watcher.join()
    after = sessions_of(served, served.db.name)

    assert set(statuses) == {200}, statuses
    assert sum(statuses.values()) > CLIENTS  # every client got answers, not one each
    assert 1 <= peak[0] <= POOL_MAX, f"peak {peak[0]} sessions, pool max {POOL_MAX}"
    assert after <= POOL_MAX
