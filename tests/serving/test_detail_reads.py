"""A task's detail, history and transitions do not run the list's filters.

Building the list's filter form (its plan, office and person choices checked against the
database) cost a quarter of a detail request; a detail needs none of it. A query string
the list refuses leaves the detail untouched, and the filter values cost no query.
"""
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_a_query_string_the_list_refuses_does_not_reach_the_detail(world, api, task_in):
    task = task_in("in_progress")
    client = api(world.officer)
    bad = {"plan": "abc", "due_within": "-5", "state": "nonsense"}

    assert client.get("/api/v1/tasks/", bad).status_code == 400
    assert client.get(f"/api/v1/tasks/{task.pk}/", bad).status_code == 200
    assert client.get(f"/api/v1/tasks/{task.pk}/history/", bad).status_code == 200
    response = client.post(f"/api/v1/tasks/{task.pk}/transitions/submit/?plan=abc", {"result_note": "Xong"})
    assert response.status_code == 200, response.json()


def test_the_detail_spends_no_query_on_filter_values(world, api, task_in):
    task = task_in("in_progress")
    client = api(world.officer)
    client.get(f"/api/v1/tasks/{task.pk}/")  # warm: token, language, content types

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/tasks/{task.pk}/", params).status_code == 200
        return len(captured)

    filters = {"plan": world.plan.pk, "office": world.office_a.pk, "assignee": world.officer.pk}
    assert queries(filters) == queries({})
