"""The head's import journey in a real browser: download the sample workbook from next
year's draft plan, fill it in the way an office writes a plan, upload it, read the
preview (a problem by row and column first, then a clean file), and confirm."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from .conftest import axe_violations, screenshot
from .pages import visit

pytestmark = pytest.mark.timeout(300)


def _filled(template: bytes, rows) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    first_section = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "I")
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(first_section + offset, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page, name, data):
    page.locator("input[type=file]").set_input_files(files=[{
        "name": name, "buffer": data,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    with page.expect_navigation():
        page.locator("#import-submit").click()


def test_head_imports_next_years_plan_from_excel(open_as, live_app):
    year = datetime.date.today().year + 1
    plan = live_app.api("head", "GET", f"/api/v1/plans/?year={year}")["results"][0]
    assert plan["state"] == "draft"
    before = live_app.api("head", "GET", f"/api/v1/tasks/?plan={plan['id']}")["count"]
    head = open_as("head")
    visit(head, f"/plans/{plan['id']}/")
    head.locator("#plan-import").click()
    head.wait_for_url(f"**/plans/{plan['id']}/import/")
    with head.expect_download() as download:
        head.locator("#import-template").click()
    template = open(download.value.path(), "rb").read()

    rows = [(11, "Rà soát quy chế làm việc của Sở sau sắp xếp tổ chức bộ máy", "VP Sở", "P. KHTC",
             f"Quý I/{year}", "Quy chế được ban hành"),
            (12, "Tập huấn nghiệp vụ CCHC cho công chức mới", "Văn phòng", "", "Tháng 5", "Lớp tập huấn"),
            (13, "Số hoá hồ sơ cấp phép lái xe", "Phòng Vận tải", "", "Thường xuyên", "Hồ sơ được số hoá")]
    _upload(head, "ke-hoach-cchc.xlsx", _filled(template, rows))
    problems = head.locator("#import-problems")
    problems.wait_for()
    assert "Phòng Vận tải" in problems.inner_text()
    assert head.locator("#import-confirm").count() == 0
    screenshot(head, "import-preview-problems")
    assert axe_violations(head) == []

    rows[2] = (13, "Số hoá hồ sơ cấp phép lái xe", "Phòng Quản lý vận tải, phương tiện và người lái", "",
               "Thường xuyên", "Hồ sơ được số hoá")
    head.locator("#import-again").click()
    _upload(head, "ke-hoach-cchc-da-sua.xlsx", _filled(template, rows))
    head.locator("#import-confirm").wait_for()
    assert head.locator("#import-rows tbody tr").count() == 3
    assert f"31/03/{year}" in head.locator("#row-" + str(head.locator("#import-rows tbody tr").first
                                                         .get_attribute("id")[4:])).inner_text()
    screenshot(head, "import-preview")
    assert axe_violations(head) == []
    with head.expect_navigation():
        head.locator("#import-confirm").click()
    assert "3 nhiệm vụ đã được thêm vào kế hoạch." in head.locator("main").inner_text()
    assert live_app.api("head", "GET", f"/api/v1/tasks/?plan={plan['id']}")["count"] == before + 3
    codes = {t["code"] for t in live_app.api("head", "GET", f"/api/v1/tasks/?plan={plan['id']}&page_size=100")["results"]}
    assert {"1.11", "1.12", "1.13"} <= codes
