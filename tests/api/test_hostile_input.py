"""Hostile input on every endpoint of the schema: a 4xx with the error body, never a 5xx.

Each test names the hole it closes (issue 11); the endpoint lists come from the API's own
OpenAPI document (``tests/api/operations.py``), so new endpoints are covered too.
"""
import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.test import Client

from tests.factories.evidence import EvidenceFactory
from tests.factories.notifications import NotificationFactory

from tests.api.operations import fill, json_body, optional_objects, operations, query_parameters, schema_of
from tests.api_client import Api
from tests.refusals import Unchanged, assert_error, assert_validation_error
from tests.sockets import Socket, run

HUGE = "99999999999999999999"
DEEP = "[" * 50000
# Numbers and dates out of every range a filter could be compared with.
HOSTILE_PARAMS = [HUGE, "-" + HUGE, "0", "99999", "1.5", "99999-01-01", "\x00"]


@pytest.fixture
def ours(world, task_in, make_finding, assignee):
    """One object of each kind, all of office_a in the world's agency."""
    task = task_in("in_progress")
    finding = make_finding()
    evidence = EvidenceFactory(task=task, uploaded_by=assignee)
    notification = NotificationFactory(recipient=world.head)
    return {"tasks": task.pk, "plans": world.plan.pk, "inspections": finding.inspection_id,
            "findings": finding.pk, "evidence": evidence.pk, "notifications": notification.pk,
            "events": notification.event_id, "offices": world.office_a.pk, "agencies": world.agency.pk,
            "users": world.head.pk, "criteria": world.field.pk, "methodologies": world.methodology.pk,
            "calendar-overrides": 1, "ext": "pdf", **optional_objects(world)}


def _nested(depth):
    value = "x"
    for _ in range(depth):
        value = [value]
    return value


def _check(response):
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert_error(response, response.status_code, response.json()["error"]["code"])
    return response


# --- deeply nested JSON ---------------------------------------------------------------

def test_deeply_nested_json_is_a_400_not_a_crash(world, api):
    """``"[" * 50000`` made the JSON decoder raise RecursionError: a 500, anonymous too."""
    for client, path in [(api().client, "/api/v1/auth/token/"), (api(world.head).client, "/api/v1/plans/")]:
        r = client.post(path, DEEP, content_type="application/json")
        error = assert_validation_error(r, "body")
        assert "nested" in error["message"]
    # Nested deeper than any body needs, without reaching the recursion limit: refused too.
    r = api(world.head).client.post("/api/v1/plans/", json.dumps({"title": _nested(40)}),
                                    content_type="application/json")
    assert_validation_error(r, "body")


def test_deeply_nested_json_on_every_json_endpoint(world, api, ours):
    client = api(world.head).client
    for method, path, operation in operations(schema_of(client)):
        if not json_body(operation):
            continue
        with Unchanged(world.plan):
            _check(getattr(client, method)(fill(path, ours), DEEP, content_type="application/json"))


@run
async def test_a_deeply_nested_frame_does_not_kill_the_socket(world, memory_layer):
    socket = Socket(world.officer)
    assert await socket.connect()
    for frame in (DEEP, "{" * 50000, json.dumps({"type": "resume", "after": _nested(40)})):
        await socket.comm.send_to(text_data=frame)
        answer = await socket.receive()
        assert answer["type"] == "error" and answer["code"] == "validation_error", answer
    await socket.comm.send_to(bytes_data=b"[" * 50000)
    assert (await socket.receive())["type"] == "error"
    await socket.send({"type": "ping"})
    assert await socket.receive() == {"type": "pong"}  # still open, still answering
    await socket.close()


# --- numbers and dates in query strings -------------------------------------------------

@pytest.mark.parametrize("path, param", [
    ("/api/v1/findings/", "office"), ("/api/v1/findings/", "inspection"),
    ("/api/v1/findings/", "follow_up_task"), ("/api/v1/inspections/", "office"),
    ("/api/v1/inspections/", "inspector"), ("/api/v1/tasks/", "plan"), ("/api/v1/plans/", "year"),
])
def test_an_id_past_64_bits_is_a_400(path, param, world, api, ours):
    assert_validation_error(api(world.head).get(path, {param: HUGE}), param)


@pytest.mark.parametrize("path", ["/api/v1/inspections/", "/api/v1/calendar-overrides/"])
@pytest.mark.parametrize("year", ["0", "99999", "-5"])
def test_a_year_no_date_can_have_is_a_400(path, year, world, api, ours):
    assert_validation_error(api(world.head).get(path, {"year": year}), "year")


