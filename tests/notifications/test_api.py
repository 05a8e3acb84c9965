"""``/api/v1/notifications/``: list, read, read-all, unread count, preferences (API.md)."""
import pytest

from tests.factories.notifications import NotificationFactory
from notifications.models import Notification
from notifications.rules import notified_event_types
from tests.refusals import assert_error, assert_validation_error

URL = "/api/v1/notifications/"


@pytest.fixture
def inbox(world):
    """Five notifications of the officer (the two oldest read) and two of someone else."""
    mine = [NotificationFactory(recipient=world.officer) for _ in range(5)]
    for n in mine[:2]:
        Notification.objects.filter(pk=n.pk).update(read_at=n.created_at)
    theirs = [NotificationFactory(recipient=world.officer2) for _ in range(2)]
    return mine, theirs


def ids(response):
    assert response.status_code == 200, response.json()
    return [n["id"] for n in response.json()["results"]]


def test_list_is_the_callers_own_newest_first(world, api, inbox):
    mine, _ = inbox
    r = api(world.officer).get(URL)
    assert ids(r) == [n.id for n in reversed(mine)]
    first = r.json()["results"][-1]
    assert set(first) == {"id", "event", "event_type", "title", "body", "url", "subject_type", "subject_id",
                          "created_at", "read", "read_at"}
    assert first["read"] is True and first["read_at"]


def test_unread_filter_and_after_cursor(world, api, inbox):
    mine, _ = inbox
    officer = api(world.officer)
    assert ids(officer.get(URL, {"unread": "true"})) == [n.id for n in reversed(mine[2:])]
    assert ids(officer.get(URL, {"unread": "false"})) == [n.id for n in reversed(mine[:2])]
    # after: ascending, what came after the id (the REST twin of the socket's resume)
    assert ids(officer.get(URL, {"after": mine[1].id})) == [n.id for n in mine[2:]]
    assert ids(officer.get(URL, {"after": mine[1].id, "unread": "true"})) == [n.id for n in mine[2:]]


@pytest.mark.parametrize("params,field", [({"after": "x"}, "after"), ({"after": -1}, "after"),
                                          ({"unread": "maybe"}, "unread")])
def test_bad_query_parameters_are_validation_errors(world, api, params, field):
    assert_validation_error(api(world.officer).get(URL, params), field)


def test_read_one_and_read_all(world, api, inbox):
    mine, theirs = inbox
    officer = api(world.officer)
    assert officer.get(URL + "unread-count/").json() == {"count": 3}
    r = officer.post(f"{URL}{mine[4].id}/read/")
    assert r.status_code == 200 and r.json()["read"] is True and r.json()["id"] == mine[4].id
    assert officer.post(f"{URL}{mine[4].id}/read/").status_code == 200  # twice is fine
    assert officer.get(URL + "unread-count/").json() == {"count": 2}
    assert officer.post(URL + "read-all/").json() == {"marked": 2}
    assert officer.get(URL + "unread-count/").json() == {"count": 0}
    # Someone else's inbox is untouched.
    assert Notification.objects.filter(recipient=world.officer2, read_at__isnull=True).count() == 2


def test_another_users_notification_is_not_found(world, api, inbox):
    _, theirs = inbox
    officer = api(world.officer)
    assert_error(officer.post(f"{URL}{theirs[0].id}/read/"), 404, "not_found")
    assert_error(officer.get(f"{URL}{theirs[0].id}/"), 404, "not_found")
    assert Notification.objects.get(pk=theirs[0].pk).read_at is None


def test_anonymous_is_refused(api):
    assert_error(api().get(URL), 401, "not_authenticated")
    assert_error(api().get(URL + "unread-count/"), 401, "not_authenticated")
    assert_error(api().get(URL + "preferences/"), 401, "not_authenticated")


def test_preferences_default_on_and_can_be_turned_off_and_on(world, api):
    officer = api(world.officer)
    r = officer.get(URL + "preferences/")
    assert r.status_code == 200
    prefs = r.json()["event_types"]
    assert [p["event_type"] for p in prefs] == notified_event_types()
    assert all(p["enabled"] for p in prefs)

    r = officer.client.patch(URL + "preferences/", {"event_types": [
        {"event_type": "task.started", "enabled": False},
        {"event_type": "finding.raised", "enabled": False}]}, format="json")
    assert r.status_code == 200, r.json()
    off = {p["event_type"] for p in r.json()["event_types"] if not p["enabled"]}
    assert off == {"task.started", "finding.raised"}

    r = officer.client.patch(URL + "preferences/", {"event_types": [
        {"event_type": "task.started", "enabled": True}]}, format="json")
    off = {p["event_type"] for p in r.json()["event_types"] if not p["enabled"]}
    assert off == {"finding.raised"}
    # Mine only.
    assert all(p["enabled"] for p in api(world.officer2).get(URL + "preferences/").json()["event_types"])


@pytest.mark.parametrize("body", [
    {"event_types": [{"event_type": "task.nonsense", "enabled": False}]},
    {"event_types": [{"event_type": "task.started"}]},
    {"event_types": "all"},
    {},
])
def test_bad_preferences_are_refused_and_change_nothing(world, api, body):
    officer = api(world.officer)
    r = officer.client.patch(URL + "preferences/", body, format="json")
    assert_validation_error(r, "event_types")
    assert not world.officer.notification_preferences.exists()


def test_list_costs_a_fixed_number_of_queries(world, api, django_assert_max_num_queries):
    officer = api(world.officer)
    for _ in range(30):
        NotificationFactory(recipient=world.officer)
    with django_assert_max_num_queries(4):
        assert len(ids(officer.get(URL))) == 30


def test_the_schema_documents_the_endpoints():
    # Generated from the notification routes alone, so this checks our declarations
    # whatever state the rest of the API is in.
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.routers import DefaultRouter

    from notifications.api import NotificationViewSet

    router = DefaultRouter()
    router.register("notifications", NotificationViewSet, basename="notification")
    schema = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))]).get_schema(public=True)
    paths = schema["paths"]
    for p in ("/api/v1/notifications/", "/api/v1/notifications/{id}/read/",
              "/api/v1/notifications/read-all/", "/api/v1/notifications/unread-count/",
              "/api/v1/notifications/preferences/"):
        assert p in paths, p
    assert {"get", "patch"} <= set(paths["/api/v1/notifications/preferences/"])
    listing = {p["name"] for p in paths["/api/v1/notifications/"]["get"]["parameters"]}
    assert {"unread", "after"} <= listing
