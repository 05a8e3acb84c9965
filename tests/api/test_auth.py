"""Token authentication, the 401 body, and who the caller is."""
from rest_framework.test import APIClient

from tests.cast import for_each
from tests.refusals import assert_error, assert_validation_error


def test_token_for_good_credentials(world, api):
    r = api().post("/api/v1/auth/token/", {"username": "officer", "password": "demo-password"})
    assert r.status_code == 200, r.json()
    token = r.json()["token"]
    assert set(r.json()) == {"token", "expiry"} and token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == "officer"
    # Each login is a token of its own (one per device); the first stays valid.
    again = api().post("/api/v1/auth/token/", {"username": "officer", "password": "demo-password"})
    assert again.json()["token"] != token
    assert client.get("/api/v1/me/").status_code == 200


def test_token_refused_for_bad_credentials(world, api):
    def check(credentials):
        r = api().post("/api/v1/auth/token/", dict(zip(("username", "password"), credentials)))
        if r.status_code == 401:
            assert_error(r, 401, "not_authenticated")
        else:
            assert_error(r, 400, "validation_error")
        assert "token" not in r.json()

    for_each([("officer", "wrong"), ("nobody", "demo-password"), ("OFFICER", "demo-password"), ("officer", "")],
             check)


def test_token_refused_for_an_inactive_user(world, api):
    world.officer.is_active = False
    world.officer.save()
    assert_error(api().post("/api/v1/auth/token/", {"username": "officer", "password": "demo-password"}),
                 401, "not_authenticated")


def test_token_request_missing_fields(world, api):
    assert_validation_error(api().post("/api/v1/auth/token/", {"username": "officer"}), "password")
    assert_validation_error(api().post("/api/v1/auth/token/", {}), "username", "password")


def test_anonymous_gets_401_not_authenticated(world, api):
    def check(path):
        error = assert_error(api().get(path), 401, "not_authenticated")
        assert error["details"] == {}

    for_each(["/api/v1/me/", "/api/v1/tasks/", "/api/v1/plans/", "/api/v1/events/", "/api/v1/users/",
              "/api/v1/offices/", "/api/v1/agencies/", "/api/v1/criteria/", "/api/v1/tasks/1/",
              "/api/v1/tasks/1/history/", "/api/v1/tasks/1/evidence/", "/api/v1/tasks/1/comments/"], check)


def test_anonymous_may_not_write(world, api, make_task):
    task = make_task()
    assert_error(api().transition("tasks", task.pk, "assign", {"lead_office": world.office_a.pk}),
                 401, "not_authenticated")
    assert_error(api().post("/api/v1/plans/", {"year": 2030, "title": "x", "issue_deadline": "2029-12-31"}),
                 401, "not_authenticated")


def test_bad_token_is_401(world):
    def check(header):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        assert_error(client.get("/api/v1/me/"), 401, "not_authenticated")

    for_each(["Token nonsense", "Token ", "Bearer abc", "Token a b", "Token " + "x" * 5000, "Token abc\x00def"],
             check)


def test_401_says_how_to_authenticate(world, api):
    assert api().get("/api/v1/me/")["WWW-Authenticate"].startswith("Token")


def test_me(world, api):
    def check(case):
        name, role, office = case
        user = getattr(world, name)
        r = api(user).get("/api/v1/me/")
        assert r.status_code == 200
        body = r.json()
        assert {"id", "username", "full_name", "role", "agency", "office"} <= set(body)
        assert (body["id"], body["username"], body["role"], body["agency"]) == (user.pk, name, role, world.agency.pk)
        assert body["office"] == (getattr(world, office).pk if office else None)
        assert body["full_name"] == user.full_name
        assert "password" not in body

    for_each([("head", "head", None), ("office_head", "office_head", "office_a"),
              ("officer2", "officer", "office_b"), ("inspector", "inspector", None), ("admin", "admin", None)],
             check)
