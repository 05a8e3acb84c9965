"""Browser tests: Playwright drives Debian's Chromium against the app served by Daphne.

The app under test is a real server in a subprocess (``live_app``), on a database of its
own made for the run on the engine the run uses (SQLite file, or a new PostgreSQL
database on the server of ``DATABASE_URL``, dropped afterwards), migrated and loaded
with ``seed_demo``. These tests never touch pytest-django's test database: they talk to
the server over HTTP and WebSocket like a person's browser does.

Chromium is Debian's (``/usr/bin/chromium``, installed by ``bin/setup test`` when it
can); without it every browser test skips with one line, and under ``CI=true`` such a
skip fails the run.
"""
from __future__ import annotations

import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("PAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
DEMO_PASSWORD = "demo-password"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
HERE = Path(__file__).resolve().parent
NO_CHROMIUM = "browser tests skipped: no Chromium"


def engine_name() -> str:
    return "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


# --- pytest hooks -------------------------------------------------------------------

def pytest_collection_modifyitems(session, config, items):
    # Browser tests last: they hold a Playwright event loop and a server for the rest
    # of the session, which the in-process tests have no business sharing.
    def is_browser(item):
        return HERE in Path(str(item.path)).resolve().parents

    items.sort(key=is_browser)  # stable: keeps the order within each group


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and NO_CHROMIUM in report.longrepr[2]:
        # One summary line for all of them: the same location folds the skips together.
        report.longrepr = (__file__, chromium.__code__.co_firstlineno, report.longrepr[2])
    # CI must not go green on browser tests that never ran.
    if (os.environ.get("CI") == "true" and report.skipped
            and not hasattr(report, "wasxfail")):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"browser test skipped under CI=true: {reason}"


# --- the server under test -------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def browser_redis_url() -> str:
    """The live server's Redis: its own db on the run's Redis server (or PAR_BROWSER_REDIS_URL)."""
    if os.environ.get("PAR_BROWSER_REDIS_URL"):
        return os.environ["PAR_BROWSER_REDIS_URL"]
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    db = int(parts.path.strip("/") or 0)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{(db + 1) % 16}"))


class Database:
    """A database made for this run on the run's engine, dropped afterwards."""

    def __init__(self, tmp_dir: Path):
        self.run_url = os.environ.get("DATABASE_URL", "")
        self.is_postgres = self.run_url.startswith("postgres")
        if self.is_postgres:
            parts = urllib.parse.urlsplit(self.run_url)
            base = (parts.path.strip("/") or "par")[:40]
            self.name = f"{base}_live_{secrets.token_hex(4)}"
            self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))
            self._admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        else:
            self.name = str(tmp_dir / "live.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def _admin(self, sql: str):
        import psycopg  # noqa: PLC0415  (only on the PostgreSQL run)
        with psycopg.connect(self._admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def create(self):
        if self.is_postgres:
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.is_postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class LiveApp:
    """Daphne serving ``backend.asgi:application`` on a free local port, in a subprocess."""

    def __init__(self, tmp_dir: Path):
        self.tmp_dir = tmp_dir
        self.db = Database(tmp_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = ARTIFACTS / f"daphne-{engine_name()}.log"
        self.env = dict(os.environ)
        self.env.update({
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "DATABASE_URL": self.db.url,
            "PAR_EMBEDDED_SCHEDULER": "0",
            "PAR_VAR_DIR": str(tmp_dir / "var"),
            "PAR_MEDIA_ROOT": str(tmp_dir / "media"),
            "PYTHONUNBUFFERED": "1",
        })
        redis = browser_redis_url()
        if redis:
            self.env["REDIS_URL"] = redis
        else:
            self.env.pop("REDIS_URL", None)
        self._sessions: dict[str, list] = {}  # username → cookies of a logged-in browser
        self._tokens: dict[str, str] = {}
        self._made = 0

    # -- lifecycle --
    def manage(self, *args: str):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=600,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self):
        (self.tmp_dir / "var").mkdir(parents=True, exist_ok=True)
        self.db.create()
        self.manage("migrate", "--noinput", "-v", "0", "--skip-checks")
        self.manage("seed_demo", "--skip-checks")

    def start(self, timeout: float = 60):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "a")  # noqa: SIM115  (closed with the process)
        log.write(f"\n== daphne on port {self.port}, {time.strftime('%H:%M:%S')}\n")
        log.flush()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
             "backend.asgi:application"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while not port_open(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f"daphne exited ({self.proc.returncode}); see {self.log_path}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"daphne did not listen within {timeout} s; see {self.log_path}")
            time.sleep(0.1)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            self.proc = None
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None
        deadline = time.monotonic() + 10
        while port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def restart(self):
        """Stop the server (every socket drops) and start it again on the same port."""
        self.stop()
        self.start()

    def new_task(self, title: str, *, office_of: str = "officer", due_in_days: int = 20,
                 source: str = "own") -> dict:
        """A new draft task in this year's approved plan (made through the API, as the head).

        ``source="province"`` (or another superior): assigned by a superior, with an
        assigning document recorded for it; the template's 1.3 counts only such tasks, so
        finishing one moves the score."""
        plan = self.api("head", "GET", "/api/v1/plans/?state=approved")["results"][0]
        sample = self.api("head", "GET", f"/api/v1/tasks/?plan={plan['id']}&page_size=1")["results"][0]
        office = self.api(office_of, "GET", "/api/v1/me/")["office"]
        self._made += 1
        due = (datetime.date.today() + datetime.timedelta(days=due_in_days)).isoformat()
        superior = {}
        if source != "own":
            assigning = self.api("head", "POST", "/api/v1/documents/", {
                "number": f"{100 + self._made}/UBND-KSTT", "date": datetime.date.today().isoformat(),
                "kind": "assignment", "issuer": "Ủy ban nhân dân tỉnh Quảng Trị", "summary": title})
            superior = {"source": source, "source_document": assigning["id"]}
        return self.api("head", "POST", "/api/v1/tasks/", {
            "plan": plan["id"], "code": f"T{self._made}.{secrets.token_hex(2)}", "title": title,
            "field": sample["field"], "lead_office": office, "due_date": due,
            "expected_output": "Báo cáo kết quả thực hiện", **superior,
        })

    # -- the API, as a given demo user (token auth; no browser involved) --
    def token(self, username: str) -> str:
        if username not in self._tokens:
            body = self._request("POST", "/api/v1/auth/token/",
                                 {"username": username, "password": DEMO_PASSWORD})
            self._tokens[username] = body["token"]
        return self._tokens[username]

    def api(self, username: str, method: str, path: str, data=None, *, expect_ok=True):
        return self._request(method, path, data, token=self.token(username), expect_ok=expect_ok)

    def _request(self, method, path, data=None, *, token=None, expect_ok=True):
        headers = {"Accept": "application/json", "Accept-Language": "vi"}
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Token {token}"
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            payload = json.loads(exc.read() or b"null")
            if expect_ok:
                raise AssertionError(f"{method} {path} → {exc.code}: {payload}") from exc
            return {"status": exc.code, **(payload or {})}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, chromium):
    """The app served by Daphne on a fresh, seeded database; yields the ``LiveApp``."""
    app = LiveApp(tmp_path_factory.mktemp("live_app"))
    started = time.monotonic()
    try:
        app.prepare()
        app.start()
        print(f"\n[browser] live app on {app.url} ({engine_name()}), ready in "
              f"{time.monotonic() - started:.1f} s")
        yield app
    finally:
        app.stop()
        app.db.drop()


# --- the browser ---------------------------------------------------------------------

def chromium():
    """Debian's Chromium, or one skip line for every browser test."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"{NO_CHROMIUM} at {CHROMIUM} "
                    "(bin/setup test installs Debian's 'chromium' when run as root)")
    try:
        import playwright  # noqa: F401, PLC0415
    except ImportError:
        pytest.skip(f"{NO_CHROMIUM}: the 'playwright' package is missing (bin/setup test)")
    return CHROMIUM


chromium_fixture = pytest.fixture(chromium, scope="session", name="chromium")


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# Put into every page before its own scripts: records what the page's sockets receive
# and send, and lets a test cut the page off from the server ("network down") without
# touching bell.js. Also stamps each change of the bell's count with Date.now(), the
# clock the test process shares, for click → bell latencies.
PAGE_PROBE = """
(() => {
  const Native = window.WebSocket;
  window.__frames = [];     // notification frames received, in order, every socket
  window.__sent = [];       // frames the page sent (resume, ping)
  window.__sockets = [];
  window.__holdSockets = false;
  window.__bellChanges = [];
  class Probed extends Native {
    constructor(url, protocols) {
      // While held, new sockets go to a closed port and fail, as with the network down.
      super(window.__holdSockets ? 'ws://127.0.0.1:9/' : url, protocols);
      window.__sockets.push(this);
      this.addEventListener('message', (e) => {
        try { const f = JSON.parse(e.data); if (f.type === 'notification') window.__frames.push(f); }
        catch (_) { /* not JSON: not ours to judge here */ }
      });
    }
    send(data) { try { window.__sent.push(JSON.parse(data)); } catch (_) {} return super.send(data); }
  }
  window.WebSocket = Probed;
  const bellCount = () => {
    const el = document.querySelector('[data-bell-count]');
    return el ? (el.closest('[hidden]') ? 0 : parseInt(el.textContent.trim() || '0', 10)) : null;
  };
  document.addEventListener('DOMContentLoaded', () => {
    let last = bellCount();
    new MutationObserver(() => {
      const now = bellCount();
      if (now !== last) { window.__bellChanges.push({at: Date.now(), count: now}); last = now; }
    }).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true});
  });
})();
"""


class Bell:
    """The notification bell of one page, read the way a person sees it."""

    def __init__(self, page):
        self.page = page

    def count(self) -> int:
        el = self.page.locator("[data-bell-count]").first
        if el.count() == 0 or el.is_hidden():
            return 0
        return int((el.text_content() or "0").strip() or 0)

    def wait_for_count(self, n: int, timeout: float = 15_000):
        self.page.wait_for_function(
            """(n) => { const el = document.querySelector('[data-bell-count]');
                        const c = el && !el.closest('[hidden]') ? parseInt(el.textContent.trim() || '0', 10) : 0;
                        return c === n; }""", arg=n, timeout=timeout)

    def changes(self) -> list[dict]:
        return self.page.evaluate("() => window.__bellChanges")

    def frames(self) -> list[dict]:
        return self.page.evaluate("() => window.__frames")

    def wait_for_change_after(self, t0_ms: float, timeout: float = 15_000) -> float:
        """Milliseconds from ``t0_ms`` (Date.now() scale) to the first bell change after it."""
        self.page.wait_for_function(
            "(t0) => window.__bellChanges.some(c => c.at >= t0)", arg=t0_ms, timeout=timeout)
        first = min(c["at"] for c in self.changes() if c["at"] >= t0_ms)
        return first - t0_ms

    def hold_socket(self):
        """Network down for this page: its socket closes and reconnects fail until released."""
        self.page.evaluate("""() => { window.__holdSockets = true;
            for (const ws of window.__sockets) if (ws.readyState <= 1) ws.close(4000, 'test: network down'); }""")

    def hold_reconnects(self):
        """Network down from now on for new sockets; the open one stays until it drops."""
        self.page.evaluate("() => { window.__holdSockets = true; }")

    def release_socket(self):
        """Network back: the browser says so ('online'), as it does after a real outage."""
        self.page.evaluate("() => { window.__holdSockets = false; window.dispatchEvent(new Event('online')); }")

    def wait_open(self, timeout: float = 15_000):
        self.page.locator("#bell[data-bell-state=open]").wait_for(state="attached", timeout=timeout)

    def wait_not_open(self, timeout: float = 15_000):
        self.page.locator("#bell:not([data-bell-state=open])").wait_for(state="attached", timeout=timeout)

    def listed_ids(self) -> list[int]:
        """Ids of the notifications in the bell's drop-down, opened as a person opens it."""
        self.page.locator("#bell button[data-bs-toggle=dropdown]").click()
        items = self.page.locator("#bell-menu [data-bell-list] [data-notification]")
        items.first.wait_for()
        ids = [int(x) for x in items.evaluate_all("els => els.map(e => e.dataset.notification)")]
        self.page.keyboard.press("Escape")
        return ids

    def connected(self) -> bool:
        return self.page.evaluate("""() => window.__sockets.some(
            ws => ws.readyState === 1 && !ws.url.startsWith('ws://127.0.0.1:9/'))""")


