"""Fuzz-ish: malformed bodies and query strings on every write endpoint and list.

The only promise checked here: a 4xx with the JSON error body (or a 2xx where the junk
is ignorable), never a 5xx.
"""
import json

import pytest

from tests.factories.plans import ReformPlanFactory

from tests.builders import days
from tests.cast import for_each
from tests.refusals import assert_error

HUGE_ID = 99999999999999999999
HOSTILE_VALUES = [HUGE_ID, -1, "abc", "2025-13-45", "x" * 5000, [], {}, None, 1.5, True, "\x00",
                  "' OR 1=1 --", [HUGE_ID]]
# Each field of a valid body alone: the values that reach the most distinct code paths.
FIELD_VALUES = [HUGE_ID, -1, "abc", "2025-13-45", "25/12/2025", "x" * 100_000, [], None, {"id": 1}]
RAW_BODIES = ["không phải JSON", "{", "[]", '"a string"', "null", "42", "\ud800", "{}" * 1000]
FIELDS = ["year", "title", "issue_deadline", "plan", "code", "field", "description", "expected_output",
          "lead_office", "supporting_offices", "assignee", "due_date", "progress", "reason", "result_note",
          "comment", "url", "note", "body", "username", "password", "name", "agency", "kind", "file"]


def _check(response):
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert_error(response, response.status_code, response.json()["error"]["code"])


@pytest.fixture
def endpoints(world, task_in, assignee):
    """(who, method, path, a valid body to spoil one field at a time) for every write."""
    draft_plan = ReformPlanFactory(agency=world.agency, year=2031)
    approved_plan = ReformPlanFactory(agency=world.agency, year=2032, approved=True)
    t = {s: task_in(s) for s in ("draft", "assigned", "in_progress", "submitted", "returned")}
    office_a = world.office_a.pk
    return [
        (None, "post", "/api/v1/auth/token/", {"username": "head", "password": "demo-password"}),
        (world.head, "post", "/api/v1/plans/", {"year": 2033, "title": "KH", "issue_deadline": "2032-12-31"}),
        (world.head, "patch", f"/api/v1/plans/{draft_plan.pk}/", {"title": "KH mới"}),
        (world.head, "post", f"/api/v1/plans/{draft_plan.pk}/transitions/approve/", {}),
        (world.head, "post", f"/api/v1/plans/{approved_plan.pk}/transitions/close/", {}),
        (world.head, "post", "/api/v1/tasks/", {"plan": world.plan.pk, "code": "7.7", "title": "NV",
                                                "field": world.field.pk, "lead_office": office_a,
                                                "assignee": world.officer.pk, "due_date": str(days(9)),
                                                "supporting_offices": [world.office_b.pk]}),
        (world.head, "patch", f"/api/v1/tasks/{t['draft'].pk}/", {"title": "NV", "due_date": str(days(9)),
                                                                   "lead_office": office_a}),
        (assignee, "patch", f"/api/v1/tasks/{t['in_progress'].pk}/", {"progress": 50}),
        (world.admin, "post", "/api/v1/offices/", {"agency": world.agency.pk, "name": "Phòng mới"}),
        (world.officer, "post", f"/api/v1/tasks/{t['in_progress'].pk}/evidence/", {"url": "https://a.vn/1", "note": "n"}),
        (world.officer, "post", f"/api/v1/tasks/{t['in_progress'].pk}/comments/", {"body": "ý kiến"}),
        (world.head, "post", f"/api/v1/tasks/{t['draft'].pk}/transitions/assign/",
         {"lead_office": office_a, "assignee": assignee.pk, "due_date": str(days(9))}),
        (assignee, "post", f"/api/v1/tasks/{t['assigned'].pk}/transitions/start/", {}),
        (assignee, "post", f"/api/v1/tasks/{t['in_progress'].pk}/transitions/submit/", {"result_note": "xong"}),
        (world.head, "post", f"/api/v1/tasks/{t['submitted'].pk}/transitions/approve/", {"comment": "đạt"}),
        (world.head, "post", f"/api/v1/tasks/{t['submitted'].pk}/transitions/return/", {"reason": "thiếu"}),
        (assignee, "post", f"/api/v1/tasks/{t['returned'].pk}/transitions/resume/", {}),
        (world.head, "post", f"/api/v1/tasks/{t['returned'].pk}/transitions/cancel/", {"reason": "bỏ"}),
        (world.head, "post", f"/api/v1/tasks/{t['assigned'].pk}/transitions/extend/",
         {"due_date": str(days(99)), "reason": "chờ"}),
        (world.head, "post", f"/api/v1/tasks/{t['assigned'].pk}/transitions/no_such/", {}),
    ]


