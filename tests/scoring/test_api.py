"""GET /api/v1/scores/ (API.md "Score object"), the projection, the ranking, hand scoring."""
import datetime

import pytest
from django.utils import timezone

from tests.factories.accounts import AgencyFactory, UserFactory
from backend.plans.models import Task
from backend.scoring.models import ManualAssessment, Score
from backend.scoring.services import scores_refresh
from workflows.models import Event

pytestmark = pytest.mark.django_db

URL = "/api/v1/scores/"


@pytest.fixture
def plan_year(world, template):
    """This year's plan: one task done on time, one overdue, one within its term."""
    today = world.today
    common = {"plan": world.plan, "field": template.c["1"], "lead_office": world.office_a,
              "expected_output": "Báo cáo"}
    done = Task.objects.create(code="1.1", title="Đã xong", state="done", completed_on_time=True,
                               due_date=today - datetime.timedelta(days=20), **common)
    overdue = Task.objects.create(code="1.2", title="Rà soát quy chế", state="in_progress",
                                  due_date=today - datetime.timedelta(days=2), **common)
    later = Task.objects.create(code="1.3", title="Số hóa hồ sơ", state="assigned",
                                due_date=today + datetime.timedelta(days=20), **common)
    return done, overdue, later


def comp(body, code):
    return next(c for c in body["components"] if c["code"] == code)


def test_score_object_shape(world, api, plan_year):
    response = api(world.head).get(URL, {"agency": world.agency.pk, "year": world.today.year})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert {"agency", "year", "criterion", "components", "computed_at", "history"} <= body.keys()
    assert body["agency"] == world.agency.pk and body["year"] == world.today.year
    assert set(body["criterion"]) >= {"code", "name", "max_points", "points"}
    assert body["criterion"]["code"] == "1" and body["criterion"]["max_points"] == 10.0
    assert [c["code"] for c in body["components"]] == [f"1.{i}" for i in range(1, 10)]
    for c in body["components"]:
        assert {"code", "name", "max_points", "points", "value", "rule", "evidence"} <= c.keys()
        assert {"counted", "against"} <= c["evidence"].keys()
        assert isinstance(c["rule"], str) and c["rule"]
    assert body["criterion"]["points"] == pytest.approx(sum(c["points"] for c in body["components"]))
    assert body["history"] == [{"at": body["history"][0]["at"], "points": body["criterion"]["points"]}]
    # Times carry the local offset (Asia/Ho_Chi_Minh), as everywhere in the API.
    assert body["computed_at"].endswith("+07:00") and body["history"][0]["at"].endswith("+07:00")
    assert body["methodology"]["is_template"] is True


def test_evidence_says_which_tasks_count_for_and_against(world, api, plan_year):
    done, overdue, later = plan_year
    body = api(world.head).get(URL).json()  # defaults: the caller's agency, this year
    on_time = comp(body, "1.3")
    assert on_time["value"] == 0.5
    assert [i["id"] for i in on_time["evidence"]["counted"]] == [done.pk]
    [against] = on_time["evidence"]["against"]
    assert against == {"type": "task", "id": overdue.pk, "title": "1.2 Rà soát quy chế",
                       "url": f"/api/v1/tasks/{overdue.pk}/", "code": "1.2",
                       "due_date": overdue.due_date.isoformat(), "state": "in_progress"}
    completion = comp(body, "1.2")
    assert {i["id"] for i in completion["evidence"]["against"]} == {overdue.pk, later.pk}
    assert completion["counts"] == {"counted": 1, "against": 2, "pending": 0, "total": 3}
    # The world's plan was approved today, after last year's deadline: late, and it says which plan.
    assert comp(body, "1.1")["value"] == "late"
    assert comp(body, "1.1")["evidence"]["against"][0]["url"] == f"/api/v1/plans/{world.plan.pk}/"
    assert comp(body, "1.5")["evidence"]["against_total"] == 2  # no office inspected
    # No finding and no inspection carried out: "no findings → full points" does not apply.
    assert comp(body, "1.6")["value"] is None and comp(body, "1.6")["points"] == 0.0


