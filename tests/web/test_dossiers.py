"""The evidence dossier's page: ask for it, see it built, download it; only the head and
the administrators; the buttons on the score dashboard and the plan board."""
import io
import zipfile

import pytest

from backend.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _build_inline(settings):
    settings.DOSSIER_BUILD = "inline"


def test_the_head_prepares_the_dossier_and_downloads_it(page, world, template, plan_year,
                                                        django_capture_on_commit_callbacks):
    client = page(world.head)
    r = client.get("/dossiers/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Hồ sơ tài liệu kiểm chứng" in html and "Chưa lập hồ sơ nào cho năm này." in html
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/dossiers/new/", {"agency": world.agency.pk, "year": world.plan.year})
    dossier = Dossier.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/dossiers/{dossier.pk}/"
    html = client.get(r["Location"]).content.decode()
    assert "Hồ sơ đang được lập" in html  # the message of the request
    assert f'list-group-item-primary" id="dossier-{dossier.pk}" data-state="ready"' in html
    assert "Tải về (.zip)" in html and 'hx-trigger="every 2s"' not in html
    download = client.get(f"/dossiers/{dossier.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).testzip() is None


def test_a_dossier_being_built_reloads_its_row(page, world, template):
    building = Dossier.objects.create(agency=world.agency, year=world.plan.year, requested_by=world.head,
                                      state="building", items_done=3, items_total=12)
    client = page(world.head)
    html = client.get(f"/dossiers/{building.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in html and 'aria-valuenow="25"' in html and "đã xử lý 3/12 nội dung" in html
    assert f'hx-get="/dossiers/?agency={world.agency.pk}&amp;year={world.plan.year}&amp;current={building.pk}' in html
    part = client.get(f"/dossiers/?agency={world.agency.pk}&year={world.plan.year}&current={building.pk}&part=list",
                      HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith('<div id="dossier-list"') and "<html" not in part
    assert f'list-group-item-primary" id="dossier-{building.pk}"' in part  # still marked after the reload
    assert client.get(f"/dossiers/{building.pk}/download/").status_code == 404


@pytest.mark.parametrize("who", ["office_head", "officer", "inspector"])
def test_others_of_the_agency_are_refused(page, cast, who, world, template):
    client = page(cast[who])
    assert client.get("/dossiers/").status_code == 403
    assert client.post("/dossiers/new/", {"year": world.plan.year}).status_code == 403
    assert not Dossier.objects.exists()
    assert "score-dossier" not in client.get("/scores/").content.decode()
    assert "plan-dossier" not in client.get(f"/plans/{world.plan.pk}/").content.decode()


def test_another_agencys_dossier_is_not_found(page, world, template):
    theirs = Dossier.objects.create(agency=world.other_agency, year=world.plan.year,
                                    requested_by=world.outsider_head)
    client = page(world.head)
    for path in (f"/dossiers/{theirs.pk}/", f"/dossiers/{theirs.pk}/download/",
                 f"/dossiers/?agency={world.other_agency.pk}"):
        assert client.get(path).status_code == 404, path


def test_the_buttons_lead_there(page, world, template):
    client = page(world.head)
    query = f"agency={world.agency.pk}&amp;year={world.plan.year}"
    assert f'id="score-dossier" href="/dossiers/?{query}"' in client.get("/scores/").content.decode()
    assert f'id="plan-dossier" href="/dossiers/?{query}"' in client.get(f"/plans/{world.plan.pk}/").content.decode()


def test_malformed_input_is_refused(page, world, template):
    client = page(world.head)
    assert client.get("/dossiers/?current=99999999999999999999999").status_code == 200
    for path in ("/dossiers/?year=x", "/dossiers/?agency=99999999999999999999", "/dossiers/?year=1",
                 "/dossiers/99999999999999999999/", "/dossiers/?agency=%00"):
        assert client.get(path).status_code == 404, path
    assert client.post("/dossiers/new/", {"year": "\x00"}).status_code == 404
    assert client.get("/dossiers/new/").status_code == 405