def test_comparisons_past_any_id_mean_nothing_after(world, api, ours):
    client = api(world.head)
    assert client.get("/api/v1/events/", {"after": HUGE}).json()["count"] == 0
    assert client.get("/api/v1/notifications/", {"after": HUGE}).json()["count"] == 0


@pytest.mark.timeout(900)  # one request per parameter and value: several hundred
def test_every_query_parameter_of_every_list_takes_hostile_values(world, api, ours):
    client = api(world.head).client
    for method, path, operation in operations(schema_of(client)):
        if method != "get":
            continue
        for parameter in query_parameters(operation):
            for value in HOSTILE_PARAMS:
                _check(client.get(fill(path, ours), {parameter["name"]: value}))


def test_routes_of_one_object_ignore_the_lists_filters(world, api, ours):
    """The list's filterset ran on detail, history, evidence, comments and transitions too."""
    client = api(world.head).client
    hostile = f"?office={HUGE}&inspection={HUGE}&follow_up_task={HUGE}&inspector={HUGE}&year=0&plan={HUGE}"
    for kind in ("findings", "inspections", "tasks", "plans"):
        for tail in ("", "history/", "evidence/", "comments/"):
            path = f"/api/v1/{kind}/{ours[kind]}/{tail}"
            r = client.get(path + hostile)
            if tail and r.status_code == 404 and client.get(path).status_code == 404:
                continue  # that kind has no such route
            assert r.status_code == 200, (path, r.content[:200])
    r = client.post(f"/api/v1/findings/{ours['findings']}/transitions/acknowledge/{hostile}",
                    {}, content_type="application/json")
    _check(r)
    assert r.status_code in (200, 403, 409)


def test_page_and_page_size_out_of_range(world, api, ours):
    client = api(world.head).client
    for value in (HUGE, "-1", "0", "abc", "1e400"):
        for name in ("page", "page_size"):
            _check(client.get("/api/v1/tasks/", {name: value}))


# --- OPTIONS --------------------------------------------------------------------------

def test_options_answers_on_every_path(world, api, ours):
    """``OPTIONS /api/v1/notifications/preferences/`` was a 500 (DRF built its serializers)."""
    client = api(world.head).client
    r = client.options("/api/v1/notifications/preferences/")
    assert r.status_code == 200 and r.json()["name"]
    for path in {path for _m, path, _o in operations(schema_of(client))}:
        r = _check(client.options(fill(path, ours)))
        assert r.status_code == 200, (path, r.content[:200])


# --- every 4xx has the error body ----------------------------------------------------

def test_a_post_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page(world, api):
    assert_error(api(world.head).post("/api/v1/no-such-thing/", {}), 404, "not_found")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.head)
    assert_error(browser.post("/api/v1/no-such-thing/", {}), 404, "not_found")


def test_a_session_write_without_csrf_token_is_a_json_403(world, task_in):
    task = task_in("in_progress")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.officer)
    with Unchanged(task):
        r = browser.post(f"/api/v1/tasks/{task.pk}/comments/", {"body": "x"}, content_type="application/json")
        assert_error(r, 403, "permission_denied")


@pytest.mark.parametrize("content_type, body", [
    ("multipart/form-data; boundary=xx", b"--xx\r\nContent-Disposition: form-data; name=\"file\"; "
                                          b"filename=\"a.pdf\"\r\n\r\nabc"),
    ("multipart/form-data", b"no boundary at all"),
    ("multipart/form-data; boundary=\xff", b"--\xff\r\n"),
    ("multipart/form-data; boundary=xx", b"--xx--"),
    ("application/x-www-form-urlencoded", b"a=1&" * 2000),
])
def test_malformed_request_bodies_get_the_error_body(content_type, body, world, api, task_in):
    task = task_in("in_progress")
    client = api(world.officer).client
    with Unchanged(task):
        r = client.generic("POST", f"/api/v1/tasks/{task.pk}/evidence/", body, content_type=content_type)
        assert 400 <= r.status_code < 500
        assert_error(r, r.status_code, r.json()["error"]["code"])


def test_debug_pages_are_never_html_under_the_api(world, api, settings, task_in):
    settings.DEBUG = True
    client = api(world.head).client
    for path in ("/api/v2/tasks/", "/api/", "/api/v1/tasks/1/nope/"):
        assert_error(client.get(path), 404, "not_found")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    task = task_in("in_progress")
    r = api(world.officer).client.post(f"/api/v1/tasks/{task.pk}/comments/", "body=" + "x" * 5000,
                                       content_type="application/x-www-form-urlencoded")
    assert_error(r, 413, "request_too_large")


