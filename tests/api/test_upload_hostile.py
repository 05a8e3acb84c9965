"""Hostile uploads: a disguised type, the uploader's content type, path traversal, a zip
bomb, and bodies over the cap (refused before they are read, through the real ASGI app)."""
import io
import json
import zipfile

import pytest
from asgiref.sync import async_to_sync
from channels.testing import ApplicationCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile
from knox.models import AuthToken

from backend.evidence.models import Evidence
from tests.refusals import Unchanged, assert_error, assert_validation_error

PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def _url(task):
    return f"/api/v1/tasks/{task.pk}/evidence/"


def _upload(client, task, name, content, content_type="application/pdf"):
    return client.post(_url(task), {"file": SimpleUploadedFile(name, content, content_type=content_type)},
                       format="multipart")


def _stored(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("name, content", [
    ("bao-cao.pdf", PE),                       # a Windows executable named .pdf
    ("anh.png", b"%PDF-1.4 not an image"),     # a PDF named .png
    ("bang.docx", b"%PDF-1.4"),                # a PDF named .docx
    ("so-lieu.csv", PE),                       # binary named .csv
    ("ghi-chu.txt", b"\x00\x01\x02binary"),
    ("van-ban.doc", b"%PDF-1.4"),              # not an OLE file
    ("goi.zip", PE),
])
def test_content_that_is_not_what_the_name_says_is_refused(world, api, task_in, settings, name, content):
    task = task_in("in_progress")
    with Unchanged(task):
        error = assert_validation_error(_upload(api(world.officer), task, name, content), "file")
    assert "content" in error["details"]["file"][0]
    assert _stored(settings) == [] and not Evidence.objects.exists()


def test_the_download_carries_the_type_we_derived_not_the_uploaders(world, api, task_in):
    task = task_in("in_progress")
    client = api(world.officer)
    png = _upload(client, task, "anh.png", PNG, content_type="text/html").json()
    assert png["content_type"] == "image/png"
    r = client.get(f"/api/v1/evidence/{png['id']}/file/")
    assert r["Content-Type"] == "image/png" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("inline")  # an image is safe to show

    text = _upload(client, task, "ghi-chu.txt", b"<script>alert(1)</script>", content_type="text/html").json()
    r = client.get(f"/api/v1/evidence/{text['id']}/file/")
    assert r["Content-Type"] == "text/plain; charset=utf-8" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("attachment")

    pdf = _upload(client, task, "bao-cao.pdf", b"%PDF-1.4 x", content_type="application/x-msdownload").json()
    r = client.get(f"/api/v1/evidence/{pdf['id']}/file/")
    assert r["Content-Type"] == "application/pdf" and r["Content-Disposition"].startswith("attachment")


def test_an_old_row_with_the_uploaders_type_is_served_with_ours(world, api, task_in):
    task = task_in("in_progress")
    body = _upload(api(world.officer), task, "bao-cao.pdf", b"%PDF-1.4 x").json()
    Evidence.objects.filter(pk=body["id"]).update(content_type="text/html")
    assert api(world.officer).get(f"/api/v1/evidence/{body['id']}/file/")["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\windows\\win.pdf", "/etc/passwd.pdf",
                                  "....//....//x.pdf", "a/../../../b.pdf"])
def test_path_traversal_in_the_name_stays_inside_the_evidence_folder(world, api, task_in, settings, name):
    task = task_in("in_progress")
    r = _upload(api(world.officer), task, name, b"%PDF-1.4 x")
    assert r.status_code == 201, r.content
    assert "/" not in r.json()["name"] and "\\" not in r.json()["name"] and ".." not in r.json()["name"]
    (stored,) = _stored(settings)
    root = (settings.MEDIA_ROOT / "evidence" / "task" / str(task.pk)).resolve()
    assert stored.resolve().parent == root


def test_a_zip_is_stored_as_it_came_never_unpacked(world, api, task_in, settings):
    # A small zip that would unpack to 50 MB of zeros.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\x00" * (50 * 1024 * 1024))
    bomb = buffer.getvalue()
    assert len(bomb) < 100 * 1024
    task = task_in("in_progress")
    r = _upload(api(world.officer), task, "ho-so.zip", bomb, content_type="application/zip")
    assert r.status_code == 201 and r.json()["size"] == len(bomb)
    (stored,) = _stored(settings)
    assert stored.read_bytes() == bomb  # the bytes we got, nothing else written anywhere


