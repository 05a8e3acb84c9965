"""Importing a plan's tasks from Excel in the web app: upload, preview, confirm."""
import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from backend.imports.models import PlanImport
from backend.plans.models import Task
from tests.factories.plans import ReformPlanFactory
from tests.imports.conftest import department, workbook  # noqa: F401 (department: a fixture)
from tests.imports.test_import_api import PLAN_ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(department):
    department.plan.delete()
    return ReformPlanFactory(agency=department.agency, year=2026, issue_deadline=datetime.date(2025, 12, 15))


def _file(data, name="ke-hoach.xlsx"):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_the_board_offers_the_import_to_the_head_only(page, draft, department):
    assert 'id="plan-import"' in page(department.head).get(f"/plans/{draft.pk}/").content.decode()
    assert 'id="plan-import"' not in page(department.office_head).get(f"/plans/{draft.pk}/").content.decode()
    assert page(department.officer).get(f"/plans/{draft.pk}/import/").status_code == 403
    assert page(department.outsider_head).get(f"/plans/{draft.pk}/import/").status_code == 404


def test_upload_preview_confirm(page, draft, department):
    client = page(department.head)
    form = client.get(f"/plans/{draft.pk}/import/")
    assert form.status_code == 200 and "mau-ke-hoach" not in form.content.decode()  # a link, not the file
    r = client.post(f"/plans/{draft.pk}/import/", {"file": _file(workbook(PLAN_ROWS))})
    assert r.status_code == 302
    preview_url = r["Location"]
    assert not Task.objects.filter(plan=draft).exists()  # nothing before the confirmation
    html = client.get(preview_url).content.decode()
    assert re.findall(r'<tr id="row-(\d+)"', html) == ["8", "9", "11", "13", "14"]
    assert "30/06/2026" in html and "Trước 30/6" in html  # the date, and the words it was read from
    assert 'id="import-confirm"' in html and "error-summary" not in html
    r = client.post(preview_url)
    assert r.status_code == 302 and r["Location"] == f"/plans/{draft.pk}/"
    assert Task.objects.filter(plan=draft).count() == 5
    board = client.get(r["Location"]).content.decode()
    assert "5 nhiệm vụ đã được thêm vào kế hoạch." in board


def test_problems_are_listed_and_nothing_can_be_confirmed(page, draft, department):
    client = page(department.head)
    rows = [*PLAN_ROWS, (3, "Nhiệm vụ", "Phòng Tổ chức cán bộ", "", "sớm", "A")]
    preview_url = client.post(f"/plans/{draft.pk}/import/", {"file": _file(workbook(rows))})["Location"]
    html = client.get(preview_url).content.decode()
    assert 'class="error-summary"' in html and 'href="#row-15"' in html
    assert "không có phòng, đơn vị nào tên “Phòng Tổ chức cán bộ”" in html
    assert 'id="import-confirm"' not in html and 'id="import-again"' in html
    r = client.post(preview_url)
    assert r.status_code == 400 and not Task.objects.filter(plan=draft).exists()


def test_a_file_that_is_not_a_workbook_is_refused_beside_the_field(page, draft, department):
    r = page(department.head).post(f"/plans/{draft.pk}/import/", {"file": _file(b"MZ\x90\x00binary", "a.xlsx")})
    assert r.status_code == 400
    html = r.content.decode()
    assert "error-summary" in html and "tệp không phải là tệp Excel (.xlsx)" in html
    assert not PlanImport.objects.exists()


def test_the_sample_workbook_downloads(page, department):
    r = page(department.head).get("/plans/import-template.xlsx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert sheet.title == "Kế hoạch"
