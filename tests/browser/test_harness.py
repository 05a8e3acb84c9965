"""The harness itself: the live server, logins, the socket a page opens, a restart."""
import pytest

pytestmark = pytest.mark.timeout(300)


def test_each_context_is_its_own_logged_in_user(open_as, live_app):
    head, officer = open_as("head", "officer")
    for page in (head, officer):
        page.goto("/api/v1/me/")
    me = [p.evaluate("async () => (await (await fetch('/api/v1/me/')).json()).username")
          for p in (head, officer)]
    assert me == ["head", "officer"]


def test_a_page_socket_gets_a_notification_and_resumes_after_a_restart(open_as, live_app):
    officer = open_as("officer")
    officer.goto("/api/v1/me/")
    # A bare socket opened from the page, as bell.js will; frames collected in window.frames_.
    officer.evaluate("""() => new Promise((ok, fail) => {
        window.frames_ = [];
        const ws = new WebSocket(`ws://${location.host}/ws/notifications/`);
        ws.onmessage = (e) => window.frames_.push(JSON.parse(e.data));
        ws.onopen = () => ok(); ws.onerror = () => fail('socket error');
        window.ws_ = ws;
    })""")
    me = live_app.api("officer", "GET", "/api/v1/me/")
    task = live_app.new_task("Kiểm tra bộ khung kiểm thử trình duyệt")
    live_app.api("head", "POST", f"/api/v1/tasks/{task['id']}/transitions/assign/",
                 {"lead_office": me["office"], "assignee": me["id"]})
    officer.wait_for_function("() => window.frames_.some(f => f.type === 'notification')")
    last = officer.evaluate("() => Math.max(...window.frames_.filter(f => f.type === 'notification').map(f => f.id))")

    live_app.restart()
    officer.wait_for_function("() => window.ws_.readyState === WebSocket.CLOSED")
    live_app.api("officer", "POST", f"/api/v1/tasks/{task['id']}/transitions/start/")  # officer's own: no notification
    live_app.api("officer", "POST", f"/api/v1/tasks/{task['id']}/transitions/submit/", {"result_note": "Đã xong"})
    live_app.api("head", "POST", f"/api/v1/tasks/{task['id']}/transitions/return/", {"reason": "Bổ sung tài liệu"})
    missed = live_app.api("officer", "GET", f"/api/v1/notifications/?after={last}")["results"]
    assert missed, "returning a task notifies its assignee"
    officer.evaluate("""(after) => new Promise((ok) => {
        window.frames_ = [];
        const ws = new WebSocket(`ws://${location.host}/ws/notifications/`);
        ws.onmessage = (e) => window.frames_.push(JSON.parse(e.data));
        ws.onopen = () => { ws.send(JSON.stringify({type: 'resume', after})); ok(); };
    })""", last)
    officer.wait_for_function("(n) => window.frames_.filter(f => f.type === 'notification').length >= n",
                              arg=len(missed))
    officer.wait_for_timeout(300)
    got = officer.evaluate("() => window.frames_.filter(f => f.type === 'notification').map(f => f.id)")
    assert got == [n["id"] for n in missed]
