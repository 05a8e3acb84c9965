"""Plans: create (head only), one per agency and year, edit only while draft."""
import datetime


from tests.factories.plans import ReformPlanFactory
from backend.plans.models import ReformPlan
from workflows.models import Event

from tests.cast import CAST, OUTSIDERS, for_each
from tests.refusals import Unchanged, assert_error, assert_validation_error

PLAN_KEYS = {"id", "agency", "year", "title", "issue_deadline", "state", "approved_at"}


def _body(year=2031, **kw):
    return {"year": year, "title": "Kế hoạch CCHC năm 2031", "issue_deadline": "2030-12-31", **kw}


def test_head_creates_a_draft_plan_for_own_agency(world, api):
    r = api(world.head).post("/api/v1/plans/", _body(agency=world.other_agency.pk, state="approved"))
    assert r.status_code == 201, r.json()
    body = r.json()
    assert PLAN_KEYS <= set(body)
    assert (body["agency"], body["year"], body["state"], body["approved_at"], body["issue_deadline"]) == (
        world.agency.pk, 2031, "draft", None, "2030-12-31")
    assert body["available_transitions"] == ["approve"]
    plan = ReformPlan.objects.get(pk=body["id"])
    assert (plan.created_by, plan.agency) == (world.head, world.agency)
    assert Event.objects.count() == 0  # creating is not a transition


def test_only_a_head_creates_plans(api, cast):
    def check(role):
        before = ReformPlan.objects.count()
        assert_error(api(cast[role]).post("/api/v1/plans/", _body()), 403, "permission_denied")
        assert ReformPlan.objects.count() == before

    for_each([r for r in CAST if r not in ("head", "outsider_head")], check)


def test_outsider_head_creates_for_their_own_agency(world, api):
    r = api(world.outsider_head).post("/api/v1/plans/", _body(year=world.today.year, issue_deadline="2020-01-01"))
    assert r.status_code == 201 and r.json()["agency"] == world.other_agency.pk


def test_duplicate_year_is_400(world, api):
    before = ReformPlan.objects.count()
    assert_validation_error(api(world.head).post("/api/v1/plans/", _body(year=world.today.year)), "year")
    assert ReformPlan.objects.count() == before


def test_plan_create_bad_input(world, api):
    def check(case):
        body, field = case
        before = ReformPlan.objects.count()
        assert_validation_error(api(world.head).post("/api/v1/plans/", body), field)
        assert ReformPlan.objects.count() == before

    for_each([
        ({"title": "x", "issue_deadline": "2030-12-31"}, "year"),
        (_body(year="abc"), "year"),
        (_body(year=1999), "year"),
        (_body(year=99999999999999999999), "year"),
        (_body(year=2031.5), "year"),
        (_body(title=""), "title"),
        (_body(title="x" * 100_000), "title"),
        (_body(title=None), "title"),
        (_body(issue_deadline="31/12/2030"), "issue_deadline"),
        (_body(issue_deadline="2030-13-45"), "issue_deadline"),
        (_body(issue_deadline=20301231), "issue_deadline"),
    ], check)


def test_plan_list_and_detail(world, api):
    older = ReformPlanFactory(agency=world.agency, year=world.today.year - 1, approved=True)
    ReformPlanFactory(agency=world.other_agency, year=world.today.year)
    r = api(world.officer).get("/api/v1/plans/")
    assert r.status_code == 200
    assert [p["id"] for p in r.json()["results"]] == [world.plan.pk, older.pk]  # newest year first
    assert [p["id"] for p in api(world.officer).get("/api/v1/plans/", {"year": older.year}).json()["results"]] == [
        older.pk]
    detail = api(world.officer).get(f"/api/v1/plans/{world.plan.pk}/").json()
    assert PLAN_KEYS <= set(detail) and detail["state"] == "approved"
    assert detail["available_transitions"] == []  # an officer may not close it


def test_head_edits_a_draft_plan(world, api):
    plan = ReformPlanFactory(agency=world.agency, year=2031, issue_deadline=datetime.date(2030, 12, 31))
    r = api(world.head).patch(f"/api/v1/plans/{plan.pk}/", {"title": "Kế hoạch sửa đổi", "issue_deadline": "2030-12-31"})
    assert r.status_code == 200, r.json()
    assert (r.json()["title"], r.json()["issue_deadline"], r.json()["year"]) == (
        "Kế hoạch sửa đổi", "2030-12-31", 2031)


def test_the_head_cannot_move_the_issue_deadline_the_province_set(world, api):
    plan = ReformPlanFactory(agency=world.agency, year=2031, issue_deadline=datetime.date(2030, 12, 31))
    with Unchanged(plan):
        assert_validation_error(api(world.head).patch(f"/api/v1/plans/{plan.pk}/", {"issue_deadline": "2031-03-31"}),
                                "issue_deadline")


def test_patch_to_a_taken_year_is_400(world, api):
    plan = ReformPlanFactory(agency=world.agency, year=2031)
    with Unchanged(plan):
        assert_validation_error(api(world.head).patch(f"/api/v1/plans/{plan.pk}/", {"year": world.today.year}), "year")


def test_plan_patch_only_while_draft(world, api):
    def check(state):
        plan = ReformPlanFactory(agency=world.agency, year=2031 if state == "approved" else 2032, state=state)
        with Unchanged(plan):
            r = api(world.head).patch(f"/api/v1/plans/{plan.pk}/", {"title": "Muộn rồi"})
            error = assert_error(r, 409, r.json()["error"]["code"])
            assert error["details"]["state"] == state

    for_each(["approved", "closed"], check)


def test_only_the_head_patches_a_plan(world, api, cast):
    plan = ReformPlanFactory(agency=world.agency, year=2031)

    def check(role):
        with Unchanged(plan):
            r = api(cast[role]).patch(f"/api/v1/plans/{plan.pk}/", {"title": "Không được"})
            if role in OUTSIDERS:
                assert_error(r, 404, "not_found")
            else:
                assert_error(r, 403, "permission_denied")

    for_each([r for r in CAST if r != "head"], check)


def test_plan_patch_bad_input(world, api):
    plan = ReformPlanFactory(agency=world.agency, year=2031)

    def check(case):
        body, field = case
        with Unchanged(plan):
            assert_validation_error(api(world.head).patch(f"/api/v1/plans/{plan.pk}/", body), field)

    for_each([({"year": "abc"}, "year"), ({"title": ""}, "title"),
              ({"issue_deadline": "2030-02-30"}, "issue_deadline")], check)


def test_plan_patch_ignores_state_and_agency(world, api):
    plan = ReformPlanFactory(agency=world.agency, year=2031)
    r = api(world.head).patch(f"/api/v1/plans/{plan.pk}/", {"state": "approved", "agency": world.other_agency.pk,
                                                           "approved_at": "2030-01-01T00:00:00Z"})
    assert r.status_code == 200
    plan.refresh_from_db()
    assert (plan.state, plan.agency_id, plan.approved_at) == ("draft", world.agency.pk, None)
