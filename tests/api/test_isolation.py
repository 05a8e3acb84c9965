"""Agency isolation on every endpoint: lists leave other agencies out, details are 404."""
import json
from urllib.parse import urlencode

import pytest
from asgiref.sync import sync_to_async

from tests.factories.comments import CommentFactory
from tests.factories.evidence import EvidenceFactory
from tests.factories.plans import ReformPlanFactory

from tests.api.operations import (
    api_routes, fill, names_an_object, operations, optional_objects, resource_of, schema_of,
)
from tests.api_client import Api
from tests.builders import build_task, days
from tests.refusals import Unchanged, assert_error
from tests.sockets import Socket, run


@pytest.fixture
def ours(world, api, assignee):
    """Our agency's task with evidence, a comment and history, seen from the outside."""
    task = build_task(world, "assigned", assignee=assignee)
    EvidenceFactory(task=task, uploaded_by=assignee)
    CommentFactory(task=task, author=world.head)
    assert api(assignee).transition("tasks", task.pk, "start").status_code == 200
    return task


@pytest.fixture
def theirs(world):
    """The other agency's own plan and task, so their lists are not trivially empty."""
    plan = ReformPlanFactory(agency=world.other_agency, year=world.today.year, approved=True)
    return build_task(world, "draft", plan=plan, lead_office=world.other_office)


def _ids(response):
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize("outsider", ["outsider_head", "outsider_officer"])
def test_lists_leave_other_agencies_out(outsider, world, api, ours, theirs):
    client = api(getattr(world, outsider))
    assert _ids(client.get("/api/v1/tasks/")) == {theirs.pk}
    assert _ids(client.get("/api/v1/plans/")) == {theirs.plan_id}
    assert _ids(client.get("/api/v1/agencies/")) == {world.other_agency.pk}
    assert _ids(client.get("/api/v1/offices/")) == {world.other_office.pk}
    assert _ids(client.get("/api/v1/users/")) == {world.outsider_head.pk, world.outsider_officer.pk}
    assert _ids(client.get("/api/v1/events/")) == set()
    # And ours do not see theirs.
    mine = api(world.head)
    assert theirs.pk not in _ids(mine.get("/api/v1/tasks/"))
    assert theirs.plan_id not in _ids(mine.get("/api/v1/plans/"))


@pytest.mark.parametrize("outsider", ["outsider_head", "outsider_officer"])
def test_details_of_other_agencies_are_404(outsider, world, api, ours):
    client = api(getattr(world, outsider))
    paths = [
        f"/api/v1/tasks/{ours.pk}/", f"/api/v1/tasks/{ours.pk}/history/", f"/api/v1/tasks/{ours.pk}/evidence/",
        f"/api/v1/tasks/{ours.pk}/comments/", f"/api/v1/plans/{world.plan.pk}/",
        f"/api/v1/plans/{world.plan.pk}/history/", f"/api/v1/agencies/{world.agency.pk}/",
        f"/api/v1/offices/{world.office_a.pk}/", f"/api/v1/users/{world.head.pk}/",
    ]
    for path in paths:
        assert_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize("outsider", ["outsider_head", "outsider_officer"])
def test_writes_to_other_agencies_are_404_and_change_nothing(outsider, world, api, ours):
    client = api(getattr(world, outsider))
    with Unchanged(ours, world.plan):
        for name, body in [("submit", {"result_note": "x"}), ("cancel", {"reason": "x"}),
                           ("extend", {"due_date": str(days(99)), "reason": "x"}), ("nope", {})]:
            assert_error(client.transition("tasks", ours.pk, name, body), 404, "not_found")
        assert_error(client.transition("plans", world.plan.pk, "close"), 404, "not_found")
        assert_error(client.patch(f"/api/v1/tasks/{ours.pk}/", {"title": "x"}), 404, "not_found")
        assert_error(client.patch(f"/api/v1/plans/{world.plan.pk}/", {"title": "x"}), 404, "not_found")
        assert_error(client.post(f"/api/v1/tasks/{ours.pk}/evidence/", {"url": "https://a.vn/1"}), 404, "not_found")
        assert_error(client.post(f"/api/v1/tasks/{ours.pk}/comments/", {"body": "x"}), 404, "not_found")


