"""The database unreachable (restarting, failing over): every request answers a clean 503
(the error body under /api/v1/, the site's page elsewhere), changes nothing, and the
next request after it is back succeeds without restarting anything.

The refusal comes from the database layer itself (every statement fails as a dropped
connection does; on PostgreSQL, the connection really points at a closed port), through
the real URLconf, middleware, authentication and views.
"""
import contextlib
import socket

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.api_client import Api
from tests.builders import build_task
from tests.cast import make_assignee
from tests.sockets import requires_postgres


@contextlib.contextmanager
def database_down():
    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        yield


def assert_unavailable_json(response):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"]
    body = response.json()
    assert body["error"]["code"] == "service_unavailable" and body["error"]["message"]
    assert "Traceback" not in response.content.decode()


@pytest.fixture
def task(world):
    return build_task(world, "assigned", make_assignee(world))


def test_api_reads_and_writes_answer_503_with_the_error_body(world, task):
    officer = Api(world.officer)
    assignee = Api(task.assignee)
    with database_down():
        assert_unavailable_json(officer.get("/api/v1/tasks/"))
        assert_unavailable_json(officer.get(f"/api/v1/tasks/{task.pk}/"))
        assert_unavailable_json(assignee.transition("tasks", task.pk, "start"))
        assert_unavailable_json(Api().post("/api/v1/auth/token/", {"username": "officer", "password": "x"}))
    task.refresh_from_db()
    assert task.state == "assigned"  # nothing half-written
    # Back: the same requests succeed, nothing restarted.
    assert officer.get("/api/v1/tasks/").status_code == 200
    assert assignee.transition("tasks", task.pk, "start").status_code == 200


def test_api_503_with_debug_on_too(world, settings):
    settings.DEBUG = True
    officer = Api(world.officer)
    with database_down():
        assert_unavailable_json(officer.get("/api/v1/tasks/"))


def test_a_page_answers_the_site_503_page(world):
    # The session and the user are read in a middleware, before any view: handler500's path.
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    with database_down():
        response = client.get("/", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in page and "Traceback" not in page
    assert client.get("/", HTTP_ACCEPT="text/html").status_code == 200


def test_an_api_call_with_a_session_fails_in_middleware_as_503_json(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    with database_down():
        assert_unavailable_json(client.get("/api/v1/tasks/"))


def test_other_server_errors_stay_500(world, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr("backend.plans.api.TaskViewSet.list", broken)
    api = Api(world.officer)
    api.client.raise_request_exception = False
    response = api.get("/api/v1/tasks/")
    assert response.status_code == 500 and response.json()["error"]["code"] == "server_error"


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_on_a_closed_port_then_back(world, task):
    """A real refused connection: 503 while it lasts, then the app reconnects by itself."""
    officer, assignee = Api(world.officer), Api(task.assignee)
    real = {key: connection.settings_dict.get(key) for key in ("PORT", "OPTIONS")}
    # With Django's connection pool, a new pool on the closed port, failing fast.
    options = dict(real["OPTIONS"] or {})
    pooled = bool(options.get("pool"))
    if pooled:
        options["pool"] = {**(options["pool"] if isinstance(options["pool"], dict) else {}), "timeout": 2}
    connection.close()
    if pooled:
        connection.close_pool()
    connection.settings_dict.update(PORT=closed_port(), OPTIONS=options)
    try:
        assert_unavailable_json(officer.get("/api/v1/tasks/"))
        assert_unavailable_json(assignee.transition("tasks", task.pk, "start"))
    finally:
        connection.close()
        if pooled:
            connection.close_pool()
        connection.settings_dict.update(real)
    assert officer.get("/api/v1/tasks/").status_code == 200
    assert assignee.transition("tasks", task.pk, "start").status_code == 200
