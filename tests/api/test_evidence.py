"""Evidence on tasks: a link (JSON) or a file (multipart), who may add it, and what is refused."""
import io
import zipfile

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from backend.evidence.models import Evidence
from tests.factories.inspections import FindingFactory, InspectionFactory

from tests.cast import CAST, OUTSIDERS, for_each
from tests.refusals import Unchanged, assert_error, assert_validation_error

EVIDENCE_KEYS = {"id", "kind", "name", "url", "note", "size", "uploaded_by", "uploaded_at"}


def _url(task):
    return f"/api/v1/tasks/{task.pk}/evidence/"


def _upload(client, task, name="bao-cao.pdf", content=b"%PDF-1.4 bao cao", **extra):
    return client.post(_url(task), {"file": SimpleUploadedFile(name, content, content_type="application/pdf"),
                                    **extra}, format="multipart")


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_link_evidence(world, api, task_in):
    task = task_in("in_progress")
    r = api(world.officer).post(_url(task), {"url": "https://vanban.quangtri.gov.vn/qd-12", "note": "Quyết định 12"})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert EVIDENCE_KEYS <= set(body)
    assert (body["kind"], body["url"], body["note"], body["uploaded_by"], body["size"]) == (
        "link", "https://vanban.quangtri.gov.vn/qd-12", "Quyết định 12", world.officer.pk, None)
    listed = api(world.head).get(_url(task)).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]


def test_file_evidence(world, api, task_in, settings):
    task = task_in("in_progress")
    r = _upload(api(world.officer), task, name="Báo cáo quý III.PDF", note="bản ký số")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["kind"], body["size"], body["note"]) == ("file", len(b"%PDF-1.4 bao cao"), "bản ký số")
    assert body["name"].endswith(".pdf") and "/" not in body["name"]
    assert body["url"] == f"http://testserver/api/v1/evidence/{body['id']}/file/"
    assert _stored_files(settings) == [body["name"]]
    evidence = Evidence.objects.get(pk=body["id"])
    assert evidence.file.read() == b"%PDF-1.4 bao cao"


def test_a_path_in_the_file_name_is_dropped(world, api, task_in, settings):
    task = task_in("in_progress")
    r = _upload(api(world.officer), task, name="../../../etc/passwd.pdf")
    assert r.status_code == 201, r.json()
    assert r.json()["name"] == "passwd.pdf"
    assert all(p.resolve().is_relative_to(settings.MEDIA_ROOT.resolve()) for p in settings.MEDIA_ROOT.rglob("*"))


def _docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_file_name_with_no_usable_letters_still_uploads(world, api, task_in):
    task = task_in("in_progress")

    def check(name):
        content = _docx_bytes() if name.endswith(".docx") else b"%PDF-1.4 bao cao"
        r = _upload(api(world.officer), task, name=name, content=content)
        assert r.status_code == 201, r.content[:300]
        assert r.json()["name"].rsplit(".", 1)[1] in ("pdf", "docx")

    for_each(["###.pdf", "§§§.docx", "%00.pdf"], check)


def test_bad_link_bodies_are_400(world, api, task_in, settings):
    task = task_in("in_progress")

    def check(body):
        with Unchanged(task):
            assert_error(api(world.officer).post(_url(task), body), 400, "validation_error")

    for_each([
        {}, {"note": "chỉ có ghi chú"}, {"url": ""}, {"url": "khong-phai-url"}, {"url": "javascript:alert(1)"},
        {"url": "ftp://files.example.org/a.pdf"}, {"url": "https://" + "a" * 2100 + ".vn"},
        {"url": "https://vanban.gov.vn/1", "note": "x" * 5001}, {"url": 42}, {"file": "not a file"},
    ], check)
    assert _stored_files(settings) == []


def test_both_file_and_url_is_400(world, api, task_in, settings):
    task = task_in("in_progress")
    with Unchanged(task):
        r = _upload(api(world.officer), task, url="https://vanban.gov.vn/1")
        assert_validation_error(r, "file")
    assert _stored_files(settings) == []


def test_disallowed_file_types_are_400(world, api, task_in, settings):
    task = task_in("in_progress")

    def check(name):
        with Unchanged(task):
            assert_validation_error(_upload(api(world.officer), task, name=name), "file")

    for_each(["virus.exe", "script.js", "page.html", "no-extension", "archive.tar.gz", "bao-cao.pdf.exe",
              ".pdf", "   .pdf"], check)
    assert _stored_files(settings) == []


