"""A finding's follow-up task: when it is done, the office hears it may submit remediation."""
import pytest

from backend.inspections.consumers import remediation_ready
from workflows import dispatch
from workflows.models import Event


def _ready_events(finding):
    return list(Event.objects.filter(type="finding.remediation_ready", subject_type="finding",
                                     subject_id=finding.pk))


def _task_to_done(cast, api, task):
    head, officer = api(cast.head), api(cast.officer)
    assert head.transition("tasks", task.pk, "assign", {"lead_office": cast.office_a.pk,
                                                        "assignee": cast.officer.pk}).status_code == 200
    assert officer.transition("tasks", task.pk, "start").status_code == 200
    assert officer.transition("tasks", task.pk, "submit", {"result_note": "Xong"}).status_code == 200
    r = head.transition("tasks", task.pk, "approve")
    assert r.status_code == 200 and r.json()["state"] == "done"


@pytest.mark.parametrize(("who", "status"), [
    ("inspector", 200), ("head", 200), ("inspector2", 403), ("officer", 403), ("office_head", 403),
    ("outsider_head", 404),
])
def test_who_links_a_follow_up_task(cast, api, make_finding, make_task, who, status):
    finding, task = make_finding(), make_task()
    r = api(getattr(cast, who)).patch(f"/api/v1/findings/{finding.pk}/", {"follow_up_task": task.pk})
    assert r.status_code == status, r.json()
    finding.refresh_from_db()
    assert finding.follow_up_task_id == (task.pk if status == 200 else None)
    if status == 200:
        assert r.json()["follow_up_task"] == task.pk
        filtered = api(cast.officer).get("/api/v1/findings/", {"follow_up_task": task.pk}).json()
        assert [f["id"] for f in filtered["results"]] == [finding.pk]


def test_the_head_may_only_link_the_task_not_edit_the_finding(cast, api, make_finding, make_task):
    finding = make_finding()
    r = api(cast.head).patch(f"/api/v1/findings/{finding.pk}/",
                             {"follow_up_task": make_task().pk, "severity": "low"})
    assert r.status_code == 403


def test_the_consumer_is_registered():
    assert any(c.name == remediation_ready.name for c in dispatch.consumers())


def test_completing_the_task_tells_the_office_once(cast, api, make_finding, make_task,
                                                   django_capture_on_commit_callbacks):
    finding = make_finding(state="in_remediation")
    done_elsewhere = make_finding(state="closed")  # nothing left to remedy: no announcement
    task = make_task()
    api(cast.inspector).patch(f"/api/v1/findings/{finding.pk}/", {"follow_up_task": task.pk})
    api(cast.inspector).patch(f"/api/v1/findings/{done_elsewhere.pk}/", {"follow_up_task": task.pk})
    assert _ready_events(finding) == []

    with django_capture_on_commit_callbacks(execute=True):
        _task_to_done(cast, api, task)

    event, = _ready_events(finding)
    assert _ready_events(done_elsewhere) == []
    assert event.agency_id == cast.agency.pk and event.actor_id is None
    assert event.payload["task"] == task.pk and event.payload["office"] == cast.office_a.pk
    assert {"inspection", "office", "inspectors", "severity", "due_date", "description",
            "state"} <= set(event.payload)

    # A second delivery of the same task.completed changes nothing.
    completed = Event.objects.get(type="task.completed", subject_id=task.pk)
    remediation_ready.handle(completed)
    remediation_ready.handle(completed)
    assert len(_ready_events(finding)) == 1


def test_the_consumer_works_on_the_real_event_row(cast, api, make_finding, make_task):
    # Without on-commit callbacks run, only the Event row exists: hand it over directly.
    finding = make_finding(state="open")
    task = make_task()
    api(cast.head).patch(f"/api/v1/findings/{finding.pk}/", {"follow_up_task": task.pk})
    _task_to_done(cast, api, task)
    assert _ready_events(finding) == []
    completed = Event.objects.get(type="task.completed", subject_id=task.pk)
    remediation_ready.handle(completed)
    remediation_ready.handle(Event.objects.get(type="task.started", subject_id=task.pk))
    assert len(_ready_events(finding)) == 1
    # Once remediation is under way with another task, that one is announced as well.
    other = make_task()
    api(cast.head).patch(f"/api/v1/findings/{finding.pk}/", {"follow_up_task": other.pk})
    _task_to_done(cast, api, other)
    remediation_ready.handle(Event.objects.get(type="task.completed", subject_id=other.pk))
    assert [e.payload["task"] for e in _ready_events(finding)] == [task.pk, other.pk]


def test_linking_a_task_that_is_already_done_tells_the_office_at_once(cast, api, make_finding, make_task):
    task = make_task()
    _task_to_done(cast, api, task)
    finding = make_finding(state="in_remediation")
    assert api(cast.inspector).patch(f"/api/v1/findings/{finding.pk}/",
                                     {"follow_up_task": task.pk}).status_code == 200
    api(cast.inspector).patch(f"/api/v1/findings/{finding.pk}/", {"follow_up_task": task.pk})
    assert len(_ready_events(finding)) == 1


@pytest.mark.django_db(transaction=True)
def test_after_a_real_commit(cast, api, make_finding, make_task):
    finding = make_finding(state="in_remediation")
    task = make_task()
    api(cast.inspector).patch(f"/api/v1/findings/{finding.pk}/", {"follow_up_task": task.pk})
    _task_to_done(cast, api, task)
    assert len(_ready_events(finding)) == 1
