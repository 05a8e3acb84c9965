"""Methodologies held honestly (issue 13, item 6), worked by hand from the catalogue.

Cà Mau 1880/2013 (verified table): field 1 declares 20 points, but the table read in
full gives only 1.1 (5) + 1.2 (2) + 1.3 (3) = 10: the catalogue models 10 of 20, so it
is incomplete and a ranking divides its points by 10. The 876 template's field 1 adds
up (1 + 2 + 1.5 + 1 + 1 + 1 + 0.5 + 1 + 1 = 10 of 10).

A hand-scored component takes what its rule allows: a yes/no (Cà Mau 1.1.2, "yes 1;
no 0") 0 or 1, never 0.5.
"""
from decimal import Decimal

import pytest

from backend.scoring.models import ManualAssessment
from backend.scoring.selectors import criterion_score, province_ranking
from tests.factories.accounts import AgencyFactory
from tests.factories.plans import ReformPlanFactory

from .conftest import YEAR, catalogue_method, d, local_dt

pytestmark = pytest.mark.django_db

ASSESS = "/api/v1/scores/assessments/"


def test_the_catalogue_says_which_methodology_is_incomplete(world, api, camau, template):
    methods = {m["code"]: m for m in api(world.officer).get("/api/v1/methodologies/").json()}
    assert methods["dept-template-876"]["complete"] is True
    assert methods["dept-template-876"]["incomplete_criteria"] == []
    assert methods["camau-1880-2013"]["complete"] is False
    # Field 1: 20 declared, 5 + 2 + 3 = 10 modelled. 1.1 adds up (1 + 1 + 1 + 2 = 5).
    assert methods["camau-1880-2013"]["incomplete_criteria"] == [
        {"code": "1", "max_points": 20.0, "modelled_max_points": 10.0, "children_points": 10.0}]
    rows = api(world.officer).get("/api/v1/criteria/", {"methodology": "camau-1880-2013",
                                                         "page_size": 200}).json()["results"]
    by_code = {r["code"]: r for r in rows}
    assert (by_code["1"]["max_points"], by_code["1"]["modelled_max_points"], by_code["1"]["complete"]) == (
        "20.00", 10.0, False)
    assert (by_code["1.1"]["modelled_max_points"], by_code["1.1"]["complete"]) == (5.0, True)


def _approved_plan(agency):
    return ReformPlanFactory(agency=agency, year=YEAR, state="approved", issue_deadline=d(12, 31, YEAR - 1),
                             approved_at=local_dt(d(12, 20, YEAR - 1)))


def _give(agency, criterion, points, by):
    ManualAssessment.objects.create(agency=agency, year=YEAR, criterion=criterion, points=Decimal(points),
                                    explanation="Tự chấm có tài liệu kiểm chứng", assessed_by=by,
                                    assessed_at=local_dt(d(3, 1)))


def test_an_incomplete_methodology_is_ranked_on_its_modelled_maximum(world, api, camau):
    """Two departments of one province, 1 March 2025 (no report due yet, no task, nothing inspected):

    Sở Xây dựng (Cà Mau, 20 declared / 10 modelled): plan issued on time 1.1.1 = 1;
    1.3 inspection scored by hand 3 → 4 points. Share 4 / 10 = 40% (4 / 20 = 20% would
    be the declared maximum's).
    Sở Y tế (876 template, 10 / 10): plan on time 1.1 = 1; 1.7 = 0.5, 1.8 = 1, 1.9 = 1
    by hand → 3.5 points. Share 3.5 / 10 = 35%.
    Normalised on the modelled maximum Sở Xây dựng ranks first (40% > 35%); on the
    declared one it would rank second (20% < 35%).
    """
    template = catalogue_method("dept-template-876")
    health = AgencyFactory(name="Sở Y tế", province=world.agency.province, methodology=template.methodology)
    _approved_plan(world.agency)
    _approved_plan(health)
    _give(world.agency, camau.c["1.3"], "3", world.head)
    for code, pts in (("1.7", "0.5"), ("1.8", "1"), ("1.9", "1")):
        _give(health, template.c[code], pts, None)

    ours = criterion_score(world.agency, YEAR, as_of=d(3, 1))
    assert (ours.points, ours.max_points, ours.modelled_max_points, ours.complete) == (
        Decimal("4.00"), Decimal("20.00"), Decimal("10.00"), False)

    # (The world's other agency, on a bare test methodology that models nothing, has no index.)
    rows = [r for r in province_ranking(world.agency.province, YEAR, as_of=d(3, 1)) if r["index"] is not None]
    assert [(r["agency"]["name"], r["rank"], r["index"], r["points"], r["modelled_max_points"], r["complete"])
            for r in rows] == [
        (world.agency.name, 1, 0.4, 4.0, 10.0, False),
        ("Sở Y tế", 2, 0.35, 3.5, 10.0, True),
    ]
    assert rows[0]["max_points"] == 20.0  # the declared maximum is still shown

    body = api(world.admin).get("/api/v1/scores/ranking/", {"province": world.agency.province, "year": YEAR}).json()
    assert body["normalised_on"] == "modelled_max_points" and body["note"]
    score = api(world.head).get("/api/v1/scores/", {"year": YEAR}).json()
    assert score["methodology"]["complete"] is False
    assert (score["criterion"]["max_points"], score["criterion"]["modelled_max_points"]) == (20.0, 10.0)
    assert "10,00" in score["criterion"]["note"] and "20,00" in score["criterion"]["note"]


