"""The embedded default's periodic jobs: a daemon thread in the web process.

At scale Celery beat runs the same job functions (``backend.deadlines.tasks``); here no broker
is needed. It starts from ``DeadlinesConfig.ready()`` only when
``settings.PAR_EMBEDDED_SCHEDULER`` is true (the run script sets
``PAR_EMBEDDED_SCHEDULER=1``), so tests and management commands start no threads.
Several processes running it at once do no harm: the jobs are idempotent and safe to
run concurrently; they would only repeat work.
"""
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections

from workflows.dispatch import sweep_pending

from .scan import scan_deadlines

log = logging.getLogger(__name__)


class PeriodicJob:
    """Runs ``func()`` shortly after ``start()``, then every ``interval`` seconds."""

    def __init__(self, name, func, interval, *, first_delay=None):
        self.name, self.func, self.interval = name, func, float(interval)
        self.first_delay = min(self.interval, 10.0) if first_delay is None else first_delay
        self.runs = 0
        self.last_result = None
        self._stop = threading.Event()
        self._ran = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name=f"periodic-{name}", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self, timeout=5.0):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def wait_for_runs(self, n, timeout) -> bool:
        """Block until the job has completed ``n`` runs (True) or ``timeout`` passes (False)."""
        with self._ran:
            return self._ran.wait_for(lambda: self.runs >= n, timeout)

    def _loop(self):
        delay = self.first_delay
        while not self._stop.wait(delay):
            delay = self.interval
            result = None
            try:
                close_old_connections()
                result = self.func()
            except Exception:  # noqa: BLE001  a failed pass is retried at the next tick
                log.exception("periodic job %s failed", self.name)
            finally:
                connections.close_all()
            with self._ran:
                self.runs += 1
                self.last_result = result
                self._ran.notify_all()


_started: list[PeriodicJob] = []
_lock = threading.Lock()


def start_embedded_scheduler(interval=None) -> list[PeriodicJob]:
    """Start the in-process jobs once per process; returns them."""
    with _lock:
        if not _started:
            interval = interval or getattr(settings, "PAR_SCHEDULER_INTERVAL", 300)
            _started.append(PeriodicJob("scan_deadlines", scan_deadlines, interval).start())
            # Events a crash left undelivered; the same job Celery beat runs every 30 s.
            _started.append(PeriodicJob("sweep_pending_events", sweep_pending,
                                        min(interval, 30.0)).start())
        return list(_started)


def stop_embedded_scheduler():
    with _lock:
        for job in _started:
            job.stop()
        _started.clear()