def test_evidence_limit_cuts_the_lists_not_the_totals(world, api, plan_year):
    body = api(world.head).get(URL, {"evidence_limit": 1}).json()
    evidence = comp(body, "1.2")["evidence"]
    assert len(evidence["against"]) == 1 and evidence["against_total"] == 2


def test_the_rule_in_the_users_language(world, api, plan_year):
    vi = comp(api(world.head).get(URL).json(), "1.2")["rule"]
    en = comp(api(world.head).get(URL, {"lang": "en"}).json(), "1.2")["rule"]
    assert "Trên 90%: 2 điểm" in vi and "Above 90%: 2 pts" in en


def test_history_follows_the_points(world, api, plan_year, django_capture_on_commit_callbacks):
    _, overdue, _ = plan_year
    scores_refresh()  # the periodic job stores the first score
    first = api(world.head).get(URL).json()
    # A change no event announces (e.g. a cancelled task cleaned up by hand) shows on read,
    # as the last point of the history; the read stores and announces nothing.
    Task.objects.filter(pk=overdue.pk).update(state="cancelled")
    second = api(world.head).get(URL).json()
    assert second["criterion"]["points"] > first["criterion"]["points"]
    assert [h["points"] for h in second["history"]] == [first["criterion"]["points"],
                                                        second["criterion"]["points"]]
    assert Score.objects.get(agency=world.agency).points == first["criterion"]["points"]
    assert not Event.objects.filter(type="score.changed").exists()
    # The periodic refresh stores it and announces it, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert scores_refresh()["refreshed"] == 1
        assert scores_refresh()["refreshed"] == 0
    third = api(world.head).get(URL).json()
    assert [h["points"] for h in third["history"]] == [h["points"] for h in second["history"]]
    assert Score.objects.get(agency=world.agency).points == second["criterion"]["points"]
    assert Event.objects.filter(type="score.changed").count() == 1


def test_reading_twice_writes_nothing_new(world, api, plan_year):
    api(world.head).get(URL)
    assert not Score.objects.exists()  # a read computes; it stores nothing
    scores_refresh()
    computed_at = Score.objects.get(agency=world.agency).computed_at
    assert api(world.head).get(URL).json()["computed_at"] == timezone.localtime(computed_at).isoformat()
    api(world.head).get(URL)
    assert Score.objects.get(agency=world.agency).computed_at == computed_at


# --- projection -----------------------------------------------------------------------------

def test_projection_of_finishing_everything_on_time(world, api, plan_year):
    response = api(world.head).get(URL + "projection/", {"assume": "all"})
    assert response.status_code == 200, response.json()
    body = response.json()
    c = body["criterion"]
    assert c["projected_points"] > c["points"] and c["delta"] == pytest.approx(c["projected_points"] - c["points"])
    assert comp(body, "1.2")["projected_value"] == 1.0 and comp(body, "1.2")["projected_points"] == 2.0
    assert comp(body, "1.3")["value"] == 0.5 and comp(body, "1.3")["projected_value"] == 1.0
    assert body["assume"] == {"tasks": "all", "findings": "all"}


def test_projection_of_named_tasks(world, api, plan_year):
    _, overdue, later = plan_year
    body = api(world.head).get(URL + "projection/", {"assume": f"task:{overdue.pk}"}).json()
    assert comp(body, "1.2")["projected_value"] == pytest.approx(2 / 3, abs=1e-4)
    assert body["assume"] == {"tasks": [overdue.pk], "findings": None}


def test_projection_by_a_date_counts_the_overdue_as_late(world, api, plan_year):
    by = (world.today + datetime.timedelta(days=1)).isoformat()
    body = api(world.head).get(URL + "projection/", {"assume": "tasks", "by": by}).json()
    # Finished tomorrow: the overdue task is done late, the one due in 20 days on time.
    assert comp(body, "1.3")["projected_value"] == pytest.approx(2 / 3, abs=1e-4)


