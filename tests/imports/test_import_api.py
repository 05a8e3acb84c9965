"""Importing a plan from Excel through the API: preview first, then all rows or none."""
import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from backend.imports.models import PlanImport
from backend.plans.models import Task
from tests.factories.plans import ReformPlanFactory, TaskFactory
from tests.imports.conftest import upload, workbook

D = datetime.date
PLAN_ROWS = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"),                                  # row 7
    (1, "Ban hành Kế hoạch kiểm tra công tác CCHC năm 2026", "VP Sở", "P. QLXD", "Quý I/2026",
     "Kế hoạch được ban hành"),                                                  # row 8
    (2, "Tổ chức kiểm tra công tác CCHC tại các phòng", "Văn phòng Sở", "", datetime.datetime(2026, 10, 15),
     "Thông báo kết luận kiểm tra"),                                             # row 9
    ("II", "XÂY DỰNG VÀ TỔ CHỨC THỰC HIỆN VĂN BẢN QPPL"),                        # row 10
    (1, "Rà soát văn bản quy phạm pháp luật lĩnh vực xây dựng", "P. QLXD", "VP Sở, Phòng Kế hoạch - Tài chính",
     "Trước 30/6", "Danh mục văn bản"),                                          # row 11
    ("III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),                                      # row 12
    (1, "Công khai thủ tục hành chính trên Cổng dịch vụ công", "Phòng HTKT", "", "Thường xuyên",
     "Thủ tục được công khai"),                                                  # row 13
    (2, "Rà soát, đơn giản hoá thủ tục lĩnh vực hạ tầng", None, "", "6 tháng đầu năm",
     "Phương án đơn giản hoá"),                                                  # row 14
]


@pytest.fixture
def draft(department):
    """A draft plan for 2026, the year the sample workbooks speak of."""
    department.plan.delete()
    return ReformPlanFactory(agency=department.agency, year=2026, issue_deadline=D(2025, 12, 15))


@pytest.fixture
def head(api, department):
    return api(department.head)


def test_preview_reads_every_row_and_writes_no_task(head, draft, department):
    r = upload(head, draft, workbook(PLAN_ROWS))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "preview" and body["can_confirm"] and body["problems"] == []
    assert not Task.objects.filter(plan=draft).exists()
    rows = {row["row"]: row for row in body["rows"]}
    assert sorted(rows) == [8, 9, 11, 13, 14]
    f1, f2, f3 = department.fields
    # Numbered within each section: code = field code + the row's number.
    assert [(rows[n]["code"], rows[n]["field"]) for n in sorted(rows)] == [
        ("1.1", f1.pk), ("1.2", f1.pk), ("2.1", f2.pk), ("3.1", f3.pk), ("3.2", f3.pk)]
    assert rows[8]["lead_office"] == department.vp.pk and rows[8]["supporting_offices"] == [department.office_a.pk]
    assert rows[8]["due_date"] == "2026-03-31" and "quarter 1" in rows[8]["due_rule"]
    assert rows[9]["due_date"] == "2026-10-15"
    assert rows[11]["lead_office"] == department.office_a.pk
    assert rows[11]["supporting_offices"] == [department.vp.pk, department.office_b.pk]
    assert rows[11]["due_date"] == "2026-06-30"
    assert rows[13]["lead_office"] == department.htkt.pk and rows[13]["due_date"] == "2026-12-31"
    assert rows[14]["lead_office"] is None and rows[14]["due_date"] == "2026-06-30"
    # Not blocking: a task without a lead office yet.
    assert [(w["row"], w["column"]) for w in body["warnings"]] == [(14, "C")]


