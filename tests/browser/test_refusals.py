"""Refused actions show the workflow's own message in Vietnamese, and nothing changes."""
import re

import pytest

from .conftest import Bell
from .pages import TASK_ACTIONS, act, action_control, label, visit

pytestmark = pytest.mark.timeout(300)

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def assigned_to_officer(live_app, title):
    officer = live_app.api("officer", "GET", "/api/v1/me/")
    task = live_app.new_task(title)
    live_app.api("head", "POST", f"/api/v1/tasks/{task['id']}/transitions/assign/",
                 {"lead_office": officer["office"], "assignee": officer["id"]})
    return task


def history(live_app, task):
    return live_app.api("head", "GET", f"/api/v1/tasks/{task['id']}/history/")["results"]


def refusal_message(page) -> str:
    alert = page.locator("[role=alert], .alert-danger").filter(visible=True).first
    alert.wait_for()
    return alert.inner_text()


def test_officer_of_another_office_cannot_start_a_task(open_as, live_app):
    task = assigned_to_officer(live_app, "Cập nhật quy trình ISO lĩnh vực cấp phép")
    before = history(live_app, task)
    officer, outsider = open_as("officer", "officer2")
    visit(officer, f"/tasks/{task['id']}/")
    start_button = action_control(officer, TASK_ACTIONS, "start")
    start_form = start_button.locator("xpath=ancestor::form[1]")
    action = start_form.get_attribute("action") or f"/tasks/{task['id']}/"
    fields = start_form.evaluate(
        "f => Object.fromEntries([...new FormData(f)].filter(([k]) => k !== 'csrfmiddlewaretoken'))")

    visit(outsider, f"/tasks/{task['id']}/")
    assert outsider.get_by_role("button", name=label(TASK_ACTIONS["start"])).or_(
        outsider.get_by_role("link", name=label(TASK_ACTIONS["start"]))).count() == 0, \
        "an officer of another office is offered no start button"
    # The same request the officer's button sends, sent from the outsider's window
    # (a copied link, a stale tab): the workflow refuses it, in Vietnamese.
    outsider.evaluate("""([action, fields]) => {
        const form = document.createElement('form');
        form.method = 'post'; form.action = action;
        const csrf = document.cookie.split('; ').find(c => c.startsWith('csrftoken='));
        const all = {...fields, csrfmiddlewaretoken: csrf ? csrf.split('=')[1] : ''};
        for (const [k, v] of Object.entries(all)) {
            const input = document.createElement('input');
            input.type = 'hidden'; input.name = k; input.value = v; form.appendChild(input);
        }
        document.body.appendChild(form); form.submit(); }""", [action, fields])
    outsider.wait_for_load_state("networkidle")
    message = refusal_message(outsider)
    assert VIETNAMESE.search(message), f"refusal in Vietnamese: {message!r}"
    assert outsider.locator("html").get_attribute("lang") == "vi"
    assert live_app.api("head", "GET", f"/api/v1/tasks/{task['id']}/")["state"] == "assigned"
    assert history(live_app, task) == before


def test_an_approve_raced_by_another_window_is_refused_and_changes_nothing(open_as, live_app):
    task = assigned_to_officer(live_app, "Tổng hợp kết quả khảo sát mức độ hài lòng")
    t = f"/api/v1/tasks/{task['id']}/transitions"
    live_app.api("officer", "POST", f"{t}/start/")
    live_app.api("officer", "POST", f"{t}/submit/", {"result_note": "Báo cáo tổng hợp đã hoàn thành"})

    first, second = open_as("head", "head")  # the same head in two windows
    for page in (first, second):
        visit(page, f"/tasks/{task['id']}/")
        Bell(page).wait_open()
    act(first, TASK_ACTIONS, "approve")
    done = history(live_app, task)
    assert live_app.api("head", "GET", f"/api/v1/tasks/{task['id']}/")["state"] == "done"

    act(second, TASK_ACTIONS, "approve")  # the second window still shows the button
    message = refusal_message(second)
    assert VIETNAMESE.search(message), f"refusal in Vietnamese: {message!r}"
    assert live_app.api("head", "GET", f"/api/v1/tasks/{task['id']}/")["state"] == "done"
    assert history(live_app, task) == done, "the raced approve wrote nothing"
