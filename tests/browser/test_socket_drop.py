"""The bell's socket dropped mid-journey: after reconnect exactly the missed notifications, once each.

Two drops: the socket closed from the page (the network goes down, then comes back), and
the server restarted. While the officer's page is cut off, the head returns and approves
the officer's work; when it reconnects, bell.js resumes after the last id it saw.
"""
import pytest

from .conftest import Bell

pytestmark = pytest.mark.timeout(300)


def officer_gets_three_notifications(live_app, title):
    """A task assigned to the officer, returned once, then approved: three notifications."""
    officer = live_app.api("officer", "GET", "/api/v1/me/")
    task = live_app.new_task(title)
    t = f"/api/v1/tasks/{task['id']}/transitions"
    live_app.api("head", "POST", f"{t}/assign/", {"lead_office": officer["office"], "assignee": officer["id"]})
    live_app.api("officer", "POST", f"{t}/start/")
    live_app.api("officer", "POST", f"{t}/submit/", {"result_note": "Đã hoàn thành, gửi kèm báo cáo"})
    live_app.api("head", "POST", f"{t}/return/", {"reason": "Bổ sung biên bản họp"})
    live_app.api("officer", "POST", f"{t}/resume/")
    live_app.api("officer", "POST", f"{t}/submit/", {"result_note": "Đã bổ sung biên bản họp"})
    live_app.api("head", "POST", f"{t}/approve/")


def unread(live_app):
    return live_app.api("officer", "GET", "/api/v1/notifications/unread-count/")["count"]


def check_resumed(page, bell, live_app, last_seen):
    """The page got, and the bell shows, exactly the notifications after ``last_seen``."""
    missed = live_app.api("officer", "GET", f"/api/v1/notifications/?after={last_seen}&page_size=200")["results"]
    missed_ids = [n["id"] for n in missed]
    assert len(missed_ids) == 3, missed
    bell.wait_for_count(unread(live_app))
    page.wait_for_function("(ids) => ids.every(id => window.__frames.some(f => f.id === id))", arg=missed_ids)
    page.wait_for_timeout(500)  # anything doubled would arrive right behind
    after = [f["id"] for f in bell.frames() if f["id"] > last_seen]
    assert after == missed_ids, "the socket delivers each missed notification once, in order"
    for nid in missed_ids:  # one toast each
        assert page.locator(f"#toasts [data-notification='{nid}']").count() == 1
    listed = bell.listed_ids()
    assert all(listed.count(nid) == 1 for nid in missed_ids), listed
    assert page.evaluate("() => window.parBell.lastId()") == missed_ids[-1]


def test_socket_closed_from_the_page_then_resumed(open_as, live_app):
    page = open_as("officer")
    page.goto("/")
    bell = Bell(page)
    bell.wait_open()
    last_seen = page.evaluate("() => window.parBell.lastId()")

    bell.hold_socket()  # the page's socket closes; reconnects fail until released
    bell.wait_not_open()
    officer_gets_three_notifications(live_app, "Rà soát quy trình nội bộ (mất kết nối)")
    page.wait_for_timeout(300)
    assert [f for f in bell.frames() if f["id"] > last_seen] == [], "nothing arrives while cut off"

    bell.release_socket()
    bell.wait_open()
    resume = [f for f in page.evaluate("() => window.__sent") if f.get("type") == "resume"]
    assert resume[-1]["after"] == last_seen
    check_resumed(page, bell, live_app, last_seen)


def test_server_restart_then_resumed(open_as, live_app):
    page = open_as("officer")
    page.goto("/")
    bell = Bell(page)
    bell.wait_open()
    last_seen = page.evaluate("() => window.parBell.lastId()")

    bell.hold_reconnects()  # so the page cannot reconnect before the missed work happens
    live_app.restart()      # every socket drops with the server
    bell.wait_not_open()
    officer_gets_three_notifications(live_app, "Cập nhật danh mục thủ tục (khởi động lại máy chủ)")

    bell.release_socket()
    bell.wait_open()
    check_resumed(page, bell, live_app, last_seen)
