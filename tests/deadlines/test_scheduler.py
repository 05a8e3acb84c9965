"""The embedded scheduler really runs the deadline job, in its own thread, until stopped."""
import datetime

import pytest
from django.apps import apps
from django.test import override_settings

from backend.plans.models import Task
from backend.deadlines import scheduler
from backend.deadlines.scan import scan_deadlines
from backend.deadlines.scheduler import PeriodicJob

from .conftest import events

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


def test_the_scheduler_runs_scan_deadlines_in_its_thread(world, make_task):
    late = make_task(state="in_progress", due_date=world.today - datetime.timedelta(days=1))
    job = PeriodicJob("scan_deadlines", scan_deadlines, interval=0.05).start()
    try:
        # Waits on the job's own signal, not on a guessed duration.
        assert job.wait_for_runs(3, timeout=30), "the job did not run"
    finally:
        job.stop()
    assert not job.is_alive
    late.refresh_from_db()
    assert late.overdue
    assert len(events("task.overdue", subject=late)) == 1        # three passes, one event
    assert job.last_result == {"tasks_overdue": 0, "findings_overdue": 0, "tasks_due_soon": 0}


def test_a_failing_pass_does_not_stop_the_schedule(db):
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return "ok"

    job = PeriodicJob("flaky", flaky, interval=0.01).start()
    try:
        assert job.wait_for_runs(2, timeout=30)
    finally:
        job.stop()
    assert job.last_result == "ok"


def test_started_by_the_app_only_when_the_setting_is_on(db):
    config = apps.get_app_config("deadlines")
    try:
        with override_settings(PAR_EMBEDDED_SCHEDULER=False):
            config.ready()
            assert scheduler._started == []
        with override_settings(PAR_EMBEDDED_SCHEDULER=True, PAR_SCHEDULER_INTERVAL=3600):
            config.ready()
            config.ready()                               # once per process, however often
            job, sweep = scheduler._started
            assert job.name == "scan_deadlines" and job.interval == 3600 and job.is_alive
            assert sweep.name == "sweep_pending_events" and sweep.interval == 30 and sweep.is_alive
    finally:
        scheduler.stop_embedded_scheduler()
    assert scheduler._started == [] and not job.is_alive and not sweep.is_alive
    assert Task.objects.count() == 0


def test_at_scale_celery_beat_runs_the_same_job(world, make_task, settings):
    from backend.deadlines.tasks import scan_deadlines as task

    entry = settings.CELERY_BEAT_SCHEDULE["scan-deadlines"]
    assert entry["task"] == task.name == "workflows.scan_deadlines" and entry["schedule"] == 300
    late = make_task(state="in_progress", due_date=world.today - datetime.timedelta(days=1))
    result = task.apply()                              # run by a worker, here in-process
    assert result.successful()
    assert result.result["tasks_overdue"] == 1
    late.refresh_from_db()
    assert late.overdue
