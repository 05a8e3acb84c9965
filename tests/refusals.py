"""Refusals as the API contract says them (API.md): the one error body, and nothing changed."""
from backend.comments.models import Comment
from backend.evidence.models import Evidence
from workflows.models import Event, TransitionRecord


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
