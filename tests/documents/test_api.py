"""``/api/v1/documents/``: the agency's register of signed documents (API.md, Documents)."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from backend.documents.models import Document

from tests.refusals import assert_error, assert_validation_error

URL = "/api/v1/documents/"
KEYS = {"id", "agency", "number", "date", "issuer", "summary", "kind", "url", "file_url"}


def _body(world, **kw):
    return {"number": "215/KH-SXD", "date": str(world.today - datetime.timedelta(days=3)),
            "issuer": "Sở Xây dựng tỉnh Quảng Trị", "summary": "Kế hoạch CCHC năm", **kw}


def test_record_a_document_by_json(world, api):
    r = api(world.head).post(URL, _body(world, kind="plan", url="https://vanban.quangtri.gov.vn/215"))
    assert r.status_code == 201, r.json()
    body = r.json()
    assert set(body) == KEYS
    assert (body["agency"], body["number"], body["kind"], body["file_url"]) == (
        world.agency.pk, "215/KH-SXD", "plan", None)
    assert body["date"] == str(world.today - datetime.timedelta(days=3))
    assert api(world.head).get(f"{URL}{body['id']}/").json() == body


def test_kind_defaults_to_other_and_any_member_records(world, api):
    for user in (world.officer, world.office_head, world.inspector):
        r = api(user).post(URL, _body(world))
        assert r.status_code == 201, r.json()
        assert r.json()["kind"] == "other" and r.json()["agency"] == world.agency.pk


def test_record_with_the_scan_and_download_it(world, api):
    scan = SimpleUploadedFile("Kế hoạch 215.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    r = api(world.officer).post(URL, {**_body(world), "file": scan}, format="multipart")
    assert r.status_code == 201, r.json()
    file_url = r.json()["file_url"]
    assert file_url.endswith(f"/api/v1/documents/{r.json()['id']}/file/")
    download = api(world.head).client.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    assert_error(api(world.outsider_head).client.get(file_url), 404, "not_found")


def test_the_evidence_upload_rules_apply_to_scans(world, api):
    bad = SimpleUploadedFile("script.exe", b"MZ", content_type="application/octet-stream")
    assert_validation_error(api(world.head).post(URL, {**_body(world), "file": bad}, format="multipart"), "file")
    empty = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    assert_validation_error(api(world.head).post(URL, {**_body(world), "file": empty}, format="multipart"), "file")
    assert not Document.objects.exists()


def test_refused_bodies(world, api):
    head = api(world.head)
    tomorrow = str(world.today + datetime.timedelta(days=1))
    assert_validation_error(head.post(URL, _body(world, date=tomorrow)), "date")
    assert_validation_error(head.post(URL, {"number": "", "date": "31/12/2026"}), "number", "date", "issuer", "summary")
    assert_validation_error(head.post(URL, _body(world, kind="decree")), "kind")
    assert_validation_error(head.post(URL, _body(world, url="javascript:alert(1)")), "url")
    assert_validation_error(head.post(URL, _body(world, issuer="   ")), "issuer")
    assert not Document.objects.exists()


def test_each_agency_sees_its_own_register(world, api, make_document):
    mine = make_document()
    theirs = make_document(agency=world.other_agency, created_by=world.outsider_head)
    listed = api(world.officer).get(URL).json()
    assert [d["id"] for d in listed["results"]] == [mine.pk] and listed["count"] == 1
    assert_error(api(world.officer).get(f"{URL}{theirs.pk}/"), 404, "not_found")
    assert_error(api().get(URL), 401, "not_authenticated")


def test_filters(world, api, make_document):
    plan_doc = make_document(kind="plan", number="215/KH-SXD")
    make_document(kind="report", number="40/BC-SXD")
    head = api(world.head)
    assert [d["id"] for d in head.get(URL, {"kind": "plan"}).json()["results"]] == [plan_doc.pk]
    assert [d["id"] for d in head.get(URL, {"search": "KH-SXD"}).json()["results"]] == [plan_doc.pk]
    assert_validation_error(head.get(URL, {"kind": "decree"}), "kind")


def test_evidence_may_point_at_a_document(world, api, task_in, assignee, make_document):
    task = task_in("in_progress")
    signed = make_document(kind="report", number="45/BC-SXD", summary="Báo cáo kết quả", url="")
    doer = api(assignee)
    r = doer.post(f"/api/v1/tasks/{task.pk}/evidence/", {"document": signed.pk, "note": "Bản ký số"})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["kind"], body["document"], body["name"]) == ("document", signed.pk, "45/BC-SXD: Báo cáo kết quả")
    assert body["url"].endswith(f"/api/v1/documents/{signed.pk}/")
    theirs = make_document(agency=world.other_agency, created_by=world.outsider_head)
    assert_validation_error(doer.post(f"/api/v1/tasks/{task.pk}/evidence/", {"document": theirs.pk}), "document")
    assert_validation_error(doer.post(f"/api/v1/tasks/{task.pk}/evidence/",
                                      {"document": signed.pk, "url": "https://a.vn/x"}), "file")
    assert task.evidence.count() == 1
