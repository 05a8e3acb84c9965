"""What the browser tests know of the pages: names people read, in one place.

Transitions are buttons named with the workflow's own Vietnamese labels
(``transition_labels``, translated in ``locale/vi``); their small forms have labelled
fields. The tests find everything by role and label, as a screen reader would.
"""
from __future__ import annotations

import re
import time

# The workflow's transition labels in Vietnamese (locale/vi, msgctxt "transition").
TASK_ACTIONS = {
    "assign": "giao", "start": "bắt đầu", "submit": "trình kết quả", "return": "trả lại",
    "resume": "tiếp tục thực hiện", "approve": "phê duyệt",
}
INSPECTION_ACTIONS = {"start": "bắt đầu", "report": "báo cáo kết quả", "close": "kết thúc"}
FINDING_ACTIONS = {
    "acknowledge": "tiếp nhận", "submit_remediation": "báo cáo kết quả khắc phục",
    "close": "xác nhận đã khắc phục", "reopen": "yêu cầu khắc phục lại",
}
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


def fill_field(page, field: str, value: str):
    control = page.get_by_label(re.compile(FIELDS.get(field, field), re.IGNORECASE)).filter(visible=True).first
    if control.evaluate("e => e.tagName") == "SELECT":
        options = control.locator("option").all_text_contents()
        chosen = next(o for o in options if value in o)
        control.select_option(label=chosen)
    else:
        control.fill(value)


def act(page, actions: dict, name: str, fields: dict | None = None) -> float:
    """Run the transition ``name`` from the page as a person does: its button, its small
    form (fields filled by label), its confirm button; then wait for the page to settle.

    Returns the time (ms, Date.now() scale) of the click that sent it.
    """
    button_name = label(actions[name])
    clicked = now_ms()
    page.get_by_role("button", name=button_name).filter(visible=True).first.click()
    page.wait_for_timeout(200)
    for field, value in (fields or {}).items():
        fill_field(page, field, value)
    # A form that opened (dialog, details, inline) has its own button of the same name.
    confirm = page.locator("dialog[open], [role=dialog], details[open], form").filter(visible=True) \
        .get_by_role("button", name=button_name).filter(visible=True)
    if fields or confirm.count():
        clicked = now_ms()
        confirm.last.click()
    page.wait_for_load_state("networkidle")
    return clicked


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
