"""The score dashboard: the API's points, read only, with its chart, evidence, projection,
the head's hand scoring and the administrator's ranking."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.accounts import AgencyFactory, UserFactory
from backend.accounts.models import Role
from backend.plans.models import Task
from backend.scoring.models import ManualAssessment, Score, ScoreChange

pytestmark = pytest.mark.django_db

URL = "/scores/"


def html_of(response):
    return response.content.decode()


def between(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


def component(html, code):
    """The card of one component (up to the next one)."""
    anchor = "component-" + code.replace(".", "-")
    return between(html, f'id="{anchor}"', "</ol>").split('<li class="card')[0]




def test_points_equal_the_apis_in_vietnamese(page, api, world, plan_year):
    html = html_of(page(world.head).get(URL))
    body = api(world.head).get("/api/v1/scores/", {"agency": world.agency.pk, "year": world.today.year}).json()
    points = Decimal(between(html, 'id="score-points" data-points="', '"'))
    assert float(points) == pytest.approx(body["criterion"]["points"])
    shown = f"{points:.2f}".replace(".", ",")
    assert f"{shown} / 10 điểm" in between(html, 'id="score-points"', "</p>")
    assert '<html lang="vi">' in html and world.agency.name in html
    # Every component, with its points as the API gives them.
    for part in body["components"]:
        row = component(html, part["code"])
        assert float(between(row, 'data-points="', '"')) == pytest.approx(part["points"])


def test_the_dashboard_reads_and_never_writes(page, world, plan_year):
    client = page(world.head)
    client.get("/")  # the session is loaded once per client
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"year": world.today.year})
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert not Score.objects.exists() and not ScoreChange.objects.exists()


def test_components_with_rule_value_and_evidence_links(page, world, plan_year):
    done, overdue, later = plan_year
    html = html_of(page(world.head).get(URL))
    on_time = component(html, "1.3")
    assert "Tỷ lệ = nhiệm vụ hoàn thành đúng hạn" in on_time                     # the rule in words
    assert "50,0 %" in on_time and "1 trên 2" in on_time                           # measured value
    counted = between(on_time, "Được tính", "</ul>")
    against = between(on_time, "Bị trừ", "</ul>")
    assert f'href="/tasks/{done.pk}/"' in counted and f'href="/tasks/{overdue.pk}/"' in against
    assert f"/tasks/{later.pk}/" not in on_time                                    # within its term: neither


def test_chart_is_inline_svg_with_title_description_and_a_table(page, world, plan_year):
    html = html_of(page(world.head).get(URL))
    figure = between(html, 'id="score-chart-figure"', "</figure>")
    svg = between(figure, "<svg", "</svg>")
    assert 'role="img"' in svg and 'aria-labelledby="score-chart-title score-chart-desc"' in svg
    assert '<title id="score-chart-title">Điểm của tiêu chí trong năm' in svg and '<desc id="score-chart-desc">' in svg
    assert "<script" not in figure and "http://kozea" not in figure
    assert 'id="score-history-table"' in figure


def test_chart_follows_the_stored_history(page, world, plan_year, template):
    score = Score.objects.create(agency=world.agency, year=world.today.year, methodology=template.methodology,
                                 criterion=template.c["1"], points=Decimal("1.25"), max_points=10,
                                 computed_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))
    ScoreChange.objects.create(score=score, at=datetime.datetime(2026, 1, 5, 3, tzinfo=datetime.UTC),
                               points=Decimal("1.25"))
    ScoreChange.objects.create(score=score, at=datetime.datetime(2026, 3, 9, 3, tzinfo=datetime.UTC),
                               points=Decimal("2.75"), old_points=Decimal("1.25"))
    table = between(html_of(page(world.head).get(URL)), 'id="score-history-table"', "</table>")
    assert "05/01/2026" in table and "1,25" in table and "09/03/2026" in table and "2,75" in table


def test_projection_uses_the_apis_selector(page, api, world, plan_year):
    html = html_of(page(world.head).get(URL))
    projected = float(between(html, 'id="projection-result" data-points="', '"'))
    body = api(world.head).get("/api/v1/scores/projection/").json()
    assert projected == pytest.approx(body["criterion"]["projected_points"])
    assert "Nếu các nhiệm vụ và tồn tại đang mở hoàn thành đúng hạn" in html

    by = world.today + datetime.timedelta(days=40)
    html = html_of(page(world.head).get(URL, {"by": by.isoformat()}))
    body = api(world.head).get("/api/v1/scores/projection/", {"by": by.isoformat()}).json()
    assert float(between(html, 'id="projection-result" data-points="', '"')) == pytest.approx(
        body["criterion"]["projected_points"])
    assert by.strftime("%d/%m/%Y") in between(html, 'id="projection-result"', "</p>")


def test_projection_date_in_the_past_is_shown_beside_the_field(page, world, plan_year):
    past = world.today - datetime.timedelta(days=1)
    html = html_of(page(world.head).get(URL, {"by": past.isoformat()}))
    assert "hôm nay hoặc một ngày sau" in between(html, 'id="projection-by-errors"', "</ul>")


def test_head_scores_a_manual_component(page, world, plan_year, template):
    communication = template.c["1.7"]
    client = page(world.head)
    html = html_of(client.get(URL))
    form = between(html, f'id="assess-{communication.pk}-form"', "</form>")
    assert f'id="assess-{communication.pk}-points"' in form and "Lưu điểm" in form
    response = client.post("/scores/assessments/", {
        "agency": world.agency.pk, "year": world.today.year, "criterion": communication.pk,
        "points": "0,5", "explanation": "Đã tổ chức 4 hội nghị tuyên truyền CCHC"})
    assert response.status_code == 302 and response["Location"].endswith("#component-1-7")
    assessment = ManualAssessment.objects.get()
    assert (assessment.points, assessment.assessed_by, assessment.criterion) == (Decimal("0.50"), world.head,
                                                                                  communication)
    row = component(html_of(client.get(URL)), "1.7")
    assert "0,50 / " in row and "Đã tổ chức 4 hội nghị" in row


def test_manual_form_errors_beside_the_fields(page, world, plan_year, template):
    communication = template.c["1.7"]
    client = page(world.head)
    response = client.post("/scores/assessments/", {
        "agency": world.agency.pk, "year": world.today.year, "criterion": communication.pk,
        "points": "99", "explanation": ""})
    assert response.status_code == 400
    html = html_of(response)
    assert f'id="assess-{communication.pk}-points-errors"' in html
    assert f'id="assess-{communication.pk}-explanation-errors"' in html
    assert 'id="assessment-refusal"' in html
    response = client.post("/scores/assessments/", {
        "agency": world.agency.pk, "year": world.today.year, "criterion": communication.pk, "points": "abc"})
    assert response.status_code == 400 and f'id="assess-{communication.pk}-points-errors"' in html_of(response)
    assert not ManualAssessment.objects.exists()


def test_only_the_head_scores_by_hand(page, world, plan_year, template):
    communication = template.c["1.7"]
    client = page(world.officer)
    assert "assessment-form" not in html_of(client.get(URL))
    response = client.post("/scores/assessments/", {
        "agency": world.agency.pk, "year": world.today.year, "criterion": communication.pk,
        "points": "0.5", "explanation": "x"})
    assert response.status_code == 403
    refusal = between(html_of(response), 'id="assessment-refusal"', "</div>")
    assert "chỉ lãnh đạo Sở mới được chấm điểm trực tiếp" in refusal
    assert not ManualAssessment.objects.exists()


def test_another_agency_is_404(page, world, plan_year):
    assert page(world.head).get(URL, {"agency": world.other_agency.pk}).status_code == 404
    response = page(world.outsider_head).post("/scores/assessments/", {
        "agency": world.agency.pk, "year": world.today.year, "criterion": 1, "points": "1", "explanation": "x"})
    assert response.status_code == 404


def test_platform_admin_picks_an_agency_and_sees_the_province_ranked(page, world, plan_year):
    for agency in (world.agency, world.other_agency):
        agency.province = "Quảng Trị"
        agency.save(update_fields=["province"])
    AgencyFactory(name="Sở Nội vụ tỉnh khác", province="Huế")
    admin = UserFactory(username="province_admin", role=Role.ADMIN, agency=None)
    client = page(admin)
    html = html_of(client.get(URL))
    assert 'id="score-choose-agency"' in html and 'id="score-agency"' in html
    html = html_of(client.get(URL, {"agency": world.agency.pk}))
    assert 'id="score-points"' in html
    ranking = between(html, 'id="ranking-table"', "</table>")
    assert world.agency.name in ranking and world.other_agency.name in ranking and "Sở Nội vụ tỉnh khác" not in ranking
    assert ranking.index(f'id="ranking-{world.agency.pk}"') < ranking.index(f'id="ranking-{world.other_agency.pk}"')
    # The department head and the agency's own admin see the score, not the province's ranking.
    assert 'id="ranking-table"' not in html_of(page(world.head).get(URL))
    assert 'id="ranking-table"' not in html_of(page(world.admin).get(URL))


def test_not_configured_says_so(page, world):
    world.agency.methodology = None
    world.agency.save(update_fields=["methodology"])
    response = page(world.head).get(URL)
    assert response.status_code == 200
    html = html_of(response)
    assert 'id="score-not-configured"' in html and 'id="score-points"' not in html


def test_live_part_refreshes_on_score_events(page, world, plan_year):
    html = html_of(page(world.head).get(URL))
    assert 'data-live="score:*"' in between(html, 'id="score"', ">")
    part = html_of(page(world.head).get(URL, {"part": "score", "agency": world.agency.pk}, HTTP_HX_REQUEST="true"))
    assert part.lstrip().startswith("<section") and 'id="score-points"' in part and "<html" not in part


def test_queries_do_not_grow_with_tasks(page, world, plan_year, template):
    client = page(world.head)
    client.get("/")
    counts = []
    for total in (5, 50):
        Task.objects.filter(code__startswith="B").delete()
        Task.objects.bulk_create([
            Task(plan=world.plan, code=f"B{i}", title=f"Nhiệm vụ {i}", field=template.c["1"],
                 lead_office=world.office_a, expected_output="x", state="done" if i % 2 else "in_progress",
                 completed_on_time=bool(i % 3), due_date=world.today - datetime.timedelta(days=i - 10))
            for i in range(total)])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_malformed_input_never_gives_a_500(page, world, plan_year):
    client = page(world.head)
    huge = "99999999999999999999999"
    assert client.get(URL, {"year": "abc"}).status_code == 200
    assert client.get(URL, {"year": huge}).status_code == 200
    assert client.get(URL, {"agency": huge}).status_code == 404
    assert client.get(URL, {"agency": "\x00"}).status_code == 404
    assert client.get(URL, {"by": "\x00"}).status_code == 200
    assert client.get(URL, {"part": "\x00"}).status_code == 404
    response = client.post("/scores/assessments/", {"agency": world.agency.pk, "year": world.today.year,
                                                   "criterion": huge, "points": "1", "explanation": "x"})
    assert response.status_code in (400, 404)
    response = client.post("/scores/assessments/", {"agency": world.agency.pk, "year": world.today.year,
                                                   "criterion": "\x00", "points": "\x00", "explanation": "\x00"})
    assert response.status_code == 400
    assert not ManualAssessment.objects.exists()