@pytest.mark.parametrize("params", [
    {"assume": "everything"}, {"assume": "task:abc"}, {"assume": "task:"}, {"by": "2000-01-01"},
    {"by": "tomorrow"}, {"year": "nineteen"},
])
def test_projection_bad_parameters(world, api, plan_year, params):
    response = api(world.head).get(URL + "projection/", params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_projection_refuses_tasks_that_are_not_open_tasks_of_the_agency(world, api, plan_year, make_task):
    done, _, _ = plan_year
    from tests.factories.plans import ReformPlanFactory, TaskFactory
    foreign = TaskFactory(plan=ReformPlanFactory(agency=world.other_agency), field=world.field)
    for assume in (f"task:{done.pk}", f"task:{foreign.pk}", "finding:123456"):
        response = api(world.head).get(URL + "projection/", {"assume": assume})
        assert response.status_code == 400, assume
        assert "assume" in response.json()["error"]["details"]


# --- who sees what --------------------------------------------------------------------------

def test_members_of_the_agency_see_the_score(world, api, plan_year):
    assert api(world.officer).get(URL).status_code == 200


def test_another_agencys_score_does_not_exist_for_outsiders(world, api, plan_year):
    for user in (world.outsider_head, world.outsider_officer):
        response = api(user).get(URL, {"agency": world.agency.pk})
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert api(user).get(URL + "projection/", {"agency": world.agency.pk}).status_code == 404


def test_anonymous_is_refused(api):
    assert api().get(URL).status_code == 401


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": 1800}, {"agency": "x"}, {"evidence_limit": -1},
                                    {"lang": "fr"}])
def test_bad_parameters(world, api, plan_year, params):
    response = api(world.head).get(URL, params)
    assert response.status_code == 400 and response.json()["error"]["code"] == "validation_error"


def test_an_agency_without_methodology_is_not_configured(world, api):
    world.agency.methodology = None
    world.agency.save()
    response = api(world.head).get(URL)
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_configured"


def test_platform_admin_names_the_agency(world, api, plan_year):
    admin = UserFactory(username="province_admin", role="admin", agency=None)
    assert api(admin).get(URL).status_code == 400
    assert api(admin).get(URL, {"agency": world.agency.pk}).status_code == 200


# --- the province ranking ----------------------------------------------------------------------

def test_ranking_for_the_provinces_administrators(world, api, plan_year, template):
    AgencyFactory(name="Sở Y tế", province=world.agency.province, methodology=template.methodology)
    AgencyFactory(name="Sở khác tỉnh", province="Quảng Bình", methodology=template.methodology)
    admin = UserFactory(username="province_admin", role="admin", agency=None)
    for user in (admin, world.admin):
        response = api(user).get(URL + "ranking/", {"province": world.agency.province})
        assert response.status_code == 200, response.json()
    body = response.json()
    names = [r["agency"]["name"] for r in body["results"]]
    assert "Sở khác tỉnh" not in names
    assert names[0] == world.agency.name and body["results"][0]["rank"] == 1
    ranked = [r for r in body["results"] if r["index"] is not None]
    assert [r["index"] for r in ranked] == sorted((r["index"] for r in ranked), reverse=True)
    assert ranked[0]["index"] == pytest.approx(ranked[0]["points"] / ranked[0]["max_points"], abs=1e-4)


def test_ranking_is_for_administrators_only(world, api, plan_year):
    for user in (world.head, world.inspector, world.officer):
        response = api(user).get(URL + "ranking/", {"province": world.agency.province})
        assert response.status_code == 403
    assert api(world.admin).get(URL + "ranking/", {"province": "Quảng Bình"}).status_code == 403
    assert api(world.admin).get(URL + "ranking/").status_code == 400


