"""The homes refresh live: work done elsewhere (here through the API, as another client
would) shows up in the officer's and the head's home without a reload, with a toast; the
head's score card moves to what /api/v1/scores/ says."""
import pytest

from .conftest import Bell, now_ms

pytestmark = pytest.mark.timeout(300)


def points(live_app) -> str:
    score = live_app.api("head", "GET", "/api/v1/scores/")
    return f"{float(score['criterion']['points']):.2f}".replace(".", ",")


def test_homes_follow_the_work_live(open_as, live_app):
    head, officer = open_as("head", "officer")
    head_bell, officer_bell = Bell(head), Bell(officer)
    for page, bell in ((head, head_bell), (officer, officer_bell)):
        page.goto("/")
        bell.wait_open()
        page.evaluate("() => { window.__noReload = true; }")
    me = live_app.api("officer", "GET", "/api/v1/me/")
    # Assigned by the province: finishing it moves the score (1.3 counts superiors' tasks),
    # and the score's change is what refreshes the head's own home after their approval.
    task = live_app.new_task("Niêm yết công khai quy trình nội bộ giải quyết TTHC", source="province")
    row = f"#home [data-task='{task['id']}']"
    t = f"/api/v1/tasks/{task['id']}/transitions"
    latencies = []

    t0 = now_ms()
    live_app.api("head", "POST", f"{t}/assign/", {"lead_office": me["office"], "assignee": me["id"]})
    latencies.append(("assign → officer's bell", officer_bell.wait_for_change_after(t0)))
    officer.locator(row).wait_for()
    officer.locator("#toasts [data-notification]").filter(has_text=task["title"][:30]).first.wait_for()

    live_app.api("officer", "POST", f"{t}/start/")
    t0 = now_ms()
    live_app.api("officer", "POST", f"{t}/submit/", {"result_note": "Đã niêm yết tại bộ phận một cửa"})
    latencies.append(("submit → head's bell", head_bell.wait_for_change_after(t0)))
    head.locator(row).wait_for()  # "Waiting for me" on the head's home

    before = head.locator("[data-score-points]").inner_text()
    t0 = now_ms()
    live_app.api("head", "POST", f"{t}/approve/")
    latencies.append(("approve → officer's bell", officer_bell.wait_for_change_after(t0)))
    head.locator(row).wait_for(state="detached")  # no longer waiting for the head
    expected = points(live_app)
    head.wait_for_function(
        "(p) => document.querySelector('[data-score-points]').textContent.trim().startsWith(p)", arg=expected)
    assert officer.evaluate("() => window.__noReload") and head.evaluate("() => window.__noReload")

    print(f"\n[browser] head's score card: {before!r} → {head.locator('[data-score-points]').inner_text()!r}"
          f" (API: {expected})")
    print("[browser] API call → other window's bell:")
    for step, ms in latencies:
        print(f"  {step:28s} {ms:6.0f} ms")