def test_a_file_past_the_cap_is_refused_while_it_streams(world, api, task_in, settings):
    # The upload handler stops keeping it (WSGI, or a body cap above the file cap).
    settings.EVIDENCE_MAX_BYTES = 64 * 1024
    settings.MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024
    task = task_in("in_progress")
    error = assert_validation_error(_upload(api(world.officer), task, "big.pdf", b"%PDF-" + b"x" * 200_000), "file")
    assert "larger than" in error["details"]["file"][0]
    assert _stored(settings) == []


# --- Through the real ASGI app (backend.asgi.application): the body cap ------------------

def _asgi_post(path, chunks, *, content_length=None, token=None, accept=b"application/json"):
    """POST ``chunks`` to the ASGI app; returns (status, headers, body, chunks the app read)."""
    from backend.asgi import application  # noqa: PLC0415

    headers = [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; boundary=XyZ"),
               (b"accept", accept)]
    if content_length is not None:
        headers.append((b"content-length", str(content_length).encode()))
    if token:
        headers.append((b"authorization", f"Token {token}".encode()))
    scope = {"type": "http", "http_version": "1.1", "method": "POST", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "scheme": "http", "headers": headers,
             "client": ("127.0.0.1", 5555), "server": ("testserver", 80)}

    async def go():
        comm = ApplicationCommunicator(application, scope)
        for i, chunk in enumerate(chunks):
            await comm.send_input({"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1})
        start = await comm.receive_output(timeout=10)
        body = await comm.receive_output(timeout=10)
        # What the app left unread stays in its queue.
        unread = comm.input_queue.qsize()
        await comm.wait(timeout=10)
        return start["status"], dict(start["headers"]), body["body"], len(chunks) - unread

    return async_to_sync(go)()


@pytest.mark.django_db(transaction=True)
def test_a_body_announced_over_the_cap_is_refused_before_it_is_read(world, task_in, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    task = task_in("in_progress")
    token = AuthToken.objects.create(user=world.officer)[1]
    chunks = [b"x" * 65536] * 32  # 2 MiB
    status, headers, body, read = _asgi_post(_url(task), chunks, content_length=2 * 1024 * 1024, token=token)
    assert status == 413 and read == 0
    error = json.loads(body)["error"]
    assert error["code"] == "request_too_large" and error["details"] == {"max_bytes": 1024 * 1024}
    assert not Evidence.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_chunked_body_is_cut_off_when_it_crosses_the_cap(world, task_in, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    task = task_in("in_progress")
    token = AuthToken.objects.create(user=world.officer)[1]
    chunks = [b"x" * 65536] * 64  # 4 MiB, no Content-Length
    status, headers, body, read = _asgi_post(_url(task), chunks, token=token)
    assert status == 413
    assert json.loads(body)["error"]["code"] == "request_too_large"
    assert read <= 1024 * 1024 // 65536 + 1  # stopped reading right after the cap
    assert not Evidence.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_page_gets_the_sites_413_page(world, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    status, headers, body, read = _asgi_post("/tasks/1/", [b"x" * 4096], content_length=4096,
                                             accept=b"text/html")
    assert status == 413 and headers[b"content-type"].startswith(b"text/html")
    assert "Tệp quá lớn" in body.decode()


@pytest.mark.django_db(transaction=True)
def test_a_body_within_the_cap_goes_through(world, task_in, settings):
    task = task_in("in_progress")
    token = AuthToken.objects.create(user=world.officer)[1]
    form = (b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n%PDF-1.4 ok\r\n--XyZ--\r\n")
    status, headers, body, read = _asgi_post(_url(task), [form[:40], form[40:]], content_length=len(form),
                                             token=token)
    assert status == 201, body
    assert Evidence.objects.get().size == len(b"%PDF-1.4 ok")


def test_a_non_file_body_over_the_data_cap_is_refused(world, api, settings):
    # DATA_UPLOAD_MAX_MEMORY_SIZE: JSON and form bodies are not files and stay small.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    # Good credentials plus padding: only the cap stands between them and a token.
    big = json.dumps({"username": "officer", "password": "demo-password", "pad": "x" * 100_000})
    r = api().client.post("/api/v1/auth/token/", big, content_type="application/json")
    assert_error(r, 413, "request_too_large")
    form = "username=officer&password=demo-password&pad=" + "x" * 100_000
    r = api().client.post("/api/v1/auth/token/", form, content_type="application/x-www-form-urlencoded")
    assert_error(r, 413, "request_too_large")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    assert api().client.post("/api/v1/auth/token/", big, content_type="application/json").status_code == 200
