"""The event log: ascending ids, ?after= and ?type=, one agency's events only."""
import pytest

from workflows.models import Event

from tests.refusals import assert_error, assert_validation_error

EVENT_KEYS = {"id", "type", "occurred_at", "actor", "agency", "subject_type", "subject_id", "payload"}


@pytest.fixture
def history(world, api, task_in, assignee, make_document):
    """Three tasks taken a few steps each: a small, known log."""
    head, doer = api(world.head), api(assignee)
    tasks = [task_in("assigned") for _ in range(3)]
    for task in tasks:
        assert doer.transition("tasks", task.pk, "start").status_code == 200
    assert doer.transition("tasks", tasks[0].pk, "submit", {"result_note": "xong"}).status_code == 200
    assert head.transition("tasks", tasks[0].pk, "approve").status_code == 200
    assert head.transition("tasks", tasks[1].pk, "cancel", {"reason": "trùng", "document": make_document(kind="amendment").pk}).status_code == 200
    return tasks


def _events(api, user, **params):
    r = api(user).get("/api/v1/events/", params)
    assert r.status_code == 200, r.content[:300]
    return r.json()["results"]


def test_event_shape_and_order(world, api, history):
    events = _events(api, world.officer)
    assert [e["type"] for e in events] == ["task.started"] * 3 + ["task.submitted", "task.completed", "task.cancelled"]
    assert all(set(e) == EVENT_KEYS for e in events)
    ids = [e["id"] for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    cancelled = events[-1]
    assert (cancelled["subject_type"], cancelled["subject_id"], cancelled["actor"], cancelled["agency"]) == (
        "task", history[1].pk, world.head.pk, world.agency.pk)
    assert cancelled["payload"]["reason"] == "trùng" and cancelled["payload"]["to"] == "cancelled"


def test_after_returns_only_later_events(world, api, history):
    everything = _events(api, world.head)
    third = everything[2]["id"]
    later = _events(api, world.head, after=third)
    assert [e["id"] for e in later] == [e["id"] for e in everything[3:]]
    assert _events(api, world.head, after=everything[-1]["id"]) == []
    assert len(_events(api, world.head, after=0)) == len(everything)


def test_type_filter(world, api, history):
    started = _events(api, world.head, type="task.started")
    assert [e["subject_id"] for e in started] == [t.pk for t in history]
    assert _events(api, world.head, type="task.nothing") == []
    everything = _events(api, world.head)
    after_first = _events(api, world.head, type="task.started", after=everything[0]["id"])
    assert [e["subject_id"] for e in after_first] == [t.pk for t in history[1:]]


def test_other_agencies_see_none_of_it(world, api, history):
    assert _events(api, world.outsider_head) == []
    some = Event.objects.first()
    assert_error(api(world.outsider_head).get(f"/api/v1/events/{some.pk}/"), 404, "not_found")
    assert api(world.head).get(f"/api/v1/events/{some.pk}/").json()["id"] == some.pk


@pytest.mark.parametrize("params", [{"after": "abc"}, {"after": "1.5.2"}])
def test_bad_after_is_400(params, world, api, history):
    assert_validation_error(api(world.head).get("/api/v1/events/", params), "after")


@pytest.mark.parametrize("after", ["99999999999999999999", "-1", "-99999999999999999999"])
def test_extreme_after_never_fails(after, world, api, history):
    r = api(world.head).get("/api/v1/events/", {"after": after})
    assert r.status_code == 200
    expected = 0 if not after.startswith("-") else Event.objects.count()
    assert r.json()["count"] == expected


def test_events_are_read_only(world, api, history):
    client = api(world.head).client
    assert client.post("/api/v1/events/", {"type": "task.started"}, format="json").status_code == 405
    some = Event.objects.first()
    assert client.delete(f"/api/v1/events/{some.pk}/").status_code == 405
