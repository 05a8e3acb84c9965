"""Where a dossier is built: a background thread of the web process (the embedded
default) and the task queue's worker; progress written only while the build owns it."""
import io
import time
import zipfile

import pytest

from backend.dossiers import services, tasks
from backend.dossiers.models import Dossier
from tests.api_client import Api
from tests.factories.dossiers import DossierFactory


@pytest.mark.django_db(transaction=True)
def test_the_embedded_default_builds_in_a_thread_and_the_request_returns_at_once(world, template, plan_year,
                                                                                 settings):
    settings.DOSSIER_BUILD = "thread"
    api = Api(world.head)
    r = api.post("/api/v1/dossiers/", {})
    assert r.status_code == 202 and r.json()["state"] in ("queued", "building", "ready")
    deadline = time.monotonic() + 60
    while True:
        answer = api.get(f"/api/v1/dossiers/{r.json()['id']}/")
        # The in-memory test SQLite (shared cache) refuses a read while the build's thread
        # writes, instead of waiting: the API answers 409 and a client asks again.
        shown = answer.json() if answer.status_code == 200 else {"state": "building", "answer": answer.json()}
        assert answer.status_code in (200, 409), answer.json()
        if shown["state"] not in ("queued", "building") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert shown["state"] == "ready", shown
    download = api.get(f"/api/v1/dossiers/{shown['id']}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.testzip() is None and "00_muc-luc-tai-lieu-kiem-chung.xlsx" in archive.namelist()


@pytest.mark.django_db
def test_the_task_queue_builds_a_queued_dossier_once(world, template):
    dossier = DossierFactory(agency=world.agency, year=world.plan.year, requested_by=world.head)
    tasks.build_dossier.run(dossier.pk)
    dossier.refresh_from_db()
    assert dossier.state == "ready" and dossier.file
    finished = dossier.finished_at
    tasks.build_dossier.run(dossier.pk)  # delivered twice: nothing happens again
    dossier.refresh_from_db()
    assert dossier.finished_at == finished


@pytest.mark.django_db
def test_the_task_queue_gets_the_build_when_it_is_the_runner(world, template, settings,
                                                             django_capture_on_commit_callbacks, monkeypatch):
    settings.DOSSIER_BUILD = "celery"
    queued = []
    monkeypatch.setattr(services, "_queue", queued.append)  # the broker itself is not under test here
    with django_capture_on_commit_callbacks(execute=True):
        dossier, created = services.dossier_request(actor=world.head, agency=world.agency, year=world.plan.year)
    assert created and queued == [dossier.pk]
    dossier.refresh_from_db()
    assert dossier.state == "queued"


@pytest.mark.django_db
def test_progress_is_written_only_while_the_build_owns_the_row(world, template):
    dossier = DossierFactory(agency=world.agency, year=world.plan.year, requested_by=world.head, state="building")
    progress = services._Progress(dossier.pk)
    progress(3, 10)
    dossier.refresh_from_db()
    assert (dossier.items_done, dossier.items_total, dossier.percent) == (3, 10, 30) and dossier.heartbeat_at
    Dossier.objects.filter(pk=dossier.pk).update(state="failed")
    progress(9, 10, force=True)
    dossier.refresh_from_db()
    assert dossier.items_done == 3