def now_ms() -> float:
    return time.time() * 1000


def login(live_app: LiveApp, page, username: str):
    """Log in through the site's login page (``/login/``), or DRF's until that exists."""
    path = "/login/"
    response = page.goto(live_app.url + path)
    if response is None or response.status == 404:
        path = "/api-auth/login/"
        page.goto(live_app.url + path)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    assert "sessionid" in {c["name"] for c in page.context.cookies()}, \
        f"login as {username} through {path} failed: {page.url}"


@pytest.fixture
def open_as(browser, live_app):
    """``open_as("head", "officer")`` → one logged-in page per user, each in its own context.

    Contexts are independent browsers (own cookies, own socket). Each user logs in through
    the login page once per server; later calls reuse that session's cookie, so a page
    may start blank: open what the test needs with ``page.goto``.
    """
    contexts = []

    def open_pages(*usernames, viewport=DESKTOP, locale="vi-VN"):
        pages = []
        for username in usernames:
            context = browser.new_context(viewport=viewport, locale=locale,
                                          base_url=live_app.url)
            context.set_default_timeout(15_000)
            context.add_init_script(PAGE_PROBE)
            contexts.append(context)
            page = context.new_page()
            if username in live_app._sessions:
                context.add_cookies(live_app._sessions[username])
            else:
                login(live_app, page, username)
                live_app._sessions[username] = context.cookies()
            pages.append(page)
        return pages[0] if len(pages) == 1 else pages

    yield open_pages
    for context in contexts:
        context.close()


# --- screenshots and accessibility ---------------------------------------------------

def screenshot(page, name: str) -> list[Path]:
    """Save the page at desktop and phone widths under test-artifacts/browser/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = []
    original = page.viewport_size
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(100)  # let layout settle after the resize
        path = ARTIFACTS / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    page.set_viewport_size(original)
    return saved


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (0 = none)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (shipped by axe-playwright-python) on the page; serious/critical only."""
    from axe_playwright_python.base import AXE_FILE_PATH  # noqa: PLC0415

    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the test's driver, not added as an inline <script>: the pages'
        # Content-Security-Policy (script-src 'self') refuses inline scripts, and stays on.
        page.evaluate(Path(AXE_FILE_PATH).read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"] if v["impact"] in impacts
    ]