def test_confirm_creates_every_row_as_a_draft_task(head, draft, department):
    preview = upload(head, draft, workbook(PLAN_ROWS)).json()
    r = head.post(f"/api/v1/plans/{draft.pk}/imports/{preview['id']}/confirm/")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "imported" and len(r.json()["tasks"]) == 5
    tasks = {t.code: t for t in Task.objects.filter(plan=draft)}
    assert set(tasks) == {"1.1", "1.2", "2.1", "3.1", "3.2"}
    task = tasks["2.1"]
    assert task.state == "draft" and task.lead_office == department.office_a
    assert set(task.supporting_offices.all()) == {department.vp, department.office_b}
    assert task.due_date == D(2026, 6, 30) and task.expected_output == "Danh mục văn bản"
    assert task.created_by == department.head
    # Twice is refused: the rows are in the plan already.
    again = head.post(f"/api/v1/plans/{draft.pk}/imports/{preview['id']}/confirm/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert Task.objects.filter(plan=draft).count() == 5


def test_problems_are_given_by_row_and_column_and_block_the_import(head, draft, department):
    TaskFactory(plan=draft, code="3.1", field=department.fields[2])
    rows = [*PLAN_ROWS,
            (3, "Nhiệm vụ của một phòng không có", "Phòng Tổ chức cán bộ", "", "31/12/2026", "Báo cáo"),
            (3, "Nhiệm vụ trùng số thứ tự", "VP Sở", "", "sớm nhất có thể", "Báo cáo")]
    body = upload(head, draft, workbook(rows)).json()
    problems = {(p["row"], p["column"]): p["message"] for p in body["problems"]}
    assert set(problems) == {(13, "A"), (15, "C"), (16, "A"), (16, "E")}
    assert "3.1" in problems[(13, "A")]                      # already in the plan
    assert "Phòng Tổ chức cán bộ" in problems[(15, "C")]     # no such office
    assert "row 15" in problems[(16, "A")]                   # 3.3 twice in the file
    assert "sớm nhất có thể" in problems[(16, "E")]          # not a deadline
    assert body["can_confirm"] is False
    r = head.post(f"/api/v1/plans/{draft.pk}/imports/{body['id']}/confirm/")
    assert r.status_code == 400 and r.json()["error"]["code"] == "validation_error"
    assert Task.objects.filter(plan=draft).count() == 1


def test_all_or_nothing_when_the_plan_changed_since_the_preview(head, draft, department):
    preview = upload(head, draft, workbook(PLAN_ROWS)).json()
    TaskFactory(plan=draft, code="3.2", field=department.fields[2])  # typed in meanwhile
    r = head.post(f"/api/v1/plans/{draft.pk}/imports/{preview['id']}/confirm/")
    assert r.status_code == 400, r.content
    assert any("row 14" in m for m in r.json()["error"]["details"]["file"])
    assert list(Task.objects.filter(plan=draft).values_list("code", flat=True)) == ["3.2"]
    assert PlanImport.objects.get(pk=preview["id"]).state == "preview"


def test_merged_cells_and_a_field_column(head, draft, department):
    """An office written once in a block merged over three rows belongs to all three;
    a heading merged across the table is still a heading; a field column files rows."""
    rows = [("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"),
            (1, "Nhiệm vụ thứ nhất", "P. QLXD", "", "Quý II", "A"),
            (2, "Nhiệm vụ thứ hai", None, "", "Quý III", "B"),
            (3, "Nhiệm vụ thứ ba", None, "", "Quý IV", "C")]
    body = upload(head, draft, workbook(rows, merges=["C8:C10", "B7:F7"])).json()
    assert body["problems"] == []
    assert [r["lead_office"] for r in body["rows"]] == [department.office_a.pk] * 3
    assert [r["due_date"] for r in body["rows"]] == ["2026-06-30", "2026-09-30", "2026-12-31"]


def test_a_formula_without_its_calculated_value_is_a_problem_in_its_cell(head, draft):
    rows = [("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"),
            (1, "Nhiệm vụ có hạn tính bằng công thức", "VP Sở", "", "=DATE(2026,6,30)", "A")]
    body = upload(head, draft, workbook(rows)).json()
    assert [(p["row"], p["column"]) for p in body["problems"]] == [(8, "E")]
    assert "formula" in body["problems"][0]["message"]


def test_hidden_sheets_are_not_read_and_hidden_rows_are_flagged(head, draft):
    def setup(book, sheet):
        secret = book.create_sheet("Nháp", 0)  # first, but hidden
        secret.append(["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời gian hoàn thành"])
        secret.append([1, "Không được nhập", "VP Sở", "31/12/2026"])
        secret.sheet_state = "hidden"
        sheet.row_dimensions[9].hidden = True
    body = upload(head, draft, workbook(PLAN_ROWS, setup=setup)).json()
    assert body["sheet"] == "KH CCHC" and len(body["rows"]) == 5
    assert any("Nháp" in w["message"] for w in body["warnings"])
    assert any(w["row"] == 9 and "hidden" in w["message"] for w in body["warnings"])


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


HOSTILE = {
    "empty": b"",
    "text": "TT;Nội dung\n1;Nhiệm vụ".encode(),
    "renamed_exe": b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode",
    "old_xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
    "zip_not_workbook": _zip({"readme.txt": "xin chào"}),
    "zip_bomb": _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>",
                      "xl/worksheets/sheet1.xml": b"\x00" * (40 * 1024 * 1024)}),
    "broken_workbook": _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<not really"}),
    "too_big": b"PK" + b"\x00" * (6 * 1024 * 1024),
    "too_many_rows": workbook([], setup=lambda book, sheet: sheet.cell(row=6000, column=1, value="x")),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_file_that_is_not_a_readable_workbook_is_refused_cleanly(head, draft, kind):
    r = upload(head, draft, HOSTILE[kind])
    assert r.status_code == 400, (kind, r.status_code, r.content[:300])
    error = r.json()["error"]
    assert error["code"] == "validation_error" and error["details"]["file"]
    assert not PlanImport.objects.exists() and not Task.objects.filter(plan=draft).exists()


