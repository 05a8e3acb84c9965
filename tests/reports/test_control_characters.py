"""A title pasted from another program may carry control characters XML forbids (found by
the long fuzz run: the evidence dossier of such an agency could not be built). Every
workbook and document we write still comes out, without them."""
import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from backend.plans.models import Task
from tests.factories.plans import TaskFactory

pytestmark = pytest.mark.django_db

PASTED = "Rà soát\x1f quy chế\x0b làm việc\x08"


@pytest.fixture
def pasted(world, template):
    today = world.today
    world.office_a.name = "Phòng\x1b Quản lý xây dựng"
    world.office_a.save(update_fields=["name"])
    TaskFactory(plan=world.plan, field=template.c["1"], lead_office=world.office_a, code="1.1", title=PASTED,
                state="done", completed_on_time=True, expected_output="Báo cáo\x1e",
                due_date=today - datetime.timedelta(days=5))
    TaskFactory(plan=world.plan, field=template.c["1"], lead_office=world.office_a, code="1.2", title=PASTED,
                state="in_progress", due_date=today - datetime.timedelta(days=2))
    return TaskFactory(plan=world.plan, code="BC-Q1", title="Báo cáo\x1f quý I", kind=Task.Kind.REPORT,
                       lead_office=world.office_a, due_date=datetime.date(world.plan.year, 3, 14))


def _texts(data):
    book = load_workbook(io.BytesIO(data))
    return " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                    for v in row if v is not None)


@pytest.mark.parametrize("path", ["/api/v1/plans/{plan}/report.xlsx", "/api/v1/scores/report.xlsx",
                                  "/api/v1/tasks/{report}/periodic-report.xlsx", "/api/v1/plans/import-template/"])
def test_workbooks_come_out_without_them(api, world, pasted, path):
    r = api(world.head).get(path.format(plan=world.plan.pk, report=pasted.pk))
    assert r.status_code == 200, r.content[:300]
    text = _texts(r.content)
    assert "\x1f" not in text and "\x1b" not in text
    assert "Phòng Quản lý xây dựng" in text or "Rà soát quy chế làm việc" in text or "Báo cáo quý I" in text


@pytest.mark.parametrize("path", ["/api/v1/plans/{plan}/report.pdf", "/api/v1/scores/report.pdf",
                                  "/api/v1/tasks/{report}/periodic-report.pdf"])
def test_documents_come_out(api, world, pasted, path):
    r = api(world.head).get(path.format(plan=world.plan.pk, report=pasted.pk))
    assert r.status_code == 200 and r.content.startswith(b"%PDF"), r.content[:300]


def test_the_dossier_is_built(api, world, pasted, settings, django_capture_on_commit_callbacks):
    settings.DOSSIER_BUILD = "inline"
    with django_capture_on_commit_callbacks(execute=True):
        made = api(world.head).post("/api/v1/dossiers/", {}).json()
    shown = api(world.head).get(f"/api/v1/dossiers/{made['id']}/").json()
    assert shown["state"] == "ready", shown
    download = api(world.head).get(f"/api/v1/dossiers/{made['id']}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "Rà soát quy chế làm việc" in _texts(archive.read("00_muc-luc-tai-lieu-kiem-chung.xlsx"))