def test_references_to_other_agencies_are_refused_like_missing_ones(world, api, ours, theirs):
    """Our head may not point a task at their office, person or plan; the answer reveals nothing."""
    head = api(world.head)
    draft = build_task(world, "draft")
    with Unchanged(draft):
        theirs_r = head.transition("tasks", draft.pk, "assign", {"lead_office": world.other_office.pk})
        missing_r = head.transition("tasks", draft.pk, "assign", {"lead_office": 987654321})
        assert theirs_r.status_code == missing_r.status_code == 400
        assert theirs_r.json()["error"]["message"].replace(str(world.other_office.pk), "ID") == \
            missing_r.json()["error"]["message"].replace("987654321", "ID")
    body = {"plan": theirs.plan_id, "code": "X", "title": "x", "field": world.field.pk}
    assert_error(head.post("/api/v1/tasks/", body), 400, "validation_error")
    assert theirs.plan.tasks.count() == 1


def test_same_agency_admin_sees_but_does_not_act(world, api, ours):
    admin = api(world.admin)
    assert ours.pk in _ids(admin.get("/api/v1/tasks/"))
    with Unchanged(ours):
        assert_error(admin.transition("tasks", ours.pk, "cancel", {"reason": "x"}), 403, "permission_denied")


# --- every endpoint of the schema, and the socket -----------------------------------------
# The operations come from the API's own OpenAPI document (tests/api/operations.py): a new
# endpoint is attacked the day it appears, and one whose resource has no id in ``targets``
# below fails the test instead of being skipped.

# The national catalogue: everyone reads it; nothing in it belongs to an agency.
SHARED = {"criteria", "methodologies"}
# Writes to the caller's own things (their notifications, their preferences, a token for
# themselves): allowed to anyone, and they change only the caller's rows.
OWN_SCOPE = {("post", "/api/v1/notifications/read-all/"), ("put", "/api/v1/notifications/preferences/"),
             ("patch", "/api/v1/notifications/preferences/"), ("post", "/api/v1/auth/token/"),
             # Ending one's own tokens (and the client's, which the rest of the test needs).
             ("post", "/api/v1/auth/logout/"), ("post", "/api/v1/auth/logout-all/")}
# Apps whose rows a refused request must leave exactly as they were.
WATCHED_APPS = {"accounts", "criteria", "plans", "inspections", "evidence", "comments", "workdays",
                "scoring", "workflows", "notifications", "documents", "imports", "dossiers"}


def everything():
    """Every row of every table of the product (the tokens and sessions of the test aside)."""
    from django.apps import apps  # noqa: PLC0415

    return {model._meta.label: list(model.objects.order_by("pk").values())
            for model in apps.get_models() if model._meta.app_label in WATCHED_APPS}


def assert_nothing_changed(before):
    after = everything()
    changed = {label for label in before if before[label] != after.get(label)}
    assert not changed, f"changed by refused requests: {sorted(changed)}"


@pytest.fixture
def targets(world, api, ours, assignee, make_finding):
    """Our agency's objects of every kind, by the resource name of their URL."""
    from backend.workdays.models import CalendarOverride  # noqa: PLC0415
    from tests.factories.notifications import NotificationFactory  # noqa: PLC0415

    finding = make_finding(state="open")
    notification = NotificationFactory(recipient=world.officer)
    override = CalendarOverride.objects.create(agency=world.agency, date=days(30), kind="day_off",
                                               created_by=world.head)
    return {
        "tasks": ours.pk, "plans": world.plan.pk, "inspections": finding.inspection_id,
        "findings": finding.pk, "evidence": ours.evidence.first().pk, "offices": world.office_a.pk,
        "agencies": world.agency.pk, "users": world.officer.pk, "notifications": notification.pk,
        "events": notification.event_id, "calendar-overrides": override.pk,
        "criteria": world.field.pk, "methodologies": world.methodology.pk,
        # what a body or a query string may name
        "office": world.office_a.pk, "offices": world.office_a.pk, "lead_office": world.office_a.pk,
        "supporting_offices": world.office_b.pk, "assignee": world.officer.pk, "plan": world.plan.pk,
        "inspection": finding.inspection_id, "inspectors": world.inspector.pk,
        "inspector": world.inspector.pk, "agency": world.agency.pk, "follow_up_task": ours.pk,
        "field": world.field.pk, "subject_id": ours.pk,
        "ext": "pdf", **optional_objects(world),
    }



