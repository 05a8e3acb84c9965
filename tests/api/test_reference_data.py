"""Agencies, offices, users and the criteria catalogue: lists, filters, scoping."""
from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from tests.factories.criteria import CriterionFactory, MethodologyFactory

from tests.cast import for_each
from tests.refusals import assert_error, assert_validation_error


def _ids(response):
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return [item["id"] for item in body["results"]]


def test_agencies_lists_only_the_callers(world, api):
    assert _ids(api(world.officer).get("/api/v1/agencies/")) == [world.agency.pk]
    assert _ids(api(world.outsider_head).get("/api/v1/agencies/")) == [world.other_agency.pk]
    assert_error(api(world.officer).get(f"/api/v1/agencies/{world.other_agency.pk}/"), 404, "not_found")


def test_platform_admin_sees_every_agency(world, api):
    root = UserFactory(username="root", role=Role.ADMIN, agency=None, office=None)
    assert sorted(_ids(api(root).get("/api/v1/agencies/"))) == sorted([world.agency.pk, world.other_agency.pk])


def test_offices_of_the_callers_agency_and_filter(world, api):
    head = api(world.head)
    assert sorted(_ids(head.get("/api/v1/offices/"))) == sorted([world.office_a.pk, world.office_b.pk])
    assert sorted(_ids(head.get("/api/v1/offices/", {"agency": world.agency.pk}))) == sorted(
        [world.office_a.pk, world.office_b.pk])
    assert _ids(head.get("/api/v1/offices/", {"agency": world.other_agency.pk})) == []
    office = head.get(f"/api/v1/offices/{world.office_a.pk}/").json()
    assert office == {"id": world.office_a.pk, "agency": world.agency.pk, "name": world.office_a.name,
                      "code": world.office_a.code}
    assert_error(head.get(f"/api/v1/offices/{world.other_office.pk}/"), 404, "not_found")


def test_only_an_admin_creates_offices(world, api):
    body = {"agency": world.agency.pk, "name": "Phòng Pháp chế", "code": "PC"}
    assert_error(api(world.head).post("/api/v1/offices/", body), 403, "permission_denied")
    r = api(world.admin).post("/api/v1/offices/", body)
    assert r.status_code == 201, r.json()
    assert r.json()["name"] == "Phòng Pháp chế"
    # Same name twice in one agency.
    assert_error(api(world.admin).post("/api/v1/offices/", body), 400, "validation_error")
    # Another agency's office: refused.
    other = {"agency": world.other_agency.pk, "name": "Phòng X"}
    assert api(world.admin).post("/api/v1/offices/", other).status_code in (400, 403)


def test_users_of_the_callers_agency_with_filters(world, api, assignee):
    head = api(world.head)
    ours = {world.head, world.office_head, world.officer, world.officer2, world.office_head_b,
            world.inspector, world.admin, assignee}
    assert sorted(_ids(head.get("/api/v1/users/", {"page_size": 100}))) == sorted(u.pk for u in ours)
    assert sorted(_ids(head.get("/api/v1/users/", {"office": world.office_a.pk}))) == sorted(
        [world.office_head.pk, world.officer.pk, assignee.pk])
    assert sorted(_ids(head.get("/api/v1/users/", {"role": "officer"}))) == sorted(
        [world.officer.pk, world.officer2.pk, assignee.pk])
    assert _ids(head.get("/api/v1/users/", {"office": world.office_b.pk, "role": "office_head"})) == [
        world.office_head_b.pk]
    user = head.get(f"/api/v1/users/{world.officer.pk}/").json()
    assert set(user) >= {"id", "username", "full_name", "role", "agency", "office"}
    assert "password" not in user and "email" not in user
    assert_validation_error(head.get("/api/v1/users/", {"role": "king"}), "role")


def test_users_of_another_agency_are_invisible(world, api):
    head = api(world.head)
    assert world.outsider_head.pk not in _ids(head.get("/api/v1/users/", {"page_size": 100}))
    assert_error(head.get(f"/api/v1/users/{world.outsider_officer.pk}/"), 404, "not_found")
    # Filtering by another agency's office looks the same as filtering by no office at all.
    theirs = head.get("/api/v1/users/", {"office": world.other_office.pk})
    missing = head.get("/api/v1/users/", {"office": 987654})
    assert theirs.status_code == missing.status_code
    if theirs.status_code == 200:
        assert _ids(theirs) == []


def test_inactive_users_are_not_listed(world, api):
    UserFactory(username="retired", role=Role.OFFICER, office=world.office_a, agency=world.agency, is_active=False)
    names = [u["username"] for u in api(world.head).get("/api/v1/users/", {"page_size": 100}).json()["results"]]
    assert "retired" not in names


def test_criteria_catalogue_flat_with_filters(world, api):
    child = CriterionFactory(methodology=world.methodology, parent=world.field, code="1.1", name="Tiêu chí con")
    other = MethodologyFactory(code="other-method")
    CriterionFactory(methodology=other, code="9")
    client = api(world.officer)
    everything = client.get("/api/v1/criteria/", {"page_size": 200}).json()["results"]
    item = next(c for c in everything if c["id"] == world.field.pk)
    assert {"id", "code", "name", "max_points", "parent", "methodology"} <= set(item)
    assert item["parent"] is None and item["methodology"] == world.methodology.pk

    by_code = _ids(client.get("/api/v1/criteria/", {"methodology": "test-method"}))
    by_id = _ids(client.get("/api/v1/criteria/", {"methodology": world.methodology.pk}))
    assert sorted(by_code) == sorted(by_id) == sorted([f.pk for f in world.fields] + [child.pk])
    fields = _ids(client.get("/api/v1/criteria/", {"methodology": world.methodology.pk, "parent": "null"}))
    assert sorted(fields) == sorted(f.pk for f in world.fields)
    assert _ids(client.get("/api/v1/criteria/", {"parent": world.field.pk})) == [child.pk]


def test_criteria_filters_never_fail(world, api):
    def check(params):
        r = api(world.officer).get("/api/v1/criteria/", params)
        assert r.status_code in (200, 400), r.content[:300]
        if r.status_code == 200:
            assert _ids(r) == []

    for_each([{"methodology": "²"}, {"parent": "²"}, {"methodology": "99999999999999999999"},
              {"parent": "99999999999999999999"}, {"parent": "-1"}, {"methodology": "-1"}, {"parent": "abc"},
              {"methodology": "١"}], check)
