"""The task list builds only the filters its query string names (backend/api/filtersets.py).

django-filter copied every declared filter and built its form field on every request;
the ones a request does not name filter nothing, so they are left out.
"""
from django.http import QueryDict

from backend.plans.api import TaskFilter
from backend.plans.models import Task


def built(query):
    return set(TaskFilter(QueryDict(query), Task.objects.none()).filters)


def test_only_the_named_filters_are_built():
    assert built("") == set()
    assert built("state=draft&state=assigned&search=báo cáo") == {"state", "search"}
    assert built("due_after=2026-01-01&page=2") == {"due_after"}


def test_unbound_and_schema_still_see_every_filter():
    every = set(TaskFilter.base_filters)
    assert {"plan", "office", "assignee", "state", "due_within", "extension_requested"} <= every
    assert set(TaskFilter(None, Task.objects.none()).filters) == every


def test_a_named_filter_still_refuses_a_bad_value(world, api):
    response = api(world.officer).get("/api/v1/tasks/", {"due_within": "-1", "search": "x"})
    assert response.status_code == 400
    assert "due_within" in response.json()["error"]["details"]