# --- hand-scored components ---------------------------------------------------------------------

ASSESS = URL + "assessments/"


def _assess(api, user, criterion, points, **extra):
    return api(user).post(ASSESS, {"year": extra.pop("year", None) or timezone.localdate().year,
                                   "criterion": criterion.pk, "points": points, **extra})


def test_the_head_scores_communication_by_hand(world, api, template, plan_year,
                                               django_capture_on_commit_callbacks):
    scores_refresh()  # the periodic job has stored the score (a read stores nothing)
    before = api(world.head).get(URL).json()["criterion"]["points"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _assess(api, world.head, template.c["1.7"], "0.5",
                           explanation="Đã tổ chức 4 hội nghị tuyên truyền CCHC",
                           evidence_url="https://sxd.quangtri.gov.vn/tuyen-truyen-cchc")
    assert response.status_code == 201, response.json()
    assert response.json()["points"] == 0.5 and response.json()["assessed_by"] == world.head.pk
    body = api(world.head).get(URL).json()
    c = comp(body, "1.7")
    assert (c["source"], c["points"], c["pending_assessment"]) == ("manual", 0.5, False)
    assert c["evidence"]["counted"][0]["url"] == "https://sxd.quangtri.gov.vn/tuyen-truyen-cchc"
    assert body["criterion"]["points"] == pytest.approx(before + 0.5)
    assert Event.objects.filter(type="score.changed").count() == 1
    # Scoring it again replaces it.
    response = _assess(api, world.head, template.c["1.7"], "0.25", explanation="Điều chỉnh")
    assert response.status_code == 200 and ManualAssessment.objects.get().points == 0.25
    listed = api(world.officer).get(ASSESS).json()["results"]
    assert [(a["code"], a["points"]) for a in listed] == [("1.7", 0.25)]


def test_hand_scoring_is_checked(world, api, template, plan_year, camau):
    # camau fixture switched the agency to Cà Mau: 1.1.2 is a yes/no no event measures.
    assert _assess(api, world.head, camau.c["1.1.2"], "1", explanation="Đủ các lĩnh vực").status_code == 201
    cases = [
        (camau.c["1.1.2"], "2", {"explanation": "x"}, "points"),       # above the maximum
        (camau.c["1.3"], "1", {}, "explanation"),                       # neither explanation nor link
        (camau.c["1.1.4"], "1", {"explanation": "x"}, "criterion"),     # measured from data
        (template.c["1.7"], "0.5", {"explanation": "x"}, "criterion"),  # another methodology's
        (camau.c["1"], "1", {"explanation": "x"}, "criterion"),         # the field itself
    ]
    for criterion, points, extra, field in cases:
        response = _assess(api, world.head, criterion, points, **extra)
        assert response.status_code == 400, (criterion.code, response.json())
        assert field in response.json()["error"]["details"], response.json()
    response = api(world.head).post(ASSESS, {"year": 2025, "criterion": 999999, "points": 1})
    assert response.status_code == 400
    response = _assess(api, world.head, camau.c["1.3"], "-1", explanation="x")
    assert response.status_code == 400


def test_who_may_score_by_hand(world, api, template, plan_year):
    communication, survey = template.c["1.7"], template.c["1.9"]
    for user in (world.officer, world.office_head, world.inspector):
        assert _assess(api, user, communication, "0.5", explanation="x").status_code == 403
    # The survey is never self-scored: not by the head; an administrator enters it.
    assert _assess(api, world.head, survey, "1", explanation="x").status_code == 403
    assert _assess(api, world.admin, survey, "0.8", explanation="Kết quả điều tra XHH 2026").status_code == 201
    response = api(world.outsider_head).post(ASSESS, {"agency": world.agency.pk, "year": world.today.year,
                                                      "criterion": communication.pk, "points": "0.5",
                                                      "explanation": "x"})
    assert response.status_code == 404
    assert ManualAssessment.objects.count() == 1
