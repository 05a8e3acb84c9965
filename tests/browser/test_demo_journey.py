"""The demo journey in two browser windows (issue 10, "Done when").

The head assigns a task to the officer; the officer's page shows the notification and
the task without a reload; the officer starts, uploads evidence by drag and drop,
submits; the head returns it with a reason; the officer sees it live, resumes and
resubmits; the head approves; the score shown moves to what /api/v1/scores/ says.
Prints the time from each click to the other window's bell update.
"""
import pytest

from .conftest import Bell
from .pages import PDF, TASK_ACTIONS, act, action_control, drop_file, visit

pytestmark = pytest.mark.timeout(420)


def points_shown(text: str) -> str:
    return text.strip().split()[0]  # "2,90 trên 10,00 điểm" → "2,90"


def api_points(live_app) -> str:
    score = live_app.api("head", "GET", "/api/v1/scores/")
    return f"{float(score['criterion']['points']):.2f}".replace(".", ",")


def test_demo_journey_in_two_windows(open_as, live_app):
    head, officer = open_as("head", "officer")
    head_bell, officer_bell = Bell(head), Bell(officer)
    me = live_app.api("officer", "GET", "/api/v1/me/")
    task = live_app.new_task("Xây dựng quy chế phối hợp tiếp nhận hồ sơ trực tuyến")
    task_url = f"/tasks/{task['id']}/"
    latencies = []

    def timed(step, actor_page, other_bell, *args, **kwargs):
        clicked = act(actor_page, TASK_ACTIONS, *args, **kwargs)
        latencies.append((step, other_bell.wait_for_change_after(clicked)))

    visit(officer, "/")
    officer_bell.wait_open()
    officer.evaluate("() => { window.__noReload = true; }")
    visit(head, "/scores/")
    points_before = points_shown(head.locator("#score-points").inner_text())
    visit(head, task_url)
    head_bell.wait_open()

    # 1. The head assigns the task to the officer; it lands on the officer's home live.
    timed("giao → bell of officer", head, officer_bell, "assign", {"assignee": me["full_name"]})
    officer.locator(f"#home [data-task='{task['id']}']").wait_for()
    officer.locator("#toasts [data-notification]").filter(has_text=task["title"][:20]).first.wait_for()
    assert officer.evaluate("() => window.__noReload") is True, "the officer's page was not reloaded"

    # 2. The officer opens it, starts, drops a file on the evidence area, submits.
    officer.locator(f"#home [data-task='{task['id']}'] a").first.click()
    officer.wait_for_url(f"**{task_url}")
    officer_bell.wait_open()
    act(officer, TASK_ACTIONS, "start")
    drop_zone = officer.locator("[data-dropzone], [data-drop], .dropzone, .drop-zone").first
    drop_file(officer, drop_zone, "bien-ban-hop.pdf", PDF, "application/pdf")
    officer.get_by_role("link", name="bien-ban-hop.pdf").wait_for()
    evidence = live_app.api("officer", "GET", f"/api/v1/tasks/{task['id']}/evidence/")
    assert [e["name"] for e in evidence["results"]] == ["bien-ban-hop.pdf"]
    officer.evaluate("() => { window.__noReload = true; }")
    timed("trình kết quả → bell of head", officer, head_bell, "submit",
          {"result_note": "Đã xây dựng dự thảo quy chế, gửi kèm biên bản họp"})

    # 3. The head (page refreshed live) returns it with a reason; the officer sees it live.
    timed("trả lại → bell of officer", head, officer_bell, "return",
          {"reason": "Bổ sung ý kiến góp ý của các phòng"})
    officer.get_by_text("Bổ sung ý kiến góp ý của các phòng").first.wait_for()
    action_control(officer, TASK_ACTIONS, "resume").wait_for()
    assert officer.evaluate("() => window.__noReload") is True, "the return arrived without a reload"

    # 4. The officer resumes and resubmits; the head approves.
    act(officer, TASK_ACTIONS, "resume")
    timed("trình kết quả lần 2 → bell of head", officer, head_bell, "submit",
          {"result_note": "Đã bổ sung ý kiến góp ý"})
    action_control(head, TASK_ACTIONS, "approve").wait_for()
    timed("duyệt kết quả → bell of officer", head, officer_bell, "approve")
    assert live_app.api("head", "GET", f"/api/v1/tasks/{task['id']}/")["state"] == "done"
    history = live_app.api("head", "GET", f"/api/v1/tasks/{task['id']}/history/")["results"]
    assert [h["to"] for h in history][-7:] == [
        "assigned", "in_progress", "submitted", "returned", "in_progress", "submitted", "done"]

    # 5. The dashboard's points have moved to what /api/v1/scores/ gives.
    visit(head, "/scores/")
    points_after = points_shown(head.locator("#score-points").inner_text())
    assert points_after == api_points(live_app) != points_before, (points_before, points_after)

    print(f"\n[browser] dashboard points {points_before} → {points_after}")
    print("[browser] click → other window's bell:")
    for step, ms in latencies:
        print(f"  {step:36s} {ms:6.0f} ms")
