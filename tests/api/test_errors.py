"""The one error body, for every kind of refusal (API.md, Errors)."""
import pytest

from tests.refusals import Unchanged, assert_error, assert_invalid_transition, assert_validation_error


def test_404_unknown_url_is_json(world, api):
    assert_error(api(world.head).get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error(api(world.head).get("/api/v1/tasks/1/nope/"), 404, "not_found")
    assert_error(api().get("/nope/"), 404, "not_found")


def test_404_unknown_api_url_is_json_in_debug_too(world, api, settings):
    settings.DEBUG = True  # Django's own debug 404 page is HTML; the API's must not be
    assert_error(api(world.head).get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error(api().post("/api/v1/tasks/1/transitions/x/y/"), 404, "not_found")


def test_404_missing_object(world, api):
    for path in ["/api/v1/tasks/99999/", "/api/v1/plans/99999/", "/api/v1/tasks/abc/", "/api/v1/tasks/-1/",
                 "/api/v1/tasks/99999999999999999999/", "/api/v1/events/99999/", "/api/v1/users/99999/"]:
        error = assert_error(api(world.head).get(path), 404, "not_found")
        assert error["details"] == {}


def test_403_body(world, api, make_task):
    task = make_task()
    with Unchanged(task):
        error = assert_error(api(world.officer).transition("tasks", task.pk, "assign",
                                                           {"lead_office": world.office_a.pk}), 403,
                             "permission_denied")
    assert "assign" in error["message"]


def test_409_invalid_transition_body(world, api, task_in):
    task = task_in("in_progress")
    error = assert_invalid_transition(api(world.head).transition("tasks", task.pk, "approve"),
                                      "in_progress", ["cancel", "extend"])
    assert set(error["details"]) >= {"state", "available_transitions"}
    assert "in_progress" in error["message"]


def test_400_validation_body_maps_fields_to_lists(world, api):
    r = api(world.head).post("/api/v1/plans/", {"year": "abc", "title": ""})
    # issue_deadline is the province's (scoring configuration): no longer required of the body.
    error = assert_validation_error(r, "year", "title")
    assert error["message"]


def test_405_is_an_error_body(world, api, task_in):
    task = task_in("draft")
    client = api(world.head).client
    for r in (client.put(f"/api/v1/tasks/{task.pk}/", {}, format="json"),
              client.delete(f"/api/v1/tasks/{task.pk}/"),
              client.delete(f"/api/v1/plans/{world.plan.pk}/"),
              client.get(f"/api/v1/tasks/{task.pk}/transitions/start/")):
        assert r.status_code == 405
        assert_error(r, 405, r.json()["error"]["code"])
    assert task.__class__.objects.filter(pk=task.pk).exists()


def test_415_unsupported_media_type(world, api, task_in):
    task = task_in("submitted")
    with Unchanged(task):
        r = api(world.head).client.post(f"/api/v1/tasks/{task.pk}/transitions/approve/",
                                        "<approve/>", content_type="application/xml")
        assert_error(r, 415, "unsupported_media_type")


@pytest.mark.parametrize("raw", ["{", "không phải JSON", '{"year": 2030,}', "\x00\x01"])
def test_malformed_json_is_400(raw, world, api):
    r = api(world.head).client.post("/api/v1/plans/", raw, content_type="application/json")
    error = assert_error(r, 400, "validation_error")
    assert error["details"]
