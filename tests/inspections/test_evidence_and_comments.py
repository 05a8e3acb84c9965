"""Evidence and comments on findings, with the same rules and limits as on tasks."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.evidence.models import Evidence
from tests.factories.plans import TaskFactory


def _pdf(name="bien-ban-khac-phuc.pdf", size=2048):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


@pytest.mark.parametrize(("who", "status"), [
    ("officer", 201), ("office_head", 201), ("head", 201), ("inspector", 201),
    ("officer2", 403), ("office_head_b", 403), ("inspector2", 403), ("admin", 403),
    ("outsider_officer", 404),
])
def test_who_attaches_evidence_to_a_finding(cast, api, make_finding, who, status):
    finding = make_finding(state="in_remediation")
    r = api(getattr(cast, who)).post(f"/api/v1/findings/{finding.pk}/evidence/",
                                     {"url": "https://motcua.quangtri.gov.vn/niem-yet", "note": "Ảnh"})
    assert r.status_code == status, r.json()
    assert Evidence.objects.filter(finding=finding).count() == (1 if status == 201 else 0)


def test_a_file_is_stored_under_the_finding_and_listed(cast, api, make_finding):
    finding = make_finding(state="in_remediation")
    officer = api(cast.officer)
    r = officer.post(f"/api/v1/findings/{finding.pk}/evidence/", {"file": _pdf(), "note": "Biên bản"},
                     format="multipart")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["kind"] == "file" and body["name"] == "bien-ban-khac-phuc.pdf" and body["size"] > 2048
    assert body["url"].endswith(f"/api/v1/evidence/{body['id']}/file/")
    item = Evidence.objects.get(pk=body["id"])
    assert (item.subject_type, item.subject_id, item.task_id) == ("finding", finding.pk, None)
    assert f"evidence/finding/{finding.pk}/" in item.file.name
    download = api(cast.inspector).get(body["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == item.file.open("rb").read()
    listed = api(cast.inspector).get(f"/api/v1/findings/{finding.pk}/evidence/").json()
    assert [e["id"] for e in listed["results"]] == [body["id"]]


def test_file_limits_are_those_of_tasks(cast, api, make_finding, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    finding = make_finding(state="in_remediation")
    url = f"/api/v1/findings/{finding.pk}/evidence/"
    officer = api(cast.officer)
    assert officer.post(url, {"file": _pdf(size=5000)}, format="multipart").status_code == 400
    exe = SimpleUploadedFile("virus.exe", b"MZ" * 10)
    assert officer.post(url, {"file": exe}, format="multipart").status_code == 400
    assert officer.post(url, {"url": "ftp://x.vn/a"}).status_code == 400
    assert officer.post(url, {}).status_code == 400
    assert not Evidence.objects.exists()


def test_no_evidence_on_a_closed_finding(cast, api, make_finding):
    finding = make_finding(state="closed")
    r = api(cast.inspector).post(f"/api/v1/findings/{finding.pk}/evidence/", {"url": "https://a.vn/x"})
    assert r.status_code == 409 and r.json()["error"]["details"]["state"] == "closed"


def test_task_evidence_still_works_and_evidence_has_one_subject(cast, api, make_task, make_finding):
    from django.db import IntegrityError, transaction

    task = make_task(state="in_progress", assignee=cast.officer)
    r = api(cast.officer).post(f"/api/v1/tasks/{task.pk}/evidence/", {"url": "https://a.vn/t"})
    assert r.status_code == 201, r.json()
    item = Evidence.objects.get(pk=r.json()["id"])
    assert (item.subject_type, item.subject_id) == ("task", task.pk)
    finding = make_finding()
    for subjects in ({"task": None, "finding": None},
                     {"task": TaskFactory(plan=cast.plan, field=cast.field), "finding": finding}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.create(kind="link", url="https://a.vn", uploaded_by=cast.officer, **subjects)


def test_comments_on_findings(cast, api, make_finding):
    finding = make_finding()
    url = f"/api/v1/findings/{finding.pk}/comments/"
    r = api(cast.officer).post(url, {"body": "Phòng sẽ khắc phục trong tuần"})
    assert r.status_code == 201, r.json()
    assert api(cast.inspector).post(url, {"body": "Đề nghị gửi ảnh chụp"}).status_code == 201
    assert api(cast.outsider_head).post(url, {"body": "x"}).status_code == 404
    assert api(cast.officer).post(url, {"body": ""}).status_code == 400
    bodies = [c["body"] for c in api(cast.head).get(url).json()["results"]]
    assert bodies == ["Phòng sẽ khắc phục trong tuần", "Đề nghị gửi ảnh chụp"]
