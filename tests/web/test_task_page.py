"""The task page (/tasks/<id>/): details, transitions as small forms, progress, evidence,
comments, history; every change through the plans' services, every refusal shown in place."""
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.comments.models import Comment
from backend.evidence.models import Evidence
from tests.factories.plans import TaskFactory
from backend.plans.models import Task, TaskState
from workflows.models import Event, TransitionRecord

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "task-state"}


def text(response):
    return response.content.decode()


def history(task):
    return list(TransitionRecord.objects.filter(subject_type="task", subject_id=task.pk).order_by("id"))


def buttons(html):
    return re.findall(r'id="transition-([a-z_]+)"', html)


@pytest.fixture
def draft(world, make_task):
    return make_task(code="1.1", title="Rà soát thủ tục hành chính", description="Rà soát toàn bộ thủ tục",
                     expected_output="Báo cáo rà soát", supporting_offices=[world.office_b],
                     due_date=world.today + datetime.timedelta(days=40))


@pytest.fixture
def in_progress(world, make_task):
    return make_task(code="2.1", state=TaskState.IN_PROGRESS, assignee=world.officer,
                     due_date=world.today + datetime.timedelta(days=20))


def run(client, task, name, data=None, *, htmx=True):
    return client.post(f"/tasks/{task.pk}/transitions/{name}/", data or {}, **(HTMX if htmx else {}))


def test_task_page_in_vietnamese_with_details_state_and_buttons(world, draft, page):
    response = page(world.head).get(f"/tasks/{draft.pk}/")
    html = text(response)
    assert response.status_code == 200 and '<html lang="vi">' in html
    for shown in ("1.1", "Rà soát thủ tục hành chính", "Rà soát toàn bộ thủ tục", "Báo cáo rà soát",
                  "1. Lĩnh vực 1", world.office_a.name, world.office_b.name, "Đơn vị chủ trì", "Đơn vị phối hợp"):
        assert shown in html
    assert 'data-state="draft"' in html and "chưa giao" in html and "chưa hoàn thành trong hạn" in html
    assert draft.due_date.strftime("%d/%m/%Y") in html
    assert re.search(r'id="task-days-left">còn \d+ ngày làm việc<', html)
    assert buttons(html) == ["assign", "cancel", "extend"]
    assert "Giao nhiệm vụ" in html and "Hủy nhiệm vụ" in html
    # The state part refreshes itself when a notification about this task arrives.
    assert f'id="task-state" class="task-state card card-body mb-4" aria-labelledby="task-state-title"\n    data-live="task:{draft.pk}" hx-get="/tasks/{draft.pk}/state/" hx-trigger="par:refresh"' in html
    state = page(world.head).get(f"/tasks/{draft.pk}/state/")
    assert text(state).startswith('<section id="task-state"') and 'data-live="task:' in text(state)


def test_the_whole_journey_through_the_page(world, draft, page):
    """head assigns → officer starts, uploads, submits → head returns with a reason →
    officer resumes, resubmits → head approves; each step through the plans service."""
    head, officer = page(world.head), page(world.officer)
    due = (world.today + datetime.timedelta(days=30)).isoformat()

    form = head.get(f"/tasks/{draft.pk}/transitions/assign/", **HTMX)
    assert form.status_code == 200 and 'id="action-form"' in text(form) and 'name="assignee"' in text(form)
    response = run(head, draft, "assign", {"lead_office": world.office_a.pk, "assignee": world.officer.pk,
                                           "due_date": due})
    assert response.status_code == 200 and response["HX-Trigger"] == "task-changed"
    assert text(response).startswith('<section id="task-state"') and 'data-state="assigned"' in text(response)

    assert buttons(text(officer.get(f"/tasks/{draft.pk}/"))) == ["start", "request_extension"]
    assert 'data-state="in_progress"' in text(run(officer, draft, "start"))
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 ket qua", content_type="application/pdf")
    assert officer.post(f"/tasks/{draft.pk}/evidence/", {"kind": "file", "file": upload}).status_code == 302
    assert 'data-state="submitted"' in text(run(officer, draft, "submit", {"result_note": "Đã hoàn thành"}))

    html = text(run(head, draft, "return", {"reason": "Bổ sung số liệu quý IV"}))
    assert 'data-state="returned"' in html
    assert "Bổ sung số liệu quý IV" in text(officer.get(f"/tasks/{draft.pk}/history/"))
    assert 'data-state="in_progress"' in text(run(officer, draft, "resume"))
    assert 'data-state="submitted"' in text(run(officer, draft, "submit"))
    html = text(run(head, draft, "approve", {"comment": "Đạt yêu cầu"}))
    assert 'data-state="done"' in html and "hoàn thành đúng hạn" in html and buttons(html) == []

    draft.refresh_from_db()
    assert (draft.state, draft.assignee, draft.result_note, draft.progress) == (
        TaskState.DONE, world.officer, "Đã hoàn thành", 100)
    steps = [(r.transition, r.from_state, r.to_state, r.actor_id) for r in history(draft)]
    assert steps == [
        ("assign", "draft", "assigned", world.head.pk), ("start", "assigned", "in_progress", world.officer.pk),
        ("submit", "in_progress", "submitted", world.officer.pk), ("return", "submitted", "returned", world.head.pk),
        ("resume", "returned", "in_progress", world.officer.pk),
        ("submit", "in_progress", "submitted", world.officer.pk), ("approve", "submitted", "done", world.head.pk),
    ]
    assert history(draft)[3].reason == "Bổ sung số liệu quý IV"
    events = list(Event.objects.filter(subject_type="task", subject_id=draft.pk).values_list("type", flat=True))
    assert events == ["task.assigned", "task.started", "task.submitted", "task.returned", "task.resumed",
                      "task.submitted", "task.completed"]
    # The timeline: who, when, from → to, reason.
    timeline = text(head.get(f"/tasks/{draft.pk}/"))
    assert "bị trả lại" in timeline and "Lý do: Bổ sung số liệu quý IV" in timeline and str(world.head) in timeline