def test_too_big_is_400(world, api, task_in, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    task = task_in("in_progress")
    with Unchanged(task):
        assert_validation_error(_upload(api(world.officer), task, content=b"%PDF-" + b"x" * 996), "file")
    assert _stored_files(settings) == []
    assert _upload(api(world.officer), task, content=b"%PDF-" + b"x" * 995).status_code == 201


def test_empty_file_is_400(world, api, task_in, settings):
    task = task_in("in_progress")
    with Unchanged(task):
        assert_validation_error(_upload(api(world.officer), task, content=b""), "file")


def test_no_evidence_on_closed_tasks(world, api, task_in, settings):
    def check(state):
        task = task_in(state)
        with Unchanged(task):
            r = api(world.officer).post(_url(task), {"url": "https://vanban.gov.vn/1"})
            error = assert_error(r, 409, r.json()["error"]["code"])
            assert error["details"]["state"] == state
            assert_error(_upload(api(world.officer), task), 409, error["code"])

    for_each(["done", "cancelled"], check)
    assert _stored_files(settings) == []


# The doers and reviewers of the task, and members of its lead office, add evidence.
MAY_ADD = {"head", "office_head", "officer", "assignee"}


def test_who_may_add_evidence(api, cast, task_in, settings):
    task = task_in("in_progress")

    def check(role):
        client = api(cast[role])
        if role in MAY_ADD:
            assert client.post(_url(task), {"url": "https://vanban.gov.vn/1"}).status_code == 201
            return
        with Unchanged(task):
            for r in (client.post(_url(task), {"url": "https://vanban.gov.vn/1"}), _upload(client, task)):
                if role in OUTSIDERS:
                    assert_error(r, 404, "not_found")
                else:
                    assert_error(r, 403, "permission_denied")

    for_each(CAST, check)
    assert _stored_files(settings) == []
    assert Evidence.objects.filter(task=task).count() == len(MAY_ADD)


def test_evidence_list_is_visible_to_the_agency_only(world, api, task_in):
    task = task_in("in_progress")
    api(world.officer).post(_url(task), {"url": "https://vanban.gov.vn/1"})
    assert api(world.inspector).get(_url(task)).json()["count"] == 1
    assert_error(api(world.outsider_head).get(_url(task)), 404, "not_found")


def test_evidence_lets_the_task_be_submitted(world, api, task_in):
    task = task_in("in_progress")
    assert api(world.officer).transition("tasks", task.pk, "submit").status_code == 400
    _upload(api(world.officer), task)
    assert api(world.officer).transition("tasks", task.pk, "submit").json()["state"] == "submitted"


def test_a_file_is_downloaded_only_by_those_who_see_its_task(world, api, task_in):
    task = task_in("in_progress")
    body = _upload(api(world.officer), task, name="bao-cao.pdf").json()
    path = f"/api/v1/evidence/{body['id']}/file/"

    r = api(world.officer2).get(path)  # another office of the same agency may read it
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == b"%PDF-1.4 bao cao"
    assert 'attachment; filename="bao-cao.pdf"' in r["Content-Disposition"]

    assert_error(api(world.outsider_head).get(path), 404, "not_found")
    assert_error(api().get(path), 401, "not_authenticated")
    assert_error(api().get(f"/media/evidence/task/{task.pk}/bao-cao.pdf"), 404, "not_found")


def test_a_link_has_no_file_to_download(world, api, task_in):
    task = task_in("in_progress")
    body = api(world.officer).post(_url(task), {"url": "https://vanban.quangtri.gov.vn/1"}).json()
    assert_error(api(world.head).get(f"/api/v1/evidence/{body['id']}/file/"), 404, "not_found")


# --- the file and its row: both or neither ---------------------------------------------------

def test_a_failing_insert_leaves_no_file(world, api, task_in, settings, monkeypatch):
    # The insert really fails in the database: evidence on a task AND a finding breaks the
    # one-subject check constraint, on both engines.
    task = task_in("in_progress")
    finding = FindingFactory(inspection=InspectionFactory(agency=world.agency, offices=[world.office_a],
                                                          inspectors=[world.inspector]))
    real_save = Evidence.save

    def save_against_the_constraint(self, *args, **kwargs):
        self.finding_id = finding.pk
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Evidence, "save", save_against_the_constraint)
    try:
        _upload(api(world.officer), task)
    except IntegrityError:
        pass  # the test client re-raises what the view raised
    assert not Evidence.objects.exists()
    assert _stored_files(settings) == []


def test_a_failing_file_write_leaves_no_row(world, api, task_in, settings, monkeypatch):
    def disk_full(self, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    task = task_in("in_progress")
    monkeypatch.setattr(FileSystemStorage, "save", disk_full)
    try:
        _upload(api(world.officer), task)
    except OSError:
        pass
    assert not Evidence.objects.exists()
    assert _stored_files(settings) == []
