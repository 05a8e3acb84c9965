"""Reading the score never writes: GET computes and returns; only consumers and the periodic
refresh store a score or announce ``score.changed``."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.plans.models import Task
from tests.factories.accounts import UserFactory
from backend.scoring.models import Score, ScoreChange
from backend.scoring.services import score_refresh, scores_refresh
from backend.deadlines import scheduler
from workflows.models import Event

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def drifted(world, template):
    """A stored score the data has since moved away from (what used to make a GET write)."""
    today = world.today
    common = {"plan": world.plan, "field": template.c["1"], "lead_office": world.office_a,
              "expected_output": "Báo cáo"}
    Task.objects.create(code="1.1", title="Đã xong", state="done", completed_on_time=True,
                        due_date=today - datetime.timedelta(days=20), **common)
    late = Task.objects.create(code="1.2", title="Quá hạn", state="in_progress",
                               due_date=today - datetime.timedelta(days=2), **common)
    score = score_refresh(agency=world.agency, year=today.year)
    Task.objects.filter(pk=late.pk).update(state="cancelled")  # no event announces it
    return score


def writes_of(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize("path,params", [
    ("/api/v1/scores/", {}),
    ("/api/v1/scores/", {"evidence_limit": 0, "lang": "en"}),
    ("/api/v1/scores/projection/", {"assume": "all"}),
    ("/api/v1/scores/ranking/", {"province": "Quảng Trị"}),
])
def test_a_score_read_performs_no_write_and_emits_nothing(world, api, drifted, path, params,
                                                          django_capture_on_commit_callbacks):
    user = UserFactory(username="province_admin", role="admin", agency=None) if "ranking" in path else world.head
    client = api(user)  # its token is made here, outside the capture
    before = (Event.objects.count(), ScoreChange.objects.count(), drifted.computed_at)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.json()
    assert writes_of(queries) == []
    assert callbacks == []  # nothing for after a commit: no event dispatch, no push
    stored = Score.objects.get(agency=world.agency)
    assert (Event.objects.count(), ScoreChange.objects.count(), stored.computed_at) == before
    if path == "/api/v1/scores/":
        # It answers with the points of now, not the stale stored ones.
        assert response.json()["criterion"]["points"] > float(stored.points)


def test_the_periodic_refresh_stores_what_reads_only_show(world, api, drifted,
                                                         django_capture_on_commit_callbacks):
    shown = api(world.head).get("/api/v1/scores/").json()["criterion"]["points"]
    with django_capture_on_commit_callbacks(execute=True):
        assert scores_refresh()["refreshed"] == 2  # this agency's drift; the other's first score
        assert scores_refresh()["refreshed"] == 0
    stored = Score.objects.get(agency=world.agency)
    assert float(stored.points) == shown
    # One announcement: the other agency's first score starts its history silently.
    [event] = Event.objects.filter(type="score.changed")
    assert event.payload["new_points"] == shown and event.payload["cause_event"] is None


def test_the_refresh_runs_with_the_embedded_deadline_pass(world, drifted):
    assert scores_refresh in scheduler._after_deadline_pass
    calls = []
    run = scheduler._deadline_pass(lambda: calls.append("scan") or "scanned")
    assert run() == "scanned" and calls == ["scan"]
    assert Score.objects.get(agency=world.agency).points != drifted.points


def test_at_scale_celery_beat_runs_the_refresh(settings):
    from backend.deadlines.tasks import refresh_scores

    entry = settings.CELERY_BEAT_SCHEDULE["refresh-scores"]
    assert entry["task"] == refresh_scores.name == "scoring.refresh_scores"