def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _value(schema, name, prop, targets):
    """A plausible value for one property, naming our objects wherever it names one."""
    prop = _resolve(schema, prop)
    for key in ("allOf", "oneOf", "anyOf"):
        if key in prop:
            return _value(schema, name, prop[key][0], targets)
    if "enum" in prop:
        return next(v for v in prop["enum"] if v is not None)
    kind = prop.get("type")
    if kind == "array":
        return [_value(schema, name, prop.get("items", {}), targets)]
    if name in targets and kind in ("integer", None):
        return targets[name]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "object":
        return {}
    fmt = prop.get("format")
    if fmt == "date":
        return str(days(30))
    if fmt == "date-time":
        return f"{days(30)}T08:00:00+07:00"
    if fmt == "uri":
        return "https://vanban.quangtri.gov.vn/1"
    return "Nội dung"


def attack_body(schema, operation, targets):
    """A body the operation would take, pointing at our objects (None when it takes none)."""
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    body = _resolve(schema, content["application/json"]["schema"])
    return {name: _value(schema, name, prop, targets) for name, prop in body.get("properties", {}).items()}


def attack_query(operation, targets):
    return {p["name"]: targets[p["name"]] for p in operation.get("parameters", [])
            if p["in"] == "query" and p["name"] in targets}


def _send(client, method, path, body, query):
    if query:
        path = f"{path}?{urlencode(query)}"
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _our_ids_in(response, resource, targets):
    """Our objects a 200 list answer shows (there must be none)."""
    body = response.json()
    items = body.get("results", body) if isinstance(body, dict) else body
    if not isinstance(items, list):
        return set()
    ours_id = targets.get(resource)
    return {item.get("id") for item in items if isinstance(item, dict)} & ({ours_id} - {None})


def test_schema_covers_every_api_route(world, api):
    """The attack list below is the schema's: it must hold every route the URLconf serves."""
    paths = {path for _m, path, _o in operations(schema_of(api(world.head).client))}
    missing = {route for route in api_routes()
               if route not in paths and not route.endswith("/transitions/{name}/")}
    assert not missing, missing


@pytest.mark.parametrize("outsider", ["outsider_head", "outsider_officer"])
def test_every_endpoint_refuses_another_agency_and_changes_nothing(outsider, world, api, targets):
    user = getattr(world, outsider)
    client = api(user).client
    schema = schema_of(client)
    before = everything()
    attempts = 0
    for method, path, operation in operations(schema):
        if (method, path) in OWN_SCOPE:
            continue
        resource = resource_of(path)
        r = _send(client, method, fill(path, targets), attack_body(schema, operation, targets),
                  attack_query(operation, targets))
        attempts += 1
        where = (method, path, r.status_code, r.content[:200])
        assert r.status_code < 500, where
        if r.status_code >= 400:
            assert_error(r, r.status_code, r.json()["error"]["code"])
        if resource in SHARED:
            continue
        if names_an_object(path):
            assert r.status_code == 404, where  # another agency's object does not exist for them
        elif method == "get":
            assert r.status_code in (200, 400, 403, 404), where
            if r.status_code == 200 and r["Content-Type"].startswith("application/json"):
                assert not _our_ids_in(r, resource, targets), where
                body = r.json()
                assert not (isinstance(body, dict) and body.get("agency") == world.agency.pk), where
        else:
            assert 400 <= r.status_code < 500, where
    assert attempts > 60
    assert_nothing_changed(before)