def test_without_javascript_the_form_opens_as_a_page_and_success_redirects(world, draft, page):
    head = page(world.head)
    html = text(head.get(f"/tasks/{draft.pk}/transitions/cancel/"))
    assert "<html" in html and 'id="action-form"' in html and 'name="reason"' in html
    # The plan is issued: the plan amendment is recorded with the cancellation.
    response = run(head, draft, "cancel", {"reason": "Không còn phù hợp", "number": "20/KH-SXD",
                                           "date": str(world.today), "issuer": "Sở Xây dựng",
                                           "summary": "Điều chỉnh Kế hoạch CCHC"}, htmx=False)
    assert response.status_code == 302 and response["Location"] == f"/tasks/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.state == TaskState.CANCELLED
    assert "Đã thực hiện: Hủy nhiệm vụ." in text(head.get(f"/tasks/{draft.pk}/"))


def test_a_refused_transition_shows_the_workflow_message_in_place_and_changes_nothing(world, in_progress, page):
    officer, officer2 = page(world.officer), page(world.officer2)
    # Not allowed for this user (officer of another office): 403, the workflow's words.
    response = run(officer2, in_progress, "submit", {"result_note": "x"})
    assert response.status_code == 403
    assert 'id="action-refusal"' in text(response)
    assert "bạn không có quyền trình kết quả nhiệm vụ này" in text(response)
    # Not from this state: 409.
    response = run(officer, in_progress, "resume")
    assert response.status_code == 409 and "không thể tiếp tục thực hiện nhiệm vụ này" in text(response)
    # Missing what the transition needs: 400, beside the field.
    response = run(officer, in_progress, "request_extension", {"due_date": "", "reason": ""})
    assert response.status_code == 400
    assert re.search(r'id="id_due_date-errors"><li>[^<]+</li>', text(response))
    response = run(page(world.head), in_progress, "extend",
                   {"due_date": (in_progress.due_date - datetime.timedelta(days=1)).isoformat(), "reason": "x"})
    assert response.status_code == 400 and "hạn hoàn thành mới phải sau hạn hiện tại" in text(response)
    # Nothing changed.
    before = in_progress.due_date
    in_progress.refresh_from_db()
    assert in_progress.state == TaskState.IN_PROGRESS and in_progress.due_date == before
    assert history(in_progress) == [] and not Event.objects.filter(subject_type="task").exists()
    # Without JavaScript: the whole page, with the same message and status.
    response = run(officer2, in_progress, "submit", htmx=False)
    assert response.status_code == 403 and "<html" in text(response) and 'id="action-refusal"' in text(response)


def test_officer_of_another_office_sees_the_task_without_actions(world, in_progress, page):
    response = page(world.officer2).get(f"/tasks/{in_progress.pk}/")
    html = text(response)
    assert response.status_code == 200  # the API's rule: the agency sees its tasks
    assert buttons(html) == [] and 'id="evidence-file-form"' not in html and 'id="progress-form"' not in html
    assert page(world.officer2).get(f"/tasks/{in_progress.pk}/transitions/submit/", **HTMX).status_code == 403


@pytest.mark.parametrize("path", ["", "state/", "row/", "history/", "comments/", "edit/", "transitions/start/"])
def test_another_agency_gets_the_site_404(world, in_progress, page, path):
    response = page(world.outsider_officer).get(f"/tasks/{in_progress.pk}/{path}")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text(response)


