import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from backend.evidence.models import Evidence
from backend.scoring.models import ManualAssessment
from tests.factories.documents import DocumentFactory
from tests.factories.inspections import FindingFactory, InspectionFactory


@pytest.fixture(autouse=True)
def _build_inline(settings):
    # Built right after the request's commit, in the test's thread (the thread and the
    # task-queue runners have tests of their own).
    settings.DOSSIER_BUILD = "inline"


def _file(owner, field, name, data):
    getattr(owner, field).save(name, ContentFile(data), save=True)
    return owner


@pytest.fixture
def evidenced(world, template, plan_year):
    """The year of ``plan_year`` with evidence behind its points: files, a link, signed
    documents with their scans, an inspection's conclusion, a hand-scored component."""
    done, overdue, _later = plan_year
    today = world.today
    report_file = _file(Evidence(task=done, kind="file", name="Báo cáo kết quả.pdf", note="bản ký số",
                                 uploaded_by=world.officer, size=14, content_type="application/pdf"),
                        "file", "bao-cao.pdf", b"%PDF-1.4 done!")
    link = Evidence.objects.create(task=done, kind="link", url="https://sxd.quangtri.gov.vn/tin/cchc-2026",
                                   name="Tin bài trên Cổng thông tin", uploaded_by=world.officer)
    scan = _file(DocumentFactory(agency=world.agency, number="15/QĐ-SXD", summary="Quyết định kiện toàn",
                                 created_by=world.head, file_name="qd15.pdf"), "file", "qd15.pdf", b"%PDF-1.4 qd15")
    by_document = Evidence.objects.create(task=done, kind="document", document=scan, url=scan.url,
                                          name="15/QĐ-SXD", uploaded_by=world.head)
    # Evidence of a task that counts against (overdue): not copied, listed as not counted.
    _file(Evidence(task=overdue, kind="file", name="Dự thảo.docx", uploaded_by=world.officer, size=4),
          "file", "du-thao.docx", b"PK\x03\x04")
    plan_doc = _file(DocumentFactory(agency=world.agency, number="01/KH-SXD", created_by=world.head,
                                     date=datetime.date(today.year - 1, 12, 20), file_name="kh01.pdf"),
                     "file", "kh01.pdf", b"%PDF-1.4 plan")
    world.plan.issue_document, world.plan.issued_on = plan_doc, plan_doc.date
    world.plan.save(update_fields=["issue_document", "issued_on"])
    conclusion = _file(DocumentFactory(agency=world.agency, number="07/TB-SXD", kind="conclusion",
                                       created_by=world.head, file_name="tb07.pdf"), "file", "tb07.pdf",
                       b"%PDF-1.4 conclusion")
    inspection = InspectionFactory(agency=world.agency, offices=[world.office_a], inspectors=[world.inspector],
                                   state="reported", start_date=datetime.date(today.year, 1, 5),
                                   end_date=datetime.date(today.year, 1, 9), conclusion_document=conclusion)
    finding = FindingFactory(inspection=inspection, office=world.office_a, state="closed",
                             due_date=datetime.date(today.year, 1, 31))
    remedy = _file(Evidence(finding=finding, kind="file", name="Ảnh niêm yết.png", uploaded_by=world.officer,
                            size=8), "file", "niem-yet.png", b"\x89PNG\r\n\x1a\n")
    assessment = ManualAssessment.objects.create(
        agency=world.agency, year=world.plan.year, criterion=template.c["1.7"], points=0.5,
        explanation="Đăng 12 tin bài", evidence_url="https://sxd.quangtri.gov.vn/chuyen-muc/cchc",
        assessed_by=world.head, assessed_at=timezone.now())
    return SimpleNamespace(done=done, overdue=overdue, report_file=report_file, link=link, scan=scan,
                           by_document=by_document, plan_doc=plan_doc, conclusion=conclusion,
                           inspection=inspection, finding=finding, remedy=remedy, assessment=assessment)
