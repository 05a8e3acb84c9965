"""The evidence dossier: asked for through the API, built, downloaded and unzipped; its
index checked against the evidence behind the score."""
import datetime
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from backend.dossiers.models import Dossier
from notifications.models import Notification
from tests.factories.dossiers import DossierFactory
from tests.events import assert_events, capture_events, history_of

pytestmark = pytest.mark.django_db


def ask(api, user, django_capture_on_commit_callbacks, **body):
    with django_capture_on_commit_callbacks(execute=True):
        return api(user, language="vi").post("/api/v1/dossiers/", body)


def unzip(api, user, dossier_id):
    r = api(user).get(f"/api/v1/dossiers/{dossier_id}/download/")
    assert r.status_code == 200, r.content[:300]
    assert r["Content-Type"] == "application/zip" and "attachment" in r["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))


def _target(value):
    """What a link cell opens: ``=HYPERLINK("1.2/…pdf","1.2/…pdf")`` → ``1.2/…pdf``."""
    match = re.fullmatch(r'=HYPERLINK\("((?:[^"]|"")*)","(?:[^"]|"")*"\)', value or "")
    return match.group(1).replace('""', '"') if match else value


def index_rows(archive):
    book = load_workbook(io.BytesIO(archive.read("00_muc-luc-tai-lieu-kiem-chung.xlsx")))
    index, against = book.worksheets
    rows = list(index.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "STT"))
    rows = [(*r[:8], _target(r[8]), *r[9:]) for r in rows[header + 1:] if r and r[0] is not None]
    return rows, list(against.iter_rows(values_only=True))


def test_the_zip_holds_each_components_files_and_the_index_names_them(api, world, evidenced,
                                                                   django_capture_on_commit_callbacks):
    r = ask(api, world.head, django_capture_on_commit_callbacks)
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["state"] == "queued" and body["download_url"] is None
    shown = api(world.head).get(f"/api/v1/dossiers/{body['id']}/").json()
    assert shown["state"] == "ready", shown
    assert shown["progress"]["done"] == shown["progress"]["total"] > 0 and shown["progress"]["percent"] == 100

    archive = unzip(api, world.head, body["id"])
    assert archive.testzip() is None
    names = set(archive.namelist())
    rows, against = index_rows(archive)
    by_code = {}
    for row in rows:
        by_code.setdefault(row[1], []).append(row)

    # Every file that backs a point is in the zip under its component's folder, named by
    # the component's code, with the uploaded bytes; the index row says where.
    def stored(code, evidence_name):
        row = next(r for r in by_code[code] if r[6] == evidence_name)
        assert row[8] in names and row[8].startswith(f"{code}_") and f"/{code}_0" in row[8], row
        return archive.read(row[8])

    assert stored("1.2", "Báo cáo kết quả.pdf") == b"%PDF-1.4 done!"
    scan_row = next(r for r in by_code["1.2"] if "15/QĐ-SXD" in r[6])
    assert archive.read(scan_row[8]) == b"%PDF-1.4 qd15" and scan_row[7] == "văn bản"
    assert archive.read(next(r for r in by_code["1.1"] if "01/KH-SXD" in r[6])[8]) == b"%PDF-1.4 plan"
    assert archive.read(next(r for r in by_code["1.5"] if "07/TB-SXD" in r[6])[8]) == b"%PDF-1.4 conclusion"
    assert stored("1.6", "Ảnh niêm yết.png") == b"\x89PNG\r\n\x1a\n"
    # A link is listed with its address; nothing is stored for it.
    link_row = next(r for r in by_code["1.2"] if r[6] == "Tin bài trên Cổng thông tin")
    assert link_row[8] == evidenced.link.url and link_row[7] == "đường dẫn"
    assert next(r for r in by_code["1.7"])[8] == evidenced.assessment.evidence_url
    # The same file backing 1.2 (done) and 1.3 (done on time) is stored once, in 1.2.
    again = next(r for r in by_code["1.3"] if r[6] == "Báo cáo kết quả.pdf")
    assert again[8] == next(r for r in by_code["1.2"] if r[6] == "Báo cáo kết quả.pdf")[8]
    assert not any(n.startswith("1.3_") for n in names)
    # The overdue task counts against: listed, its draft not copied.
    assert any(r[0] == "1.2" and "Rà soát quy chế" in (r[1] or "") for r in against)
    assert not any(n.endswith(".docx") for n in names)
    # The points of each component are the score's.
    score = {c["code"]: c for c in api(world.head).get("/api/v1/scores/").json()["components"]}
    for code, lines in by_code.items():
        assert lines[0][4] == score[code]["points"], code
    # The self-assessment report rides along.
    assert "00_bao-cao-tu-danh-gia.xlsx" in names
    files = {n for n in names if "/" in n}
    assert shown["files"] == len(files) == 5 and shown["links"] == 2