@pytest.mark.parametrize("insider", ["officer2", "office_head_b"])
def test_every_write_refuses_another_office_and_changes_nothing(insider, world, api, targets):
    """Same agency, another office: they may read (and comment); they may not change our work."""
    client = api(getattr(world, insider)).client
    schema = schema_of(client)
    before = everything()
    for method, path, operation in operations(schema):
        if method == "get" or (method, path) in OWN_SCOPE or path.endswith("/comments/"):
            continue
        r = _send(client, method, fill(path, targets), attack_body(schema, operation, targets),
                  attack_query(operation, targets))
        where = (method, path, r.status_code, r.content[:200])
        assert 400 <= r.status_code < 500, where
        assert_error(r, r.status_code, r.json()["error"]["code"])
        if names_an_object(path) and resource_of(path) in ("tasks", "findings", "plans", "inspections"):
            assert r.status_code in (403, 404, 409), where
    assert_nothing_changed(before)


@pytest.mark.django_db(transaction=True)
@run
async def test_the_socket_gives_nobody_another_users_notifications(world, make_task, memory_layer):
    """Forged ids, made-up message types, other groups' names, nested frames: the outsider's
    socket hears only its own user; our officer still gets ours."""
    from notifications.push import user_group  # noqa: PLC0415

    task = await sync_to_async(make_task)()
    ours_socket, outsider = Socket(world.officer), Socket(world.outsider_officer)
    assert await ours_socket.connect() and await outsider.connect()
    # A resume naming someone else is a resume of one's own (none here): nothing comes.
    for frame in ({"type": "resume", "after": 0, "user": world.officer.pk},
                  {"type": "resume", "after": 0, "recipient": world.officer.pk,
                   "group": user_group(world.officer.pk)}):
        await outsider.send(frame)
        assert await outsider.nothing(0.3)
    forged = [
        {"type": "subscribe", "group": user_group(world.officer.pk)},
        {"type": "join", "user_id": world.officer.pk},
        {"type": "notification.push", "frame": {"id": 1, "title": "giả"}},
        {"type": "notification_push", "frame": {"id": 1}},
        {"type": "websocket.connect"},
        {"type": "resume", "after": -1},
        {"type": "resume", "after": 2 ** 70},
        {"type": "resume", "after": "1 OR 1=1"},
        {"type": ["resume"]},
    ]
    for frame in forged:
        await outsider.send(frame)
        answer = await outsider.receive()
        assert answer["type"] == "error", (frame, answer)
    for raw in ("[" * 50000, "{" * 50000, "null", "[]", '"resume"'):
        await outsider.comm.send_to(text_data=raw)
        assert (await outsider.receive())["type"] == "error"

    def assign():
        r = Api(world.head).transition("tasks", task.pk, "assign",
                                       {"lead_office": world.office_a.pk, "assignee": world.officer.pk})
        assert r.status_code == 200, r.content

    await sync_to_async(assign)()
    frame = await ours_socket.receive()
    assert frame["type"] == "notification" and frame["subject_id"] == task.pk
    await outsider.resume(0)
    assert await outsider.nothing(0.5)  # not pushed, and not in their resume either
    await outsider.send({"type": "ping"})
    assert await outsider.receive() == {"type": "pong"}
    await ours_socket.close()
    await outsider.close()


@pytest.mark.django_db(transaction=True)
@run
async def test_the_socket_refuses_forged_tokens(world, memory_layer):
    socket = Socket(world.officer)  # the token a real client of the officer's holds
    assert await socket.connect()
    real = socket.token
    await socket.close()
    for token in (real[:-1] + ("0" if real[-1] != "0" else "1"), real + "x", "x" * 40, "\x00" * 40,
                  "' OR 1=1 --", str(world.officer.pk)):
        socket = Socket(token=token)
        await socket.connect()
        output = await socket.comm.receive_output(2)
        assert output == {"type": "websocket.close", "code": 4401}, (token, output)