def test_a_complete_methodology_says_so(world, api, template):
    _approved_plan(world.agency)
    score = api(world.head).get("/api/v1/scores/", {"year": YEAR}).json()
    assert score["criterion"]["complete"] is True and score["criterion"]["note"] is None
    assert score["criterion"]["modelled_max_points"] == 10.0


def test_a_yes_no_component_given_half_a_point_is_refused(world, api, camau):
    """Cà Mau 1.1.2 "yes 1; no 0": 0.5 is refused (400, details.points); 1 and 0 are taken."""
    _approved_plan(world.agency)

    def give(points):
        return api(world.head).post(ASSESS, {"year": YEAR, "criterion": camau.c["1.1.2"].pk, "points": points,
                                             "explanation": "Kế hoạch bao quát đủ các lĩnh vực"})

    r = give("0.5")
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "validation_error" and list(error["details"]) == ["points"]
    assert not ManualAssessment.objects.exists()
    assert give("1").status_code == 201
    assert give("0").status_code == 200
    assert ManualAssessment.objects.get().points == 0


@pytest.mark.parametrize(("code", "points", "accepted"), [
    ("1.3", "3", True), ("1.3", "2.75", True), ("1.3", "3.5", False),  # manual: 0 to 3
    ("1.2.2", "0.5", False), ("1.2.2", "1", True),                      # yes/no
])
def test_every_hand_scored_component_is_checked_against_its_rule(world, api, camau, code, points, accepted):
    r = api(world.head).post(ASSESS, {"year": YEAR, "criterion": camau.c[code].pk, "points": points,
                                      "explanation": "x"})
    assert (r.status_code in (200, 201)) is accepted, r.json()


def test_rules_other_than_yes_no_take_their_listed_points(world, template):
    """A hand-scored timeliness (on time 1 / late 0.5 / missing 0) takes 0.5 but not 0.7;
    a proportional above a 50% floor of 1.5 takes 0, or 0.75 to 1.5."""
    from backend.scoring.rules import hand_points_error
    from tests.factories.criteria import CriterionFactory
    timeliness = CriterionFactory(methodology=template.methodology, parent=template.c["1"], code="9.1",
                                  max_points=1, rule_kind="timeliness",
                                  rule={"measure": "unmeasured", "on_time": 1, "late": 0.5, "missing": 0})
    assert hand_points_error(timeliness, Decimal("0.5")) is None
    assert hand_points_error(timeliness, Decimal("0.7")) is not None
    proportional = template.c["1.3"]
    assert [hand_points_error(proportional, Decimal(p)) is None for p in ("0", "0.5", "0.75", "1.5", "1.6")] == [
        True, False, True, True, False]


def test_the_page_offers_a_yes_no_as_a_choice_and_refuses_half_a_point(world, camau, client):
    _approved_plan(world.agency)
    client.force_login(world.head)
    page = client.get("/scores/", {"year": YEAR}, HTTP_ACCEPT="text/html")
    html = page.content.decode()
    field = f'id="assess-{camau.c["1.1.2"].pk}-points"'
    assert field in html
    select = html[html.index(field) - 200: html.index(field) + 400]
    assert "<select" in select and ">0,00<" in select and ">1,00<" in select
    assert "Bộ tiêu chí này chưa đầy đủ" in html  # the incomplete methodology's note
    r = client.post("/scores/assessments/", {"agency": world.agency.pk, "year": YEAR,
                                             "criterion": camau.c["1.1.2"].pk, "points": "0,5",
                                             "explanation": "x"}, HTTP_ACCEPT="text/html")
    assert r.status_code == 400
    assert not ManualAssessment.objects.exists()
