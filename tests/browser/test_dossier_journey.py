"""The head prepares the year's evidence dossier in a real browser: from the score
dashboard to the dossier page, the row reloads itself while the server builds the zip in
the background, the bell rings when it is ready, and the zip downloaded holds the index."""
import io
import zipfile

import pytest
from openpyxl import load_workbook

from .conftest import axe_violations, screenshot
from .pages import visit

pytestmark = pytest.mark.timeout(240)


def test_head_prepares_and_downloads_the_evidence_dossier(open_as, live_app):
    head = open_as("head")
    visit(head, "/scores/")
    head.locator("#score-dossier").click()
    head.wait_for_url("**/dossiers/?**")
    assert head.get_by_role("heading", level=1).inner_text() == "Hồ sơ tài liệu kiểm chứng"
    before = {d["id"] for d in live_app.api("head", "GET", "/api/v1/dossiers/")["results"]}
    with head.expect_navigation():
        head.locator("#dossier-new-submit").click()
    assert "Hồ sơ đang được lập" in head.locator("main").inner_text()
    made = [d for d in live_app.api("head", "GET", "/api/v1/dossiers/")["results"] if d["id"] not in before]
    assert len(made) == 1
    row = head.locator(f"#dossier-{made[0]['id']}")
    # The server builds it in a background thread; the row reloads itself until it is done.
    head.wait_for_selector(f"#dossier-{made[0]['id']}[data-state='ready']", timeout=120_000)
    assert "Tải về (.zip)" in row.inner_text()
    head.wait_for_function("() => { const el = document.querySelector('[data-bell-count]');"
                           " return el && !el.closest('[hidden]') && parseInt(el.textContent, 10) > 0; }",
                           timeout=30_000)
    screenshot(head, "dossier-ready")
    assert axe_violations(head) == []
    with head.expect_download() as download:
        row.get_by_role("link", name="Tải về (.zip)").click()
    assert download.value.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(download.value.path())
    assert archive.testzip() is None
    index = load_workbook(io.BytesIO(archive.read("00_muc-luc-tai-lieu-kiem-chung.xlsx")))
    assert index.worksheets[0]["A1"].value == "HỒ SƠ TÀI LIỆU KIỂM CHỨNG"
    codes = {r[1] for r in index.worksheets[0].iter_rows(min_row=7, values_only=True) if r and r[1]}
    assert "1.1" in codes and "1.2" in codes
