import pytest

from .support import build_task, make_assignee


@pytest.fixture
def assignee(world):
    """An officer of the lead office (office_a) whom tasks are assigned to."""
    return make_assignee(world)


@pytest.fixture
def cast(world, assignee):
    """Role name → user, for parametrized permission tests."""
    return {name: assignee if name == "assignee" else getattr(world, name) for name in (
        "head", "office_head", "office_head_b", "officer", "assignee", "officer2",
        "inspector", "admin", "outsider_head", "outsider_officer")}


@pytest.fixture
def task_in(world, assignee):
    """``task_in("submitted")`` → a task of the world's plan in that state, led by office_a."""

    def make(state="draft", **kwargs):
        kwargs.setdefault("assignee", assignee)
        return build_task(world, state, **kwargs)

    return make