def _client(api, user):
    return api(user).client


def test_raw_bodies_never_5xx(api, endpoints):
    for user, method, path, _ in endpoints:
        client = _client(api, user)
        for raw in RAW_BODIES:
            data = raw.encode("utf-8", "surrogatepass")
            _check(getattr(client, method)(path, data, content_type="application/json"))
        _check(getattr(client, method)(path, b"\xff\xfe\x00garbage", content_type="application/json"))
        _check(getattr(client, method)(path, "a=1&b=2", content_type="application/x-www-form-urlencoded"))
        _check(getattr(client, method)(path, "<x/>", content_type="text/xml"))


def test_all_fields_hostile_never_5xx(api, endpoints):
    for user, method, path, _ in endpoints:
        client = _client(api, user)
        for value in HOSTILE_VALUES:
            _check(getattr(client, method)(path, json.dumps({f: value for f in FIELDS}),
                                           content_type="application/json"))


def test_each_field_spoiled_never_5xx(api, endpoints):
    for user, method, path, valid in endpoints:
        client = _client(api, user)
        for field in valid:
            for value in FIELD_VALUES:
                _check(getattr(client, method)(path, json.dumps({**valid, field: value}),
                                               content_type="application/json"))


def test_a_very_large_body_is_refused_cleanly(world, api):
    body = json.dumps({"year": 2033, "title": "x" * 3_000_000, "issue_deadline": "2032-12-31"})
    r = api(world.head).client.post("/api/v1/plans/", body, content_type="application/json")
    assert_error(r, r.status_code, r.json()["error"]["code"])
    assert 400 <= r.status_code < 500


QUERIES = [
    {"page": "abc"}, {"page": "-1"}, {"page": str(HUGE_ID)}, {"page_size": "100000"}, {"page_size": "-3"},
    {"page_size": str(HUGE_ID)}, {"overdue": "maybe"}, {"due_before": "xx"}, {"due_after": "2025-13-45"},
    {"assignee": str(HUGE_ID)}, {"assignee": "-1"}, {"assignee": "abc"}, {"plan": str(HUGE_ID)},
    {"office": str(HUGE_ID)}, {"field": str(HUGE_ID)}, {"state": "x" * 1000}, {"search": "%_\\'\""},
    {"search": "x" * 100_000}, {"after": str(HUGE_ID)}, {"after": "abc"}, {"type": "x" * 10_000},
    {"agency": str(HUGE_ID)}, {"office": "²"}, {"role": "\x00"}, {"methodology": str(HUGE_ID)},
    {"parent": "²"}, {"year": str(HUGE_ID)}, {"year": "abc"}, {"subject_id": str(HUGE_ID)}, {"open": "perhaps"},
    {"unread": "maybe"}, {"methodology": "a\x00b"}, {"search": "\x00"}, {"type": "\x00"}, {"code": "\x00"},
]
LISTS = ["/api/v1/tasks/", "/api/v1/plans/", "/api/v1/events/", "/api/v1/users/", "/api/v1/offices/",
         "/api/v1/agencies/", "/api/v1/criteria/"]


def test_query_strings_never_5xx(world, api, task_in):
    task_in("in_progress")
    client = api(world.head)

    def check(path):
        for params in QUERIES:
            r = client.get(path, params)
            _check(r)
            if r.status_code == 200:
                assert set(r.json()) == {"count", "next", "previous", "results"}

    for_each(LISTS, check)


def test_odd_ids_in_paths_are_404(world, api):
    client = api(world.head)

    def check(pk):
        for path in (f"/api/v1/tasks/{pk}/", f"/api/v1/plans/{pk}/", f"/api/v1/tasks/{pk}/history/",
                     f"/api/v1/tasks/{pk}/evidence/", f"/api/v1/events/{pk}/", f"/api/v1/users/{pk}/"):
            assert_error(client.get(path), 404, "not_found")
        assert_error(client.post(f"/api/v1/tasks/{pk}/transitions/start/"), 404, "not_found")
        assert_error(client.patch(f"/api/v1/tasks/{pk}/", {"title": "x"}), 404, "not_found")

    for_each([str(HUGE_ID), "-1", "abc", "0", "1e5", "%20", "1;DROP"], check)
