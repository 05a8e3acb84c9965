"""Pages that take a signed document: issuing the plan, sending a report, dropping a task of
an issued plan, reporting an inspection; the task form's source fields; the documents page."""
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.documents.models import Document
from backend.plans.models import ReformPlan, Task
from workflows.models import Event, TransitionRecord

from tests.builders import build_task
from tests.factories.plans import ReformPlanFactory

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def _draft(world):
    return ReformPlanFactory(agency=world.agency, year=world.today.year + 1,
                             issue_deadline=datetime.date(world.today.year, 12, 31))


def _new_document(world, **kw):
    return {"number": "215/KH-SXD", "date": (world.today - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
            "issuer": "Sở Xây dựng tỉnh Quảng Trị", "summary": "Kế hoạch CCHC năm", **kw}


# --- issuing the plan -------------------------------------------------------------------

def test_the_issue_page_asks_for_the_signed_plan_document(world, page):
    plan = _draft(world)
    html = text(page(world.head).get(f"/plans/{plan.pk}/transitions/approve/"))
    assert "<h1 class=\"h2\">Ban hành kế hoạch</h1>" in html
    for name in ("document", "number", "date", "issuer", "summary", "url", "file"):
        assert f'name="{name}"' in html
    assert "Số, ký hiệu" in html and "Cơ quan ban hành" in html and 'enctype="multipart/form-data"' in html
    assert "31/12/" in html  # the province's deadline, said before the choice


def test_issue_with_a_new_document_and_its_scan(world, page):
    plan = _draft(world)
    scan = SimpleUploadedFile("kh-215.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = page(world.head).post(f"/plans/{plan.pk}/transitions/approve/", {**_new_document(world), "file": scan})
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    plan.refresh_from_db()
    document = plan.issue_document
    assert (plan.state, document.number, document.kind, document.file_name) == (
        "approved", "215/KH-SXD", "plan", "kh-215.pdf")
    assert plan.issued_on == world.today - datetime.timedelta(days=1)
    assert Event.objects.get(type="plan.approved").payload["document"] == document.pk
    board = text(page(world.head).get(f"/plans/{plan.pk}/"))
    assert "theo Kế hoạch số 215/KH-SXD" in board


def test_issue_with_a_document_already_recorded(world, page, make_document):
    plan = _draft(world)
    signed = make_document(kind="plan", number="300/KH-SXD")
    response = page(world.head).post(f"/plans/{plan.pk}/transitions/approve/", {"document": signed.pk})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.issue_document_id) == ("approved", signed.pk)
    assert Document.objects.count() == 1


def test_missing_or_future_document_shows_the_error_summary_and_changes_nothing(world, page):
    plan = _draft(world)
    head = page(world.head)
    response = head.post(f"/plans/{plan.pk}/transitions/approve/", {"number": "215/KH-SXD"})
    html = text(response)
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    assert re.search(r'id="id_date-errors"><li>[^<]+</li>', html)
    tomorrow = (world.today + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = head.post(f"/plans/{plan.pk}/transitions/approve/", _new_document(world, date=tomorrow))
    assert response.status_code == 400
    assert "ngày ban hành văn bản không thể sau ngày hôm nay" in text(response)
    plan.refresh_from_db()
    assert plan.state == "draft" and not Document.objects.exists() and not Event.objects.exists()


def test_who_may_not_issue_sees_no_form(world, page):
    plan = _draft(world)
    response = page(world.officer).get(f"/plans/{plan.pk}/transitions/approve/", follow=True)
    assert response.redirect_chain and 'name="number"' not in text(response)
    response = page(world.officer).post(f"/plans/{plan.pk}/transitions/approve/", _new_document(world))
    assert ReformPlan.objects.get(pk=plan.pk).state == "draft" and not Document.objects.exists()


# --- sending a report, dropping a task ------------------------------------------------------

def test_a_report_is_sent_with_its_outgoing_document(world, page):
    report = build_task(world, "in_progress", assignee=world.officer, kind="report", code="BC-Q1")
    officer = page(world.officer)
    html = text(officer.get(f"/tasks/{report.pk}/transitions/submit/"))
    assert 'name="number"' in html and 'hx-encoding="multipart/form-data"' in html
    response = officer.post(f"/tasks/{report.pk}/transitions/submit/", {"result_note": ""})
    assert response.status_code == 400 and Task.objects.get(pk=report.pk).state == "in_progress"
    response = officer.post(f"/tasks/{report.pk}/transitions/submit/",
                            _new_document(world, number="45/BC-SXD", summary="Báo cáo CCHC quý I"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.sent_document.number, report.sent_document.kind) == ("submitted", "45/BC-SXD", "report")
    assert "45/BC-SXD" in text(officer.get(f"/tasks/{report.pk}/"))


def test_an_ordinary_task_is_submitted_without_a_document(world, page):
    task = build_task(world, "in_progress", assignee=world.officer)
    html = text(page(world.officer).get(f"/tasks/{task.pk}/transitions/submit/"))
    assert 'name="result_note"' in html and 'name="number"' not in html


def test_cancelling_a_task_of_the_issued_plan_takes_the_amendment(world, page, make_document):
    task = build_task(world, "assigned", assignee=world.officer)
    head = page(world.head)
    response = head.post(f"/tasks/{task.pk}/transitions/cancel/", {"reason": "Trùng lặp"})
    assert response.status_code == 400 and Task.objects.get(pk=task.pk).state == "assigned"
    amendment = make_document(kind="amendment", number="20/KH-SXD")
    response = head.post(f"/tasks/{task.pk}/transitions/cancel/", {"reason": "Trùng lặp", "document": amendment.pk})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.state, task.cancel_document_id) == ("cancelled", amendment.pk)
    assert TransitionRecord.objects.get(subject_type="task", subject_id=task.pk).data["document"] == amendment.pk


# --- the task form's source fields -------------------------------------------------------------

def test_the_task_form_records_a_task_a_superior_assigned(world, page, make_document):
    directive = make_document(kind="assignment", number="05/CT-UBND")
    head = page(world.head)
    html = text(head.get(f"/tasks/new/?plan={world.plan.pk}"))
    assert 'name="source"' in html and "Chủ tịch UBND tỉnh" in html and "05/CT-UBND" in html
    due = (world.today + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    response = head.post(f"/tasks/new/?plan={world.plan.pk}", {
        "code": "9.1", "title": "Thực hiện Chỉ thị 05", "field": world.field.pk, "lead_office": world.office_a.pk,
        "source": "chairman", "source_document": directive.pk, "superior_due_date": due})
    assert response.status_code == 302, text(response)[:3000]
    task = Task.objects.get(code="9.1")
    assert (task.source, task.source_document_id, task.due_date) == (
        "chairman", directive.pk, world.today + datetime.timedelta(days=30))
    assert "Chủ tịch UBND tỉnh: 05/CT-UBND" in text(head.get(f"/tasks/{task.pk}/"))


# --- the documents page ---------------------------------------------------------------

def test_the_documents_page_lists_the_agencys_and_records_one(world, page, make_document):
    make_document(number="215/KH-SXD")
    make_document(agency=world.other_agency, created_by=world.outsider_head, number="99/KH-STC")
    officer = page(world.officer)
    html = text(officer.get("/documents/"))
    assert "215/KH-SXD" in html and "99/KH-STC" not in html and ">Văn bản<" in html
    response = officer.post("/documents/", _new_document(world, number="46/BC-SXD", kind="report"))
    assert response.status_code == 302
    assert Document.objects.get(number="46/BC-SXD").kind == "report"
    response = officer.post("/documents/", {"kind": "report"})
    assert response.status_code == 400 and "error-summary" in text(response)


def test_the_documents_page_costs_the_same_for_5_and_50_documents(world, page, make_document):
    client = page(world.head)

    def queries(n):
        while Document.objects.count() < n:
            make_document(number=f"{Document.objects.count()}/KH-SXD")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/documents/").status_code == 200
        return len(captured)

    assert queries(5) == queries(50)


# --- the inspection's conclusion notice ------------------------------------------------------

def test_an_inspection_is_reported_with_its_conclusion_notice(world, page, make_inspection):
    inspection = make_inspection("in_progress")
    inspector = page(world.inspector)
    html = text(inspector.get(f"/inspections/{inspection.pk}/"))
    assert "Thông báo kết luận kiểm tra" in html and 'id="report-number"' in html
    response = inspector.post(f"/inspections/{inspection.pk}/transitions/report/",
                              _new_document(world, number="12/TB-SXD", summary="Thông báo kết luận"))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.state, inspection.conclusion_document.number) == ("reported", "12/TB-SXD")
    assert "12/TB-SXD" in text(inspector.get(f"/inspections/{inspection.pk}/"))
