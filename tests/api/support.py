"""Assertions and builders shared by the API and workflow tests."""
import datetime

from django.utils import timezone

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from backend.comments.models import Comment
from backend.evidence.models import Evidence
from tests.factories.plans import TaskFactory
from workflows.models import Event, TransitionRecord

# The cast every permission test runs through (world users plus the task's assignee).
CAST = [
    "head", "office_head", "office_head_b", "officer", "assignee", "officer2",
    "inspector", "admin", "outsider_head", "outsider_officer",
]
OUTSIDERS = {"outsider_head", "outsider_officer"}


def assert_error(response, status, code):
    """The one error body of API.md, exactly: {"error": {"code", "message", "details"}}."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert list(body) == ["error"], body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert isinstance(error["details"], dict), error
    return error


def assert_validation_error(response, *fields):
    """400 validation_error whose details map each named field to a list of messages."""
    error = assert_error(response, 400, "validation_error")
    for field in fields:
        assert field in error["details"], error
        messages = error["details"][field]
        assert isinstance(messages, list) and messages, error
        assert all(isinstance(m, str) and m for m in messages), error
    return error


def assert_invalid_transition(response, state, available):
    error = assert_error(response, 409, "invalid_transition")
    assert error["details"]["state"] == state, error
    assert sorted(error["details"]["available_transitions"]) == sorted(available), error
    return error


def snapshot(obj):
    """Everything a refused request must leave alone: the row and the logs around it."""
    model = type(obj)
    return {
        "row": model.objects.filter(pk=obj.pk).values().get(),
        "history": TransitionRecord.objects.count(),
        "events": Event.objects.count(),
        "evidence": Evidence.objects.count(),
        "comments": Comment.objects.count(),
    }


class Unchanged:
    """``with Unchanged(task): <refused request>`` asserts the refusal changed nothing."""

    def __init__(self, *objs):
        self.objs = objs

    def __enter__(self):
        self.before = [snapshot(o) for o in self.objs]
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            assert [snapshot(o) for o in self.objs] == self.before


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def make_assignee(world):
    return UserFactory(username="assignee", role=Role.OFFICER, office=world.office_a, agency=world.agency)


# Column values a task has in each state, as if it got there through the workflow.
def state_fields(state, assignee):
    now = timezone.now()
    fields = {"state": state}
    if state == "draft":
        return fields
    fields.update(assignee=assignee, assigned_at=now)
    if state in ("in_progress", "submitted", "returned", "done"):
        fields["started_at"] = now
    if state in ("submitted", "done"):
        fields.update(submitted_at=now, result_note="Đã hoàn thành")
    if state == "done":
        fields.update(completed_at=now, completed_on_time=True, progress=100)
    if state == "cancelled":
        fields["cancelled_at"] = now
    return fields


def build_task(world, state="draft", assignee=None, **kwargs):
    kwargs.setdefault("plan", world.plan)
    kwargs.setdefault("field", world.field)
    kwargs.setdefault("lead_office", world.office_a)
    return TaskFactory(**state_fields(state, assignee), **kwargs)


def for_each(cases, check):
    """Run ``check(case)`` for every case and report every failing one, not just the first.

    Loops instead of parametrization where each case is one request: the fixture world
    is then built once per test, which keeps the suite quick on PostgreSQL.
    """
    failures = []
    for case in cases:
        try:
            check(case)
        except AssertionError as exc:
            failures.append(f"{case!r}: {exc}")
    assert not failures, "\n".join(failures)
