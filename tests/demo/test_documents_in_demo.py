"""The demo runs on signed documents: the plan issued by its plan document, reports sent by
outgoing documents, tasks superiors assigned with their assigning documents, the
inspection concluded by its notice."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from backend.accounts.models import Agency
from backend.documents.models import Document
from backend.inspections.models import Inspection
from backend.plans.models import ReformPlan, Task
from workflows.models import Event


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())
    agency = Agency.objects.get(name="Sở Xây dựng tỉnh Quảng Trị")
    return agency, ReformPlan.objects.get(agency=agency, year=timezone.localdate().year)


def test_the_plan_is_issued_by_its_signed_plan_document(seeded):
    agency, plan = seeded
    document = plan.issue_document
    assert (document.kind, document.number, document.agency_id) == ("plan", "215/KH-SXD", agency.pk)
    assert plan.issued_on == document.date == timezone.localdate(plan.approved_at)
    assert plan.issued_on <= plan.issue_deadline and plan.issued_on_time is True
    approved = Event.objects.get(type="plan.approved", subject_id=plan.pk)
    assert approved.payload["document"] == document.pk


def test_past_reports_were_sent_by_outgoing_documents(seeded):
    _, plan = seeded
    sent = [t for t in plan.tasks.filter(kind=Task.Kind.REPORT).select_related("sent_document")
            if t.sent_document_id is not None]
    assert sent, "no report was sent"
    for report in sent:
        assert report.sent_document.kind == "report" and report.sent_on == report.sent_document.date
        assert report.sent_document.number.endswith("/BC-SXD")
    # The half-year report (once sent) went out late, by its document's date.
    assert all(t.sent_on > t.due_date for t in sent if t.code == "BC-H1")


def test_some_tasks_come_from_superiors_with_their_assigning_documents(seeded):
    _, plan = seeded
    superior = plan.tasks.exclude(source="own").select_related("source_document")
    assert {t.source for t in superior} == {"province", "chairman", "home_affairs"}
    for task in superior:
        assert task.source_document.kind == "assignment" and task.superior_due_date == task.due_date
    assert plan.tasks.filter(kind="task", source="own").count() > superior.count()


def test_cancelled_tasks_carry_the_amendment_and_the_inspection_its_conclusion(seeded):
    _, plan = seeded
    for task in plan.tasks.filter(state="cancelled"):
        assert task.cancel_document.kind == "amendment"
    inspection = Inspection.objects.exclude(state__in=["planned", "in_progress"]).get()
    assert inspection.conclusion_document.kind == "conclusion"
    assert inspection.concluded_on == inspection.conclusion_document.date
    assert Document.objects.filter(date__gt=timezone.localdate()).count() == 0
