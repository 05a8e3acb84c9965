"""CSRF on session writes: a request riding on a browser's session cookie must carry the
CSRF token, on the API (403 with the error body) and on the pages (the site's 403 page).
Token-authenticated API calls carry no cookie and need none."""
from django.test import Client

from tests.refusals import Unchanged, assert_error


def _session(user):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.get("/")  # a page sets the csrftoken cookie, as a browser would have it
    return client, client.cookies["csrftoken"].value


def test_a_session_api_post_without_the_csrf_token_is_refused(world, make_task):
    task = make_task()
    client, token = _session(world.head)
    path = f"/api/v1/tasks/{task.pk}/transitions/assign/"
    body = {"lead_office": world.office_a.pk}
    with Unchanged(task):
        r = client.post(path, body, content_type="application/json")
        error = assert_error(r, 403, "permission_denied")
        assert "CSRF" in error["message"]
        # A token from another session (or a made-up one) is no better.
        r = client.post(path, body, content_type="application/json", HTTP_X_CSRFTOKEN="x" * 64)
        assert_error(r, 403, "permission_denied")
    # The same request with the token goes through: it was the token that was missing.
    r = client.post(path, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 200, r.content
    task.refresh_from_db()
    assert task.state == "assigned"


def test_the_session_logout_endpoint_needs_the_csrf_token_too(world):
    client, token = _session(world.officer)
    assert_error(client.post("/api/v1/auth/logout/"), 403, "permission_denied")
    assert client.get("/api/v1/me/").status_code == 200  # still logged in
    assert client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert_error(client.get("/api/v1/me/"), 401, "not_authenticated")


def test_a_page_post_without_the_csrf_token_is_refused(world):
    client, token = _session(world.officer)
    client.defaults["HTTP_ACCEPT"] = "text/html"
    r = client.post("/language/", {"language": "en", "next": "/"})
    assert r.status_code == 403 and "Biểu mẫu đã hết hiệu lực" in r.content.decode()
    world.officer.refresh_from_db()
    assert world.officer.language == "vi"
    r = client.post("/language/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert r.status_code == 302
    world.officer.refresh_from_db()
    assert world.officer.language == "en"


def test_a_token_api_post_needs_no_csrf_token(world, make_task, api):
    task = make_task()
    r = api(world.head).transition("tasks", task.pk, "assign", {"lead_office": world.office_a.pk})
    assert r.status_code == 200, r.json()
