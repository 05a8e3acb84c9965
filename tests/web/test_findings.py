"""The finding page: details, transitions through the workflow, evidence, comments, history."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.comments.models import Comment
from backend.evidence.models import Evidence
from tests.inspections.conftest import cast, events_of, history_of  # noqa: F401

pytestmark = pytest.mark.django_db


def html_of(response):
    return response.content.decode()


def part(html, element_id, end="</section>"):
    return html.split(f'id="{element_id}"')[1].split(end)[0]


def test_page_in_vietnamese_with_details_and_live_parts(page, cast, make_finding):
    finding = make_finding(description="Chưa niêm yết thủ tục hành chính", severity="high",
                           due_date=cast.today + datetime.timedelta(days=30))
    response = page(cast.officer).get(f"/findings/{finding.pk}/")
    assert response.status_code == 200
    html = html_of(response)
    assert '<html lang="vi">' in html and f"Tồn tại #{finding.pk}" in html
    summary = part(html, "finding-summary")
    assert "Chưa niêm yết thủ tục hành chính" in summary and cast.office_a.name in summary
    assert "Cao" in summary and "chưa khắc phục" in part(html, "finding-state", "</dd>")
    assert (cast.today + datetime.timedelta(days=30)).strftime("%d/%m/%Y") in summary
    assert "ngày làm việc" in summary                                  # working days left
    assert f'href="/inspections/{finding.inspection_id}/"' in summary
    for live in ("finding-summary", "evidence", "history"):
        assert f'data-live="finding:{finding.pk}"' in html.split(f'id="{live}"')[1].split(">")[0]
    assert "Tài liệu kiểm chứng" in html and "Trao đổi, ý kiến" in html and "Lịch sử xử lý" in html
    assert "/static/web/dropzone.js" in html


def test_buttons_are_the_available_transitions(page, cast, make_finding):
    finding = make_finding(state="open")
    officer = html_of(page(cast.officer).get(f"/findings/{finding.pk}/"))
    assert 'id="transition-acknowledge"' in officer and "Tiếp nhận tồn tại" in officer
    assert 'id="transition-close"' not in officer
    inspector = html_of(page(cast.inspector).get(f"/findings/{finding.pk}/"))
    assert 'id="transition-acknowledge"' not in inspector
    # The inspector may only refer an open finding to the competent authority (with whom and why).
    assert 'id="transition-refer"' in inspector and 'id="refer-authority"' in inspector
    assert 'id="refer-reason"' in inspector
    other_office = html_of(page(cast.officer2).get(f"/findings/{finding.pk}/"))
    assert 'id="finding-actions"' not in other_office

    submitted = make_finding(state="remediation_submitted")
    inspector = html_of(page(cast.inspector).get(f"/findings/{submitted.pk}/"))
    assert 'id="transition-close"' in inspector and 'id="transition-reopen"' in inspector
    assert 'id="reopen-reason"' in inspector and 'id="close-comment"' in inspector


def test_another_agency_gets_404(page, cast, make_finding):
    finding = make_finding()
    outsider = page(cast.outsider_officer)
    assert outsider.get(f"/findings/{finding.pk}/").status_code == 404
    assert outsider.post(f"/findings/{finding.pk}/transitions/acknowledge/").status_code == 404
    assert outsider.post(f"/findings/{finding.pk}/comments/", {"body": "x"}).status_code == 404
    assert outsider.post(f"/findings/{finding.pk}/evidence/", {"kind": "link", "url": "https://a.vn"}).status_code == 404
    finding.refresh_from_db()
    assert finding.state == "open" and not Comment.objects.exists() and not Evidence.objects.exists()


def test_the_whole_journey_through_the_pages(page, cast, make_finding):
    """Acknowledge, submit with evidence, reopen with a reason, submit again, close: each a
    history row and an event written by the workflow."""
    finding = make_finding(state="open")
    officer, inspector = page(cast.officer), page(cast.inspector)
    url = f"/findings/{finding.pk}/"

    response = officer.post(f"{url}transitions/acknowledge/")
    assert response.status_code == 302 and response["Location"] == url
    assert "Đã tiếp nhận tồn tại" in html_of(officer.get(url))

    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 khac phuc", content_type="application/pdf")
    assert officer.post(f"{url}evidence/", {"kind": "file", "file": upload, "note": "Biên bản"}).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.finding, evidence.uploaded_by, evidence.name) == (finding, cast.officer, "bien-ban.pdf")
    html = html_of(officer.get(url))
    assert f'href="/api/v1/evidence/{evidence.pk}/file/"' in part(html, "evidence")
    download = officer.get(f"/api/v1/evidence/{evidence.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 khac phuc"

    assert officer.post(f"{url}transitions/submit_remediation/", {"note": "Đã niêm yết"}).status_code == 302
    reopened = inspector.post(f"{url}transitions/reopen/", {"reason": "Thiếu ảnh chụp bảng niêm yết"})
    assert reopened.status_code == 302
    assert officer.post(f"{url}transitions/submit_remediation/", {"note": ""}).status_code == 302  # evidence suffices
    assert inspector.post(f"{url}transitions/close/", {"comment": "Đạt yêu cầu"}).status_code == 302

    finding.refresh_from_db()
    assert finding.state == "closed" and finding.remediation_note == "Đã niêm yết"
    assert [(h.transition, h.actor.username) for h in history_of(finding)] == [
        ("acknowledge", "officer"), ("submit_remediation", "officer"), ("reopen", "inspector"),
        ("submit_remediation", "officer"), ("close", "inspector")]
    assert [e.type for e in events_of(finding)] == [
        "finding.acknowledged", "finding.remediation_submitted", "finding.reopened",
        "finding.remediation_submitted", "finding.closed"]
    history = part(html_of(officer.get(url)), "history")
    assert "Thiếu ảnh chụp bảng niêm yết" in history and "Đạt yêu cầu" in history and "Đã niêm yết" in history
    assert history.index('data-transition="acknowledge"') < history.index('data-transition="reopen"')
    assert "Tiếp nhận" in history and "Yêu cầu khắc phục lại" in history
    # Closed: no more actions, no more evidence.
    html = html_of(officer.get(url))
    assert 'id="finding-actions"' not in html and 'id="evidence-file-form"' not in html


def test_reopen_without_a_reason_shows_the_error_beside_the_field(page, cast, make_finding):
    finding = make_finding(state="remediation_submitted")
    response = page(cast.inspector).post(f"/findings/{finding.pk}/transitions/reopen/", {"reason": "  "})
    assert response.status_code == 400
    html = html_of(response)
    assert 'id="reopen-reason-errors"' in html and 'id="finding-refusal"' in html
    finding.refresh_from_db()
    assert finding.state == "remediation_submitted" and not history_of(finding) and not events_of(finding)


def test_submit_without_note_or_evidence_is_refused_by_the_workflow(page, cast, make_finding):
    finding = make_finding(state="in_remediation")
    response = page(cast.officer).post(f"/findings/{finding.pk}/transitions/submit_remediation/", {"note": ""})
    assert response.status_code == 400
    html = html_of(response)
    refusal = part(html, "finding-refusal", "</div>")
    assert "đính kèm tài liệu kiểm chứng hoặc ghi chú" in refusal or "tài liệu kiểm chứng" in refusal
    assert 'id="submit_remediation-note-errors"' in html  # the workflow names the field: beside it
    finding.refresh_from_db()
    assert finding.state == "in_remediation" and not history_of(finding)


def test_refused_transition_shows_the_workflows_message_and_changes_nothing(page, cast, make_finding):
    finding = make_finding(state="open")
    # The inspector may not acknowledge (403), and a stale button (already acknowledged) is a 409.
    response = page(cast.inspector).post(f"/findings/{finding.pk}/transitions/acknowledge/")
    assert response.status_code == 403
    assert "không có quyền tiếp nhận" in part(html_of(response), "finding-refusal", "</div>")
    page(cast.officer).post(f"/findings/{finding.pk}/transitions/acknowledge/")
    response = page(cast.office_head).post(f"/findings/{finding.pk}/transitions/acknowledge/")
    assert response.status_code == 409
    assert "tiếp nhận" in part(html_of(response), "finding-refusal", "</div>")
    finding.refresh_from_db()
    assert finding.state == "in_remediation" and len(history_of(finding)) == 1 and len(events_of(finding)) == 1


def test_refusal_by_role_comes_before_the_body(page, cast, make_finding):
    finding = make_finding(state="remediation_submitted")
    response = page(cast.officer).post(f"/findings/{finding.pk}/transitions/reopen/", {"reason": ""})
    assert response.status_code == 403  # not "the reason is required"
    assert 'id="reopen-reason-errors"' not in html_of(response)


def test_links_and_comments(page, cast, make_finding):
    finding = make_finding(state="in_remediation")
    officer = page(cast.officer)
    url = f"/findings/{finding.pk}/"
    assert officer.post(f"{url}evidence/", {"kind": "link", "url": "https://congkhai.vn/tthc"}).status_code == 302
    assert officer.post(f"{url}comments/", {"body": "Đã gửi đường dẫn"}).status_code == 302
    html = html_of(page(cast.inspector).get(url))
    assert 'href="https://congkhai.vn/tthc"' in part(html, "evidence")
    comments = part(html, "comments")
    assert "Đã gửi đường dẫn" in comments and str(cast.officer) in comments
    comment = Comment.objects.get()
    assert (comment.finding, comment.author) == (finding, cast.officer)


def test_evidence_and_comment_validation_in_place(page, cast, make_finding):
    finding = make_finding(state="in_remediation")
    officer = page(cast.officer)
    url = f"/findings/{finding.pk}/"
    response = officer.post(f"{url}evidence/", {"kind": "link", "url": "ftp://x"})
    assert response.status_code == 400 and 'id="evidence-link-url-errors"' in html_of(response)
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = officer.post(f"{url}evidence/", {"kind": "file", "file": bad})
    assert response.status_code == 400
    html = html_of(response)
    assert 'id="evidence-refusal"' in html and ".exe" in part(html, "evidence-file-file-errors", "</ul>")
    response = officer.post(f"{url}comments/", {"body": ""})
    assert response.status_code == 400 and 'id="comment-body-errors"' in html_of(response)
    assert not Evidence.objects.exists() and not Comment.objects.exists()


def test_evidence_refused_to_someone_who_may_not_attach(page, cast, make_finding):
    finding = make_finding(state="in_remediation")
    client = page(cast.officer2)  # another office
    assert 'id="evidence-file-form"' not in html_of(client.get(f"/findings/{finding.pk}/"))
    response = client.post(f"/findings/{finding.pk}/evidence/", {"kind": "link", "url": "https://a.vn"})
    assert response.status_code == 403 and 'id="evidence-refusal"' in html_of(response)
    closed = make_finding(state="closed")
    response = page(cast.officer).post(f"/findings/{closed.pk}/evidence/", {"kind": "link", "url": "https://a.vn"})
    assert response.status_code == 409
    assert not Evidence.objects.exists()


def test_live_parts_come_alone(page, cast, make_finding):
    finding = make_finding()
    client = page(cast.officer)
    for name, marker in (("summary", "finding-summary"), ("evidence", "evidence"), ("history", "history"),
                         ("comments", "comments")):
        html = html_of(client.get(f"/findings/{finding.pk}/?part={name}", HTTP_HX_REQUEST="true"))
        assert html.lstrip().startswith("<section") and f'id="{marker}"' in html and "<html" not in html


def _finding_with_things(cast, make_finding, count):
    finding = make_finding(state="in_remediation")
    Evidence.objects.bulk_create([Evidence(finding=finding, kind="link", url=f"https://a.vn/{i}", name=f"a{i}",
                                           uploaded_by=cast.officer) for i in range(count)])
    Comment.objects.bulk_create([Comment(finding=finding, author=cast.officer, body=f"ý kiến {i}")
                                 for i in range(count)])
    return finding


def test_queries_do_not_grow_with_evidence_and_comments(page, cast, make_finding):
    client = page(cast.officer)
    counts = []
    for count in (5, 50):
        finding = _finding_with_things(cast, make_finding, count)
        client.get(f"/findings/{finding.pk}/")
        with CaptureQueriesContext(connection) as queries:
            html = html_of(client.get(f"/findings/{finding.pk}/"))
        assert html.count('class="list-group-item evidence-item"') == count
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 20, counts



def test_head_extends_the_due_date_through_the_workflow(page, cast, make_finding):
    old_due = cast.today + datetime.timedelta(days=10)
    finding = make_finding(state="in_remediation", due_date=old_due)
    head = page(cast.head)
    html = html_of(head.get(f"/findings/{finding.pk}/"))
    assert 'id="transition-extend"' in html and "Gia hạn khắc phục" in html and 'id="extend-due_date"' in html
    assert 'id="transition-extend"' not in html_of(page(cast.officer).get(f"/findings/{finding.pk}/"))
    # Not later than the current date: the workflow's check, beside the field; nothing changed.
    response = head.post(f"/findings/{finding.pk}/transitions/extend/",
                         {"due_date": old_due.isoformat(), "reason": "Chờ kinh phí"})
    assert response.status_code == 400 and 'id="extend-due_date-errors"' in html_of(response)
    finding.refresh_from_db()
    assert finding.due_date == old_due and not history_of(finding)
    new_due = old_due + datetime.timedelta(days=30)
    response = head.post(f"/findings/{finding.pk}/transitions/extend/",
                         {"due_date": new_due.strftime("%d/%m/%Y"), "reason": "Chờ kinh phí"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.due_date == new_due and finding.state == "in_remediation"
    assert [(h.transition, h.reason) for h in history_of(finding)] == [("extend", "Chờ kinh phí")]
    assert [e.type for e in events_of(finding)] == ["finding.deadline_extended"]
    history = part(html_of(head.get(f"/findings/{finding.pk}/")), "history")
    assert f"{old_due:%d/%m/%Y} → {new_due:%d/%m/%Y}" in history and "Chờ kinh phí" in history