def test_405_406_415_have_the_error_body(world, api, task_in):
    task = task_in("in_progress")
    client = api(world.head).client
    assert_error(client.delete(f"/api/v1/tasks/{task.pk}/"), 405, "method_not_allowed")
    assert_error(client.get("/api/v1/tasks/", HTTP_ACCEPT="text/html"), 406, "not_acceptable")
    assert_error(client.get("/api/v1/tasks/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable")
    assert_error(client.post(f"/api/v1/tasks/{task.pk}/comments/", "<x/>", content_type="application/xml"),
                 415, "unsupported_media_type")


async def _asgi_get(path, query_string, headers=()):
    from backend.asgi import application  # noqa: PLC0415  (Django must be set up first)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query_string,
             "root_path": "", "headers": [(b"host", b"testserver"), *headers],
             "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    app = ApplicationCommunicator(application, scope)
    await app.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await app.receive_output(5)
    body = b""
    while True:
        message = await app.receive_output(5)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await app.wait(1)
    return start["status"], {k.lower(): v for k, v in start["headers"]}, body


@pytest.mark.django_db(transaction=True)  # the ASGI app reads on its own connection
@run
async def test_a_query_string_that_is_not_utf8_gets_an_answer_with_a_body(world):
    """Django's ASGI handler answered ``?a=\\xff`` with a bare 400 before any middleware."""
    authorization = await sync_to_async(lambda: Api(world.head).client._credentials["HTTP_AUTHORIZATION"])()
    status, headers, body = await _asgi_get("/api/v1/tasks/", b"search=\xff\xfe",
                                            [(b"authorization", authorization.encode())])
    assert status == 200, body[:200]
    assert json.loads(body)["count"] == 0
    status, headers, body = await _asgi_get("/api/v1/tasks/", b"plan=\xff")
    assert status == 401 and json.loads(body)["error"]["code"] == "not_authenticated"


# --- who first ------------------------------------------------------------------------

def test_who_is_checked_before_state_and_body(world, api, task_in, make_finding, assignee):
    """A caller who may not act hears 403, not 409 (state) or 400 (body)."""
    in_progress, done = task_in("in_progress"), task_in("done")
    finding = make_finding()
    outsider_of_office = api(world.officer2)
    cases = [
        ("patch", f"/api/v1/tasks/{in_progress.pk}/", {"progress": 500}),
        ("patch", f"/api/v1/tasks/{done.pk}/", {"progress": 50}),
        ("patch", f"/api/v1/tasks/{in_progress.pk}/", {"title": ""}),
        ("post", f"/api/v1/tasks/{in_progress.pk}/evidence/", {"url": "ftp://nope"}),
        ("post", f"/api/v1/tasks/{done.pk}/evidence/", {"url": "https://a.vn/1"}),
        ("post", f"/api/v1/tasks/{in_progress.pk}/transitions/submit/", {"result_note": ["x"]}),
        ("patch", f"/api/v1/plans/{world.plan.pk}/", {"year": "abc"}),
        ("patch", f"/api/v1/findings/{finding.pk}/", {"severity": "nope"}),
        ("patch", f"/api/v1/inspections/{finding.inspection_id}/", {"offices": "nope"}),
        ("post", f"/api/v1/findings/{finding.pk}/evidence/", {"url": "nope"}),
        ("post", f"/api/v1/findings/{finding.pk}/transitions/close/", {"comment": ["x"]}),
        ("post", "/api/v1/plans/", {"year": "abc"}),
        ("post", "/api/v1/tasks/", {"plan": "abc"}),
        ("post", "/api/v1/inspections/", {"title": ""}),
        ("post", "/api/v1/findings/", {"inspection": "abc"}),
        ("post", "/api/v1/offices/", {"agency": "abc"}),
        ("post", "/api/v1/calendar-overrides/", {"date": "abc"}),
    ]
    with Unchanged(in_progress, done, finding, world.plan):
        for method, path, body in cases:
            r = getattr(outsider_of_office, method)(path, body)
            assert_error(r, 403, "permission_denied")
    # Comments: anyone of the agency may; another agency's caller does not even see it.
    assert_error(api(world.outsider_officer).post(f"/api/v1/tasks/{in_progress.pk}/comments/", {"body": ""}),
                 404, "not_found")
