"""A department's report dates come from its province (issue 13, item 8).

Worked example from par-index-method.md §9: the province sets its departments' dates
(the 5th of the quarter's last month; the annual report by 25/11), earlier than the
national ones (581/BNV-CCHC: the 20th of the period's last month), which the province
itself follows. So for plan year Y, a department of Quảng Trị gets BC-Q1 05/03/Y,
BC-H1 05/06/Y, BC-Q3 05/09/Y, BC-Y 25/11/Y; the province's own People's Committee gets
20/03, 20/06, 20/09, 20/12.
"""
import datetime

import pytest

from backend.accounts.models import Agency
from backend.criteria.models import ReportSchedule
from backend.plans.models import Task
from backend.plans.services import plan_transition
from backend.scoring.selectors import criterion_score
from tests.factories.accounts import AgencyFactory, UserFactory
from tests.factories.criteria import ReportScheduleFactory
from tests.factories.plans import ReformPlanFactory
from tests.factories.scoring import ScoringConfigFactory
from tests.scoring.conftest import catalogue_method

pytestmark = pytest.mark.django_db


@pytest.fixture
def camau(world):
    """Cà Mau lists no reports of its own: the dates come from the schedules."""
    method = catalogue_method("camau-1880-2013")
    Agency.objects.filter(pk=world.agency.pk).update(methodology=method.methodology)
    world.agency.refresh_from_db()
    return method


def _approve_next_year(agency, head):
    year = datetime.date.today().year + 1
    plan = ReformPlanFactory(agency=agency, year=year, issue_deadline=datetime.date(year - 1, 12, 31))
    plan_transition(plan, "approve", actor=head)
    return year, list(Task.objects.filter(plan=plan, kind="report").order_by("due_date")
                      .values_list("code", "due_date"))


def test_a_province_schedule_gives_its_departments_their_report_due_dates(world, api, camau):
    ReportScheduleFactory(province=world.agency.province)
    year, reports = _approve_next_year(world.agency, world.head)
    assert reports == [("BC-Q1", datetime.date(year, 3, 5)), ("BC-H1", datetime.date(year, 6, 5)),
                       ("BC-Q3", datetime.date(year, 9, 5)), ("BC-Y", datetime.date(year, 11, 25))]
    body = api(world.officer).get("/api/v1/report-schedule/", {"year": year}).json()
    assert body["source"] == "province" and body["level"] == "department"
    assert [(r["code"], r["due_date"]) for r in body["reports"]] == [
        ("Q1", f"{year}-03-05"), ("H1", f"{year}-06-05"), ("Q3", f"{year}-09-05"), ("Y", f"{year}-11-25")]


def test_the_province_itself_reports_on_the_national_dates(world, api, camau):
    ReportScheduleFactory(province=world.agency.province)
    ubnd = AgencyFactory(name="UBND tỉnh Quảng Trị", province=world.agency.province, level="province",
                         methodology=camau.methodology)
    head = UserFactory(username="chu_tich", role="head", agency=ubnd)
    year, reports = _approve_next_year(ubnd, head)
    assert [d for _code, d in reports] == [datetime.date(year, 3, 20), datetime.date(year, 6, 20),
                                            datetime.date(year, 9, 20), datetime.date(year, 12, 20)]
    assert api(head).get("/api/v1/report-schedule/", {"year": year}).json()["source"] == "national"


def test_an_agency_schedule_wins_over_its_provinces_and_a_year_configuration_over_both(world, api, camau):
    ReportScheduleFactory(province=world.agency.province)
    ReportScheduleFactory(province="", agency=world.agency, reports=[
        {"code": "H1", "name": "Báo cáo 6 tháng", "due": "06-10"}, {"code": "Y", "name": "Báo cáo năm", "due": "11-20"}])
    year = datetime.date.today().year + 1
    assert api(world.head).get("/api/v1/report-schedule/", {"year": year}).json()["source"] == "agency"
    ScoringConfigFactory(agency=world.agency, year=year, report_schedule=[
        {"code": "Y", "name": "Báo cáo năm", "due": "11-15"}])
    body = api(world.head).get("/api/v1/report-schedule/", {"year": year}).json()
    assert (body["source"], [r["due"] for r in body["reports"]]) == ("agency_year", ["11-15"])


def test_without_any_schedule_the_national_guidance_applies(world, api, camau):
    body = api(world.head).get("/api/v1/report-schedule/").json()
    assert body["source"] == "national" and [r["due"] for r in body["reports"]] == ["03-20", "06-20", "09-20", "12-20"]


def test_the_score_judges_reports_by_the_provinces_dates(world, camau):
    """10/03/2025, no report sent yet: under the province's dates Q1 (due 05/03) is
    missing and counts against; under the national ones (due 20/03) it is not due yet."""
    ReformPlanFactory(agency=world.agency, year=2025, state="approved", issue_deadline=datetime.date(2024, 12, 31))
    national = criterion_score(world.agency, 2025, as_of=datetime.date(2025, 3, 10)).component("1.2.1")
    assert (national.measurement.against, national.measurement.total) == (0, 0)
    ReportScheduleFactory(province=world.agency.province)
    provincial = criterion_score(world.agency, 2025, as_of=datetime.date(2025, 3, 10)).component("1.2.1")
    assert (provincial.measurement.against, provincial.measurement.total) == (1, 1)
    assert provincial.points == 0


def test_a_schedule_names_a_province_or_an_agency_and_valid_dates(world):
    from django.core.exceptions import ValidationError
    bad = ReportSchedule(province="", agency=None, reports=[{"code": "Q1", "due": "13-40"}])
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert {"province", "reports"} <= set(caught.value.message_dict)


def test_outsiders_and_bad_input(world, api, camau):
    assert api(world.outsider_head).get("/api/v1/report-schedule/", {"agency": world.agency.pk}).status_code == 404
    assert api(world.head).get("/api/v1/report-schedule/", {"year": "x"}).status_code == 400
    assert api(world.head).get("/api/v1/report-schedule/", {"agency": "9" * 30}).status_code == 400
    assert api().get("/api/v1/report-schedule/").status_code == 401