def test_another_agency_cannot_post_anything(world, in_progress, page):
    client = page(world.outsider_head)
    for path, data in [("transitions/cancel/", {"reason": "x"}), ("progress/", {"progress": 50}),
                       ("evidence/", {"kind": "link", "url": "https://example.org"}), ("comments/", {"body": "x"})]:
        assert client.post(f"/tasks/{in_progress.pk}/{path}", data).status_code == 404
    in_progress.refresh_from_db()
    assert in_progress.state == TaskState.IN_PROGRESS and in_progress.progress == 0
    assert not Evidence.objects.exists() and not Comment.objects.exists()


def test_progress_for_the_assignee_through_task_update(world, in_progress, page):
    officer = page(world.officer)
    assert 'id="progress-form"' in text(officer.get(f"/tasks/{in_progress.pk}/"))
    response = officer.post(f"/tasks/{in_progress.pk}/progress/", {"progress": 60}, **HTMX)
    assert response.status_code == 200 and 'aria-valuenow="60"' in text(response)
    in_progress.refresh_from_db()
    assert in_progress.progress == 60
    assert officer.post(f"/tasks/{in_progress.pk}/progress/", {"progress": 150}, **HTMX).status_code == 400
    refused = page(world.officer2).post(f"/tasks/{in_progress.pk}/progress/", {"progress": 10}, **HTMX)
    assert refused.status_code == 403 and 'id="action-refusal"' in text(refused)
    in_progress.refresh_from_db()
    assert in_progress.progress == 60