def test_a_sheet_without_a_task_table_says_what_it_needs(head, draft):
    book = Workbook()
    book.active.append(["Danh sách cán bộ", "Chức vụ"])
    out = io.BytesIO()
    book.save(out)
    body = upload(head, draft, out.getvalue()).json()
    assert body["can_confirm"] is False and body["problems"][0]["field"] == "file"


def test_rows_added_to_an_issued_plan_are_additions(head, department):
    plan = department.plan  # approved
    body = upload(head, plan, workbook(PLAN_ROWS[:3])).json()
    assert body["addition"] is True
    r = head.post(f"/api/v1/plans/{plan.pk}/imports/{body['id']}/confirm/")
    assert r.status_code == 200 and Task.objects.filter(plan=plan).count() == 2


def test_who_may_import(api, draft, department):
    data = workbook(PLAN_ROWS)
    assert upload(api(department.officer), draft, data).status_code == 403
    assert upload(api(department.office_head), draft, data).status_code == 403
    assert upload(api(department.outsider_head), draft, data).status_code == 404
    assert upload(api(), draft, data).status_code == 401
    # "Who" comes before the body: a non-head sending rubbish is still refused as such.
    assert upload(api(department.officer), draft, b"rubbish").status_code == 403
    preview = upload(api(department.head), draft, data).json()
    r = api(department.officer).post(f"/api/v1/plans/{draft.pk}/imports/{preview['id']}/confirm/")
    assert r.status_code == 403 and not Task.objects.filter(plan=draft).exists()
    other = ReformPlanFactory(agency=department.other_agency, year=2026)
    r = api(department.head).post(f"/api/v1/plans/{other.pk}/imports/{preview['id']}/confirm/")
    assert r.status_code == 404


def test_a_closed_plan_takes_no_import(head, department):
    plan = department.plan
    type(plan).objects.filter(pk=plan.pk).update(state="closed")
    r = upload(head, plan, workbook(PLAN_ROWS))
    assert r.status_code == 409 and r.json()["error"]["code"] == "invalid_state"


def test_the_template_round_trips(head, draft, department):
    r = head.get("/api/v1/plans/import-template/")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.content))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(v for v in values if v[0] == "TT")
    assert header[:5] == ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
    sections = [v[1] for v in values if v[0] in ("I", "II", "III")]
    assert sections == [f.name.upper() for f in department.fields]
    offices = [row[0] for row in book.worksheets[1].iter_rows(values_only=True)]
    assert "Văn phòng Sở" in offices
    # Filled in the way an office would, it imports.
    start = next(i for i, v in enumerate(values, start=1) if v[0] == "I")
    sheet.cell(row=start + 1, column=1, value=1)
    sheet.cell(row=start + 1, column=2, value="Nhiệm vụ điền vào mẫu")
    sheet.cell(row=start + 1, column=3, value="VP")
    sheet.cell(row=start + 1, column=5, value="Quý II/2026")
    out = io.BytesIO()
    book.save(out)
    body = upload(head, draft, out.getvalue()).json()
    assert body["problems"] == [] and [(r["code"], r["lead_office"]) for r in body["rows"]] == [
        ("1.1", department.vp.pk)]


def test_problems_read_in_vietnamese_by_default(api, draft, department):
    head = api(department.head, language="vi")
    rows = [*PLAN_ROWS[:2], (2, "Nhiệm vụ", "Phòng Tổ chức cán bộ", "", "Quý II", "A")]
    body = upload(head, draft, workbook(rows)).json()
    assert body["problems"][0]["message"] == "không có phòng, đơn vị nào tên “Phòng Tổ chức cán bộ”"
    assert body["rows"][0]["due_rule"] == "quý 1: hạn là ngày cuối quý"
