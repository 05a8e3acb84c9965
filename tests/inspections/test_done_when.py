"""Issue 4's done-when path, through the HTTP API and the live notification socket.

A new inspector plans an inspection of two offices, starts it, raises two findings;
the officer sees them arrive live, acknowledges, submits remediation with a file; the
inspector reopens one with a reason and closes the other; the inspection cannot be
closed until the reopened finding is closed too.
"""
import datetime
import os
import uuid

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from tests.api_client import Api

pytestmark = pytest.mark.django_db(transaction=True)


async def _socket(user):
    from backend.asgi import application  # noqa: PLC0415

    token = await sync_to_async(lambda: AuthToken.objects.create(user=user)[1])()
    comm = WebsocketCommunicator(application, f"/ws/notifications/?token={token}",
                                 headers=[(b"origin", b"http://testserver")])
    connected, _ = await comm.connect(timeout=3)
    assert connected
    return comm


async def _frames(comm, count):
    frames = [await comm.receive_json_from(timeout=3) for _ in range(count)]
    return [f for f in frames if f.get("type") == "notification"]


def _login(username):
    r = APIClient().post("/api/v1/auth/token/", {"username": username, "password": "demo-password"},
                         format="json")
    assert r.status_code == 200, r.json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
    return client


@pytest.mark.parametrize("layer", ["memory", "redis"])
def test_inspection_from_planning_to_verified_closure(cast, settings, layer):
    if layer == "memory":
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    elif not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL (channels-redis)")
    else:
        settings.CHANNEL_LAYERS = {"default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": f"h4-{uuid.uuid4().hex[:8]}"},
        }}
    async_to_sync(_path)(cast)


async def _path(cast):
    new_inspector = await sync_to_async(UserFactory)(username="thanh.tra.moi", role=Role.INSPECTOR,
                                                     agency=cast.agency, office=None)
    inspector = await sync_to_async(_login)("thanh.tra.moi")
    officer = await sync_to_async(Api)(cast.officer)
    officer_socket = await _socket(cast.officer)
    call = sync_to_async

    def post(client, path, data, **kw):
        kw.setdefault("format", "json")
        return client.post(path, data, **kw)

    today = cast.today
    r = await call(post)(inspector, "/api/v1/inspections/", {
        "title": f"Kiểm tra công tác CCHC năm {today.year}",
        "offices": [cast.office_a.pk, cast.office_b.pk],
        "start_date": today.isoformat(), "end_date": (today + datetime.timedelta(days=7)).isoformat(),
    })
    assert r.status_code == 201, r.json()
    inspection = r.json()
    assert inspection["inspectors"] == [new_inspector.pk] and inspection["state"] == "planned"
    iid = inspection["id"]
    r = await call(post)(inspector, f"/api/v1/inspections/{iid}/transitions/start/", {})
    assert r.status_code == 200 and r.json()["state"] == "in_progress"

    findings = []
    for text in ("Chưa niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
                 "Chưa ban hành quy chế làm việc cập nhật theo quy định mới"):
        r = await call(post)(inspector, "/api/v1/findings/", {
            "inspection": iid, "office": cast.office_a.pk, "description": text, "severity": "medium",
            "due_date": (today + datetime.timedelta(days=30)).isoformat(),
        })
        assert r.status_code == 201, r.json()
        findings.append(r.json()["id"])
    first, second = findings

    # The officer of the responsible office sees both findings arrive live.
    frames = await _frames(officer_socket, 2)
    assert [(f["event_type"], f["subject_type"], f["subject_id"]) for f in frames] == [
        ("finding.raised", "finding", first), ("finding.raised", "finding", second)]
    assert frames[-1]["unread_count"] == 2

    inspector_socket = await _socket(new_inspector)
    for fid in findings:
        r = await call(officer.transition)("findings", fid, "acknowledge")
        assert r.status_code == 200 and r.json()["state"] == "in_remediation", r.json()
        upload = SimpleUploadedFile("anh-niem-yet.pdf", b"%PDF-1.4 bien ban khac phuc", "application/pdf")
        r = await call(officer.post)(f"/api/v1/findings/{fid}/evidence/", {"file": upload, "note": "Ảnh chụp"},
                                     format="multipart")
        assert r.status_code == 201 and r.json()["kind"] == "file", r.json()
        r = await call(officer.transition)("findings", fid, "submit_remediation", {"note": "Đã khắc phục"})
        assert r.status_code == 200 and r.json()["state"] == "remediation_submitted", r.json()
    frames = await _frames(inspector_socket, 2)
    assert {f["event_type"] for f in frames} == {"finding.remediation_submitted"}

    r = await call(post)(inspector, f"/api/v1/findings/{first}/transitions/reopen/",
                         {"reason": "Bảng niêm yết chưa có thủ tục mới"})
    assert r.status_code == 200 and r.json()["state"] == "in_remediation", r.json()
    r = await call(post)(inspector, f"/api/v1/findings/{second}/transitions/close/", {"comment": "Đạt"})
    assert r.status_code == 200 and r.json()["state"] == "closed", r.json()
    frames = await _frames(officer_socket, 2)
    assert [(f["event_type"], f["subject_id"]) for f in frames] == [
        ("finding.reopened", first), ("finding.closed", second)]

    r = await call(post)(inspector, f"/api/v1/inspections/{iid}/transitions/report/", {})
    assert r.status_code == 200
    r = await call(post)(inspector, f"/api/v1/inspections/{iid}/transitions/close/", {})
    assert r.status_code == 409, r.json()
    assert r.json()["error"]["code"] == "invalid_transition"
    assert r.json()["error"]["details"]["open_findings"] == [first]
    assert f"#{first}" in r.json()["error"]["message"]

    r = await call(officer.transition)("findings", first, "submit_remediation",
                                       {"note": "Đã bổ sung thủ tục mới"})
    assert r.status_code == 200, r.json()
    r = await call(post)(inspector, f"/api/v1/findings/{first}/transitions/close/", {})
    assert r.status_code == 200 and r.json()["state"] == "closed"
    r = await call(post)(inspector, f"/api/v1/inspections/{iid}/transitions/close/", {})
    assert r.status_code == 200 and r.json()["state"] == "closed", r.json()
    assert r.json()["open_findings"] == [] and r.json()["available_transitions"] == []

    await officer_socket.disconnect()
    await inspector_socket.disconnect()