def test_evidence_file_drop_zone_link_and_permission_checked_download(world, in_progress, page):
    officer = page(world.officer)
    html = text(officer.get(f"/tasks/{in_progress.pk}/"))
    assert 'id="evidence-dropzone" data-dropzone' in html and 'type="file" name="file"' in html
    assert 'hx-encoding="multipart/form-data"' in html and "/static/web/dropzone.js" in html
    upload = SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4 noi dung", content_type="application/pdf")
    response = officer.post(f"/tasks/{in_progress.pk}/evidence/", {"kind": "file", "file": upload,
                                                                   "note": "Bản ký số"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and text(response).startswith('<section id="task-evidence"')
    item = Evidence.objects.get(task=in_progress)
    assert (item.kind, item.name, item.note, item.uploaded_by) == ("file", "ket-qua.pdf", "Bản ký số", world.officer)
    assert f'href="/api/v1/evidence/{item.pk}/file/"' in text(response)
    link = officer.post(f"/tasks/{in_progress.pk}/evidence/", {"kind": "link", "url": "https://dichvucong.gov.vn/x"})
    assert link.status_code == 302
    assert Evidence.objects.filter(task=in_progress, kind="link", url="https://dichvucong.gov.vn/x").exists()
    # The download goes through the API's permission check, with the page's session.
    download = page(world.officer2).get(f"/api/v1/evidence/{item.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 noi dung"
    assert page(world.outsider_officer).get(f"/api/v1/evidence/{item.pk}/file/").status_code == 404


def test_evidence_refusals_in_place(world, in_progress, page):
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = page(world.officer).post(f"/tasks/{in_progress.pk}/evidence/", {"kind": "file", "file": bad},
                                        HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and re.search(r'id="evidence-file-file-errors"><li>[^<]*\.exe', text(response))
    response = page(world.officer).post(f"/tasks/{in_progress.pk}/evidence/", {"kind": "link", "url": "ftp://x"})
    assert response.status_code == 400 and 'id="evidence-link-url-errors"' in text(response)
    response = page(world.officer2).post(f"/tasks/{in_progress.pk}/evidence/",
                                         {"kind": "link", "url": "https://example.org"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and 'id="evidence-refusal"' in text(response)
    assert not Evidence.objects.exists()


def test_comments_list_and_add_through_the_service(world, in_progress, page):
    officer2 = page(world.officer2)
    response = officer2.post(f"/tasks/{in_progress.pk}/comments/", {"body": "Đề nghị phối hợp"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Đề nghị phối hợp" in text(response)
    comment = Comment.objects.get(task=in_progress)
    assert comment.author == world.officer2
    assert "Đề nghị phối hợp" in text(page(world.head).get(f"/tasks/{in_progress.pk}/"))
    empty = officer2.post(f"/tasks/{in_progress.pk}/comments/", {"body": "  "}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 400 and 'id="comment-body-errors"' in text(empty)
    assert Comment.objects.count() == 1


def test_extension_request_approve_and_reject_through_the_page(world, in_progress, page):
    officer, head = page(world.officer), page(world.head)
    later = in_progress.due_date + datetime.timedelta(days=10)
    html = text(run(officer, in_progress, "request_extension", {"due_date": later.isoformat(), "reason": "Chờ số liệu"}))
    assert f"Đang có đề nghị gia hạn đến ngày {later:%d/%m/%Y}" in html
    assert buttons(text(head.get(f"/tasks/{in_progress.pk}/"))) == [
        "cancel", "extend", "approve_extension", "reject_extension"]
    html = text(run(head, in_progress, "reject_extension", {"reason": "Không có căn cứ"}))
    assert "Đang có đề nghị gia hạn" not in html
    run(officer, in_progress, "request_extension", {"due_date": later.isoformat(), "reason": "Lần hai"})
    run(head, in_progress, "approve_extension", {"comment": "Đồng ý"})
    in_progress.refresh_from_db()
    assert in_progress.due_date == later and in_progress.extension_requested_until is None
    assert [r.transition for r in history(in_progress)] == [
        "request_extension", "reject_extension", "request_extension", "approve_extension"]
    # The history shows the due date's change as dates.
    assert "Hạn hoàn thành" in text(head.get(f"/tasks/{in_progress.pk}/history/"))
    assert f"{later:%d/%m/%Y}" in text(head.get(f"/tasks/{in_progress.pk}/history/"))


def test_board_row_fragment_for_live_refresh(world, in_progress, page):
    response = page(world.officer).get(f"/tasks/{in_progress.pk}/row/")
    html = text(response)
    assert html.startswith(f'<li class="list-group-item board-row" id="task-row-{in_progress.pk}" data-live="task:{in_progress.pk}"')
    assert "đang thực hiện" in html


def _page_queries(client, task):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/tasks/{task.pk}/").status_code == 200
    return len(captured)


def test_task_page_queries_constant_5_vs_50_tasks_and_rows(world, in_progress, page, django_assert_max_num_queries):
    client = page(world.officer)

    def grow(n):
        for i in range(n):
            TaskFactory(plan=world.plan, field=world.field, lead_office=world.office_a, code=f"G{n}-{i}")
            Comment.objects.create(task=in_progress, author=world.officer2, body=f"ý kiến {i}")
            Evidence.objects.create(task=in_progress, kind="link", url=f"https://x.vn/{i}", uploaded_by=world.officer)
        run(client, in_progress, "request_extension", {
            "due_date": (in_progress.due_date + datetime.timedelta(days=n)).isoformat(), "reason": "x"})
        run(page(world.head), in_progress, "reject_extension", {"reason": "y"})

    grow(5)
    five = _page_queries(client, in_progress)
    grow(45)
    with django_assert_max_num_queries(five):
        client.get(f"/tasks/{in_progress.pk}/")
    assert Task.objects.count() == 51


def test_details_and_evidence_parts_refresh_after_a_change(world, draft, page):
    head = page(world.head)
    html = text(head.get(f"/tasks/{draft.pk}/"))
    for part in ("details", "evidence"):
        assert f'hx-get="/tasks/{draft.pk}/parts/{part}/" hx-trigger="par:refresh, task-changed from:body"' in html
    run(head, draft, "assign", {"lead_office": world.office_a.pk, "assignee": world.officer.pk})
    details = text(head.get(f"/tasks/{draft.pk}/parts/details/"))
    assert details.startswith('<section id="task-details"') and str(world.officer) in details
    assert text(head.get(f"/tasks/{draft.pk}/parts/evidence/")).startswith('<section id="task-evidence"')
    assert head.get(f"/tasks/{draft.pk}/parts/other/").status_code == 404
    assert page(world.outsider_head).get(f"/tasks/{draft.pk}/parts/details/").status_code == 404


def test_the_task_page_shows_awaiting_review_and_a_day_off_warning(world, make_task, page):
    # Due on a Sunday: accepted, with a non-blocking note that the term runs to Monday.
    sunday = world.today + datetime.timedelta(days=10)
    while sunday.weekday() != 6:
        sunday += datetime.timedelta(days=1)
    task = make_task(code="3.1", state=TaskState.SUBMITTED, assignee=world.officer, due_date=sunday,
                     submitted_at=timezone.now(), result_note="Đã xong")
    html = text(page(world.head).get(f"/tasks/{task.pk}/"))
    assert 'data-outcome="awaiting_review"' in html and "trong hạn, chờ duyệt kết quả" in html
    assert 'data-warning="due_date_not_working_day"' in html
    assert (sunday + datetime.timedelta(days=1)).strftime("%d/%m/%Y") in html


def test_saving_a_due_date_on_a_day_off_says_so_without_refusing(world, make_task, page):
    task = make_task(code="3.2", state=TaskState.DRAFT)
    holiday = datetime.date(world.today.year + 1, 9, 2)  # National Day
    client = page(world.head)
    response = client.post(f"/tasks/{task.pk}/edit/", {
        "code": task.code, "title": task.title, "field": task.field_id, "lead_office": world.office_a.pk,
        "due_date": holiday.strftime("%d/%m/%Y"), "expected_output": "Báo cáo"}, follow=True)
    html = text(response)
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.due_date == holiday
    assert "là ngày nghỉ" in html
