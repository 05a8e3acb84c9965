"""The criterion's self-assessment report: the components, points and evidence of the
score API, in the workbook and in the PDF."""
import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from backend.plans.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world, template):
    today = world.today
    common = {"plan": world.plan, "field": template.c["1"], "lead_office": world.office_a, "expected_output": "BC"}
    Task.objects.create(code="1.1", title="Ban hành kế hoạch kiểm tra CCHC", state="done", completed_on_time=True,
                        due_date=today - datetime.timedelta(days=20), **common)
    Task.objects.create(code="1.2", title="Báo cáo quý chậm", state="in_progress",
                        due_date=today - datetime.timedelta(days=2), **common)
    return api_score


def api_score(api, world):
    return api(world.head, language="vi").get("/api/v1/scores/", {"evidence_limit": 50}).json()


def test_the_workbook_has_every_component_with_the_apis_points(api, world, scored):
    score = scored(api, world)
    r = api(world.head, language="vi").get("/api/v1/scores/report.xlsx")
    assert r.status_code == 200, r.content[:300]
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    by_code = {row[0]: row for row in rows if row and row[0] in {c["code"] for c in score["components"]}}
    assert set(by_code) == {c["code"] for c in score["components"]}
    for component in score["components"]:
        row = by_code[component["code"]]
        assert row[2] == component["max_points"] and row[4] == component["points"], component["code"]
        assert component["rule"] in row[1]
    total = next(row for row in rows if row[0] == "Tổng cộng")
    assert total[4] == score["criterion"]["points"] and total[2] == score["criterion"]["max_points"]
    # The evidence that counts for a component is listed beside it.
    counted = [c for c in score["components"] if c["evidence"]["counted"]]
    assert counted and counted[0]["evidence"]["counted"][0]["title"] in by_code[counted[0]["code"]][5]


def test_the_pdf_says_the_same(api, world, scored):
    score = scored(api, world)
    r = api(world.head, language="vi").get("/api/v1/scores/report.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    points = f"{score['criterion']['points']:.2f}".replace(".", ",")
    assert f"Tiêu chí đạt {points}/" in text and "BÁO CÁO" in text
    assert all(c["code"] in text for c in score["components"])


def test_another_agencys_report_is_not_found(api, world, scored):
    r = api(world.head).get("/api/v1/scores/report.pdf", {"agency": world.other_agency.pk})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = api(world.head).get("/api/v1/scores/report.pdf", {"year": "99999"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "validation_error"


def test_the_dashboard_links_the_report_page(page, world, scored):
    client = page(world.head)
    assert 'id="score-report"' in client.get("/scores/").content.decode()
    html = client.get("/scores/report/").content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and 'id="report-xlsx"' in html
    assert client.get(f"/scores/report/?agency={world.other_agency.pk}").status_code == 404
    assert client.get("/scores/report.pdf?year=abc").status_code == 404
