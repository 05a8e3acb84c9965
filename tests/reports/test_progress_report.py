"""The plan's progress report: the same numbers in the page, the workbook and the PDF,
checked against the tasks (worked out by hand from the fixture) and the task API."""
import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from backend.plans.machines import TaskState

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_tasks(world, make_task):
    """Field 1 (office A): done on time, done late, overdue, in term; field 2 (office B):
    done on time, cancelled. Counted: 5; done: 3 (60,0 %); on time: 2 of 3 (66,7 %)."""
    today = world.today
    f1, f2 = world.fields[0], world.fields[1]
    past, future = today - datetime.timedelta(days=5), today + datetime.timedelta(days=20)
    make_task(code="1.1", field=f1, state=TaskState.DONE, completed_on_time=True, progress=100)
    make_task(code="1.2", field=f1, state=TaskState.DONE, completed_on_time=False, progress=100)
    make_task(code="1.3", field=f1, state=TaskState.IN_PROGRESS, due_date=past, title="Nhiệm vụ trễ hạn")
    make_task(code="1.4", field=f1, state=TaskState.ASSIGNED, due_date=future)
    make_task(code="2.1", field=f2, lead_office=world.office_b, state=TaskState.DONE, completed_on_time=True)
    make_task(code="2.2", field=f2, lead_office=world.office_b, state=TaskState.CANCELLED)
    return world.plan


def _sheet_rows(data):
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)], sheet


def test_the_workbook_counts_by_field_and_office(api, world, plan_tasks):
    r = api(world.head, language="vi").get(f"/api/v1/plans/{plan_tasks.pk}/report.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows, sheet = _sheet_rows(r.content)
    texts = [str(v) for row in rows for v in row if v is not None]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "Độc lập - Tự do - Hạnh phúc" in texts
    assert "BÁO CÁO" in texts
    by_label = {row[0]: row[1:9] for row in rows if row[0] and isinstance(row[1], int)}
    f1, f2 = world.fields[0], world.fields[1]
    # total, on time, late, in term, overdue, cancelled, completion %, on-time %
    assert by_label[f"{f1.code}. {f1.name}"] == [4, 1, 1, 1, 1, 0, 50.0, 50.0]
    assert by_label[f"{f2.code}. {f2.name}"] == [2, 1, 0, 0, 0, 1, 100.0, 100.0]
    assert by_label[world.office_b.name] == [2, 1, 0, 0, 0, 1, 100.0, 100.0]
    assert by_label["Tổng cộng"] == [6, 2, 1, 1, 1, 1, 60.0, 66.7]
    overdue = [row for row in rows if row[1] == "1.3"]
    assert overdue and overdue[0][0] == "Nhiệm vụ trễ hạn"
    # Printed on A4, page numbers in the footer.
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and "&P" in sheet.oddFooter.center.text


def test_the_numbers_match_the_task_api(api, world, plan_tasks):
    head = api(world.head)
    listed = head.get("/api/v1/tasks/", {"plan": plan_tasks.pk, "page_size": 200}).json()["results"]
    overdue_api = sorted(t["code"] for t in listed if t["overdue"] or (
        t["state"] not in ("done", "cancelled") and t["due_date"] and t["due_date"] < world.today.isoformat()))
    rows, _sheet = _sheet_rows(head.get(f"/api/v1/plans/{plan_tasks.pk}/report.xlsx").content)
    total = next(row for row in rows if row[0] in ("In all", "Tổng cộng"))
    assert total[1] == len(listed)
    assert total[2] + total[3] == sum(1 for t in listed if t["state"] == "done")
    assert sorted(row[1] for row in rows if row[1] in {t["code"] for t in listed} and row[3]) == overdue_api


def test_the_pdf_is_an_a4_document_with_the_same_numbers(api, world, plan_tasks):
    r = api(world.head, language="vi").get(f"/api/v1/plans/{plan_tasks.pk}/report.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(r.content))
    page = pdf.pages[0]
    width_mm, height_mm = (float(v) / 72 * 25.4 for v in (page.mediabox.width, page.mediabox.height))
    assert round(width_mm) == 210 and round(height_mm) == 297
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text
    assert "Kế hoạch có 6 nhiệm vụ" in text and "đạt 60,0 %" in text and "66,7 %" in text
    assert "Nhiệm vụ trễ hạn" in text and "GIÁM ĐỐC" in text


def test_only_those_who_see_the_plan_get_its_report(api, world, plan_tasks):
    r = api(world.outsider_head).get(f"/api/v1/plans/{plan_tasks.pk}/report.pdf")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert api().get(f"/api/v1/plans/{plan_tasks.pk}/report.xlsx").status_code == 401
    assert api(world.head).get(f"/api/v1/plans/{plan_tasks.pk}/report.doc").status_code == 404


def test_the_page_is_the_report_with_its_downloads(page, world, plan_tasks):
    html = page(world.head).get(f"/plans/{plan_tasks.pk}/report/").content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and 'id="report-pdf"' in html
    assert f'href="/plans/{plan_tasks.pk}/report.xlsx"' in html
    board = page(world.head).get(f"/plans/{plan_tasks.pk}/").content.decode()
    assert f'href="/plans/{plan_tasks.pk}/report/"' in board
    assert page(world.outsider_head).get(f"/plans/{plan_tasks.pk}/report.pdf").status_code == 404
