"""Notification wording: Vietnamese as an official writes it, English available, no identifiers."""
import re

import pytest

from notifications import rules, texts
from tests.factories.workflows import EventFactory

TASK = {"code": "1.2", "title": "Rà soát thủ tục hành chính", "kind": "task", "plan": 1, "lead_office": 2,
        "assignee": 3, "due_date": "2026-10-14", "state": "assigned", "transition": "assign", "from": "draft",
        "to": "assigned", "reason": "Thiếu hồ sơ", "changes": {}}
FINDING = {"inspection": 1, "office": 2, "inspectors": [3], "severity": "high", "due_date": "2026-10-05",
           "description": "Chưa niêm yết thủ tục", "state": "open", "transition": "raise", "from": "",
           "to": "open", "reason": "", "changes": {}}
PAYLOADS = {
    "plan": {"year": 2026, "title": "Kế hoạch CCHC năm 2026", "issue_deadline": "2025-12-31", "state": "approved",
             "transition": "approve", "from": "draft", "to": "approved", "reason": "", "changes": {}},
    "task": {**TASK, "days_left": 2, "overdue_since": "2026-10-15"},
    "inspection": {"title": "Kiểm tra CCHC quý IV", "offices": [2], "inspectors": [3], "state": "in_progress",
                   "transition": "start", "from": "planned", "to": "in_progress", "reason": "", "changes": {}},
    "finding": {**FINDING, "overdue_since": "2026-10-06", "task": 9, "task_code": "KP-1", "task_title": "Khắc phục"},
    "score": {"year": 2026, "criterion": 1, "max_points": 10.0, "methodology": 1, "old_points": 2.4,
              "new_points": 2.9, "cause_event": None, "components": ["1.2"]},
    "dossier": {"year": 2026, "requested_by": 3, "files": 120, "links": 14, "size": 5_000_000,
                "error": "the build raised an error", "transition": "finish", "from": "building", "to": "ready",
                "reason": "", "changes": {}},
}


def render(event_type, language="vi", actor="Nguyễn Văn An", **payload):
    subject = event_type.split(".")[0]
    event = EventFactory.build(type=event_type, subject_type=subject, payload={**PAYLOADS[subject], **payload})
    return texts.render(event, language=language, actor_name=actor)


@pytest.mark.parametrize("event_type", sorted(rules.RULES))
@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_identifier_or_placeholder_ever_reaches_a_person(event_type, language):
    title, body = render(event_type, language)
    text = f"{title} {body}"
    assert title and body
    assert not re.search(r"\b[a-z]+[._][a-z_]+\b", text), text  # task.due_soon, in_progress …
    assert "%(" not in text and "{" not in text, text
    assert "high" not in text or language == "en", text


def test_the_dossier_says_what_it_holds():
    assert render("dossier.ready", actor="") == (
        "Hồ sơ tài liệu kiểm chứng năm 2026 đã sẵn sàng",
        "Hồ sơ tài liệu kiểm chứng đồng chí đề nghị đã lập xong, sẵn sàng tải về: 120 tệp, 14 đường dẫn, "
        "kèm mục lục.")
    assert "the build raised" not in " ".join(render("dossier.failed"))  # the log's words stay in the log


def test_a_plan_is_issued_not_approved():
    title, body = render("plan.approved")
    assert title == "Kế hoạch CCHC năm 2026 đã được ban hành"
    assert body == "Nguyễn Văn An đã ban hành «Kế hoạch CCHC năm 2026»."
    assert "phê duyệt" not in title + body


def test_a_due_soon_reminder_gives_the_date_and_the_working_days_left():
    assert render("task.due_soon", actor="") == (
        "Nhiệm vụ 1.2 sắp đến hạn",
        "Nhiệm vụ «Rà soát thủ tục hành chính» sắp đến hạn. Hạn hoàn thành: 14/10/2026 (còn 2 ngày làm việc).",
    )
    assert render("task.due_soon", "en", days_left=1)[1] == (
        "“Rà soát thủ tục hành chính” is due on 2026-10-14 (1 working day left).")
    assert render("task.due_soon", "en")[1].endswith("(2 working days left).")
    assert render("task.due_soon", days_left=0)[1] == (
        "Nhiệm vụ «Rà soát thủ tục hành chính» đến hạn hôm nay. Hạn hoàn thành: 14/10/2026.")


def test_a_score_change_says_which_way_with_a_decimal_comma_and_the_unit():
    assert render("score.changed", actor="")[1] == (
        "Điểm tiêu chí chỉ đạo, điều hành CCHC tăng từ 2,40 lên 2,90 điểm.")
    assert render("score.changed", actor="", old_points=3, new_points=2.5)[1] == (
        "Điểm tiêu chí chỉ đạo, điều hành CCHC giảm từ 3,00 xuống 2,50 điểm.")
    assert render("score.changed", "en", actor="")[1] == "The leadership criterion rose from 2.40 to 2.90 points."


def test_dates_are_dd_mm_yyyy_in_vietnamese_and_severity_is_in_words():
    title, body = render("finding.raised")
    assert title == "Tồn tại, hạn chế mới qua kiểm tra (mức cao)"
    assert body.endswith("Hạn khắc phục: 05/10/2026.")
    assert render("finding.raised", "en")[0] == "New inspection finding (high)"


def test_the_system_is_named_when_nobody_acted():
    assert render("task.returned", actor="")[1].startswith("Hệ thống đã trả lại")
    assert render("task.returned", "en", actor="")[1].startswith("The system returned")


def test_an_unknown_language_falls_back_to_vietnamese():
    assert render("task.overdue", language="fr") == render("task.overdue", language="vi")


def test_a_task_result_is_reviewed_not_approved():
    assert render("task.completed")[1] == "Nguyễn Văn An đã duyệt kết quả nhiệm vụ «Rà soát thủ tục hành chính»."
    assert render("task.submitted")[1] == "Nguyễn Văn An đã trình kết quả nhiệm vụ «Rà soát thủ tục hành chính» để duyệt."
