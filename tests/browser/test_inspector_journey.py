"""The inspector's journey in two windows: start an inspection, raise a finding; the
office's officer acknowledges and submits the remediation with evidence; the inspector
reopens it with a reason; the officer remediates again; the inspector closes it."""
import datetime

import pytest

from .conftest import Bell, now_ms
from .pages import FINDING_ACTIONS, INSPECTION_ACTIONS, PDF, RAISE_FINDING, UPLOAD, act, action_control, fill_field, label, visit

pytestmark = pytest.mark.timeout(420)


def test_inspector_journey(open_as, live_app):
    inspector, officer = open_as("inspector", "officer")
    inspector_bell, officer_bell = Bell(inspector), Bell(officer)
    me = live_app.api("officer", "GET", "/api/v1/me/")
    today = datetime.date.today()
    inspection = live_app.api("inspector", "POST", "/api/v1/inspections/", {
        "title": "Kiểm tra công tác CCHC tại Phòng Quản lý xây dựng (đợt bổ sung)",
        "offices": [me["office"]], "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=10)).isoformat(),
    })
    latencies = []

    # 1. The inspector starts the inspection and raises a finding against the office.
    visit(inspector, f"/inspections/{inspection['id']}/")
    inspector_bell.wait_open()
    act(inspector, INSPECTION_ACTIONS, "start")
    assert live_app.api("inspector", "GET", f"/api/v1/inspections/{inspection['id']}/")["state"] == "in_progress"

    visit(officer, "/")
    officer_bell.wait_open()
    description = "Chưa niêm yết đầy đủ thủ tục hành chính tại bộ phận một cửa"
    offices = live_app.api("inspector", "GET", "/api/v1/offices/?page_size=200")["results"]
    office_name = next(o["name"] for o in offices if o["id"] == me["office"])
    # The inspection page carries the form for a new finding (its section is named by its heading).
    form = inspector.get_by_role("region", name=label(RAISE_FINDING)).locator("form")
    fill_field(form, r"nội dung|mô tả", description)
    fill_field(form, r"phòng|đơn vị", office_name)
    fill_field(form, r"^\s*(thời )?hạn", (today + datetime.timedelta(days=14)).isoformat())
    t0 = now_ms()
    form.locator("[type=submit]").last.click()
    latencies.append(("nêu phát hiện → bell of officer", officer_bell.wait_for_change_after(t0)))
    finding = live_app.api("inspector", "GET", f"/api/v1/findings/?inspection={inspection['id']}")["results"][0]
    assert finding["description"] == description and finding["state"] == "open"

    # 2. The officer acknowledges and submits the remediation with evidence.
    visit(officer, f"/findings/{finding['id']}/")
    officer_bell.wait_open()
    act(officer, FINDING_ACTIONS, "acknowledge")
    officer.locator("input[type=file]").first.set_input_files(
        files=[{"name": "niem-yet-tthc.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    with officer.expect_navigation():
        officer.get_by_role("button", name=label(UPLOAD)).click()
    officer.get_by_role("link", name="niem-yet-tthc.pdf").wait_for()
    visit(inspector, f"/findings/{finding['id']}/")
    inspector_bell.wait_open()
    t0 = act(officer, FINDING_ACTIONS, "submit_remediation", {"note": "Đã niêm yết đủ 124 thủ tục"})
    latencies.append(("báo cáo khắc phục → bell of inspector", inspector_bell.wait_for_change_after(t0)))

    # 3. The inspector reopens with a reason; the officer sees it live and remediates again.
    action_control(inspector, FINDING_ACTIONS, "reopen").wait_for()
    t0 = act(inspector, FINDING_ACTIONS, "reopen", {"reason": "Thiếu niêm yết tại Trung tâm Phục vụ hành chính công"})
    latencies.append(("yêu cầu khắc phục lại → bell of officer", officer_bell.wait_for_change_after(t0)))
    officer.get_by_text("Thiếu niêm yết tại Trung tâm Phục vụ hành chính công").first.wait_for()
    act(officer, FINDING_ACTIONS, "submit_remediation", {"note": "Đã niêm yết tại Trung tâm"})

    # 4. The inspector closes it.
    action_control(inspector, FINDING_ACTIONS, "close").wait_for()
    t0 = act(inspector, FINDING_ACTIONS, "close")
    latencies.append(("xác nhận đã khắc phục → bell of officer", officer_bell.wait_for_change_after(t0)))
    assert live_app.api("inspector", "GET", f"/api/v1/findings/{finding['id']}/")["state"] == "closed"

    print("\n[browser] inspector journey, click → other window's bell:")
    for step, ms in latencies:
        print(f"  {step:42s} {ms:6.0f} ms")
