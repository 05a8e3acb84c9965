"""What the browser tests know of the pages: names people read, in one place.

Transitions are buttons named with the workflow's own Vietnamese labels
(``transition_labels``, translated in ``locale/vi``); their small forms have labelled
fields. The tests find everything by role and label, as a screen reader would.
"""
from __future__ import annotations

import re
import time

# The pages' transition buttons in Vietnamese (backend/web/locale/vi; how each label starts).
TASK_ACTIONS = {
    "assign": "giao", "start": "bắt đầu", "submit": "trình kết quả", "return": "trả lại",
    "resume": "tiếp tục thực hiện", "approve": "duyệt kết quả",
}
INSPECTION_ACTIONS = {"start": "bắt đầu", "report": "báo cáo kết quả", "close": "kết thúc"}
FINDING_ACTIONS = {
    "acknowledge": "tiếp nhận", "submit_remediation": "báo cáo kết quả khắc phục",
    "close": "xác nhận đã khắc phục", "reopen": "yêu cầu khắc phục lại",
}
RAISE_FINDING = "ghi nhận tồn tại"  # the inspection page's form for a new finding
UPLOAD = "tải tệp lên"  # the evidence form's button (the plain file input's way)
# Labels of the fields the transition forms ask for.
FIELDS = {
    "reason": r"lý do",
    "result_note": r"kết quả|ghi chú|nội dung",
    "note": r"ghi chú|nội dung|kết quả",
    "assignee": r"người thực hiện|chuyên viên|người được giao",
    "lead_office": r"phòng chủ trì|đơn vị chủ trì|chủ trì",
}


def now_ms() -> float:
    return time.time() * 1000


def label(text: str) -> re.Pattern:
    """A button or field name starting with ``text``, any case (Giao, giao, GIAO…)."""
    return re.compile(rf"^\s*{text}", re.IGNORECASE)


def fill_field(scope, field: str, value: str):
    """Fill the control labelled like ``field`` inside ``scope`` (a page or a form)."""
    control = scope.get_by_label(re.compile(FIELDS.get(field, field), re.IGNORECASE)).filter(visible=True).first
    if control.evaluate("e => e.tagName") == "SELECT":
        options = control.locator("option").all_text_contents()
        chosen = next(o for o in options if value in o)
        control.select_option(label=chosen)
    else:
        control.fill(value)


def action_control(page, actions: dict, name: str):
    """The visible control that runs ``name``: a button, or a link that opens its small form."""
    named = label(actions[name])
    return page.get_by_role("button", name=named).or_(page.get_by_role("link", name=named)) \
        .filter(visible=True).first


def act(page, actions: dict, name: str, fields: dict | None = None) -> float:
    """Run the transition ``name`` from the page as a person does: its control; if that
    opens a small form (a link), its fields filled by label and its button of the same
    name; then wait for the page to settle.

    Returns the time (ms, Date.now() scale) of the click that sent it.
    """
    named = label(actions[name])
    control = action_control(page, actions, name)
    if control.evaluate("e => e.tagName") == "A":
        control.click()  # opens the transition's form in place
        confirm = page.locator("form").filter(visible=True).get_by_role("button", name=named) \
            .filter(visible=True).last
        confirm.wait_for()
    else:
        confirm = control  # a button in its own form: fields (if any) sit beside it
    form = confirm.locator("xpath=ancestor::form[1]")
    for field, value in (fields or {}).items():
        fill_field(form, field, value)
    # htmx sends it and swaps the answer in place; a plain form loads the next page.
    wait = page.expect_response(lambda r: r.request.method == "POST") \
        if form.get_attribute("hx-post") else page.expect_navigation()
    with wait:
        clicked = now_ms()
        confirm.click()
    settle(page)
    return clicked


def settle(page):
    """Wait until the page is loaded and no htmx request is in flight (the parts a change
    refreshes, e.g. evidence and history after a transition, have been swapped in)."""
    page.wait_for_load_state("domcontentloaded")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def state_text(page) -> str:
    """The task's or finding's state as the page shows it."""
    return page.locator("[data-state], .state-badge, [data-live] .badge").first.inner_text()


def drop_file(page, target, name: str, content: bytes, mime: str):
    """Drag a file from the desktop onto ``target`` (a locator): dragenter, dragover, drop."""
    data = page.evaluate_handle(
        """([name, bytes, mime]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], name, {type: mime}));
            return dt; }""", [name, list(content), mime])
    for event in ("dragenter", "dragover", "drop"):
        target.dispatch_event(event, {"dataTransfer": data})


# A small valid PDF: evidence as offices really send it.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
       b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def visit(page, path: str):
    """Open ``path``; a page that answers other than 200 fails here, saying which."""
    response = page.goto(path)
    assert response is not None and response.status == 200, \
        f"{path}: HTTP {response.status if response else '—'} (page missing or refused)"
    return response