def test_the_build_writes_state_history_and_events_and_tells_the_requester(api, world, evidenced,
                                                                         django_capture_on_commit_callbacks):
    with capture_events() as events:
        r = ask(api, world.head, django_capture_on_commit_callbacks)
    dossier = Dossier.objects.get(pk=r.json()["id"])
    assert_events(events, [
        ("dossier.requested", dossier, {"requested_by": world.head.pk, "from": "", "to": "queued"}),
        ("dossier.started", dossier, {"from": "queued", "to": "building"}),
        ("dossier.ready", dossier, {"from": "building", "to": "ready", "files": 5, "links": 2,
                                    "size": dossier.size}),
    ])
    assert [h.transition for h in history_of(dossier)] == ["request", "start", "finish"]
    told = Notification.objects.get(recipient=world.head, event__type="dossier.ready")
    assert told.title == f"Hồ sơ tài liệu kiểm chứng năm {world.plan.year} đã sẵn sàng"
    assert told.url == f"/dossiers/{dossier.pk}/"
    assert not Notification.objects.filter(event__type="dossier.ready").exclude(recipient=world.head).exists()


def test_asking_again_while_one_is_built_returns_it(api, world, template, django_capture_on_commit_callbacks):
    building = DossierFactory(agency=world.agency, year=world.plan.year, requested_by=world.admin,
                              state="building", heartbeat_at=datetime.datetime.now(datetime.UTC))
    r = ask(api, world.head, django_capture_on_commit_callbacks, year=world.plan.year)
    assert r.status_code == 200 and r.json()["id"] == building.pk and r.json()["state"] == "building"
    assert Dossier.objects.count() == 1


def test_a_build_that_stopped_answering_is_failed_and_replaced(api, world, template, settings,
                                                                django_capture_on_commit_callbacks):
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=settings.DOSSIER_STALL_SECONDS + 5)
    dead = DossierFactory(agency=world.agency, year=world.plan.year, requested_by=world.admin,
                          state="building", heartbeat_at=long_ago)
    r = ask(api, world.head, django_capture_on_commit_callbacks)
    assert r.status_code == 202 and r.json()["id"] != dead.pk
    dead.refresh_from_db()
    assert dead.state == "failed" and [h.transition for h in history_of(dead)] == ["fail"]
    assert Notification.objects.filter(recipient=world.admin, event__type="dossier.failed").exists()
    assert Dossier.objects.get(pk=r.json()["id"]).state == "ready"


def test_a_build_that_breaks_ends_failed_and_says_so(api, world, template, django_capture_on_commit_callbacks,
                                                    monkeypatch):
    from backend.dossiers import builder

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(builder.Index, "save", broken)
    r = ask(api, world.head, django_capture_on_commit_callbacks)
    dossier = Dossier.objects.get(pk=r.json()["id"])
    assert dossier.state == "failed" and not dossier.file
    assert api(world.head).get(f"/api/v1/dossiers/{dossier.pk}/download/").status_code == 409
    told = Notification.objects.get(recipient=world.head, event__type="dossier.failed")
    assert "không lập được" in told.title


def test_a_file_gone_from_the_storage_is_named_in_the_index(api, world, evidenced,
                                                           django_capture_on_commit_callbacks):
    evidenced.report_file.file.storage.delete(evidenced.report_file.file.name)
    r = ask(api, world.head, django_capture_on_commit_callbacks)
    archive = unzip(api, world.head, r.json()["id"])
    rows, _against = index_rows(archive)
    row = next(r for r in rows if r[6] == "Báo cáo kết quả.pdf")
    assert row[8] is None and "không còn" in row[9]


def test_only_the_newest_dossiers_are_kept(api, world, template, settings, django_capture_on_commit_callbacks):
    settings.DOSSIERS_KEPT = 1
    first = Dossier.objects.get(pk=ask(api, world.head, django_capture_on_commit_callbacks).json()["id"])
    path = first.file.path
    second = ask(api, world.head, django_capture_on_commit_callbacks).json()["id"]
    assert list(Dossier.objects.values_list("id", flat=True)) == [second]
    assert not first.file.storage.exists(first.file.name), path


@pytest.mark.parametrize("who", ["office_head", "officer", "inspector", "outsider_officer"])
def test_who_may_not_is_refused_before_the_body(api, cast, who, template):
    r = api(cast[who]).post("/api/v1/dossiers/", {"year": "not a year"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "permission_denied"


def test_another_agencys_dossier_is_out_of_sight(api, world, template, django_capture_on_commit_callbacks):
    r = ask(api, world.outsider_head, django_capture_on_commit_callbacks, agency=world.agency.pk)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    mine = ask(api, world.head, django_capture_on_commit_callbacks).json()["id"]
    for path in (f"/api/v1/dossiers/{mine}/", f"/api/v1/dossiers/{mine}/download/"):
        assert api(world.outsider_head).get(path).status_code == 404
        assert api(world.officer).get(path).status_code == 404
    assert api(world.outsider_head).get("/api/v1/dossiers/").json()["results"] == []
    assert [d["id"] for d in api(world.admin).get("/api/v1/dossiers/").json()["results"]] == [mine]


def test_bad_input_is_a_400_and_writes_nothing(api, world, template):
    for body in ({"year": 1999}, {"year": "2026x"}, {"agency": "x"}, {"agency": 2**40}):
        r = api(world.head).post("/api/v1/dossiers/", body)
        assert r.status_code == 400 and r.json()["error"]["code"] == "validation_error", (body, r.content)
    assert not Dossier.objects.exists()


def test_an_agency_without_a_methodology_has_no_dossier(api, world):
    world.agency.methodology = None
    world.agency.save(update_fields=["methodology"])
    r = api(world.head).post("/api/v1/dossiers/", {})
    assert r.status_code == 400 and "year" in r.json()["error"]["details"]
    assert not Dossier.objects.exists()
