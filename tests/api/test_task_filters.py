"""Task list filters: plan, state, office, assignee, field, overdue, due_before/after, search."""
import pytest

from tests.factories.plans import ReformPlanFactory

from tests.builders import build_task, days
from tests.cast import for_each
from tests.refusals import assert_error, assert_validation_error


@pytest.fixture
def tasks(world, assignee):
    other_plan = ReformPlanFactory(agency=world.agency, year=world.today.year - 1, approved=True)
    return {
        "draft": build_task(world, "draft", code="1.1", title="Ban hành kế hoạch", due_date=days(10)),
        "mine": build_task(world, "in_progress", assignee=assignee, code="1.2", title="Rà soát TTHC",
                           description="Đơn giản hóa thủ tục cấp phép xây dựng", due_date=days(20)),
        "late": build_task(world, "assigned", assignee=world.officer2, lead_office=world.office_b,
                           code="2.1", title="Số hóa hồ sơ", field=world.fields[1], due_date=days(-5),
                           overdue=True, overdue_since=days(-4)),
        "done": build_task(world, "done", assignee=world.officer, code="2.2", title="Báo cáo quý",
                           field=world.fields[1], due_date=days(-30)),
        "old": build_task(world, "cancelled", plan=other_plan, code="1.1", title="Kế hoạch năm trước",
                          due_date=days(-300)),
    }


def _ids(api, user, **params):
    r = api(user).get("/api/v1/tasks/", params)
    assert r.status_code == 200, r.content[:300]
    return sorted(t["id"] for t in r.json()["results"])


def _pk(tasks, *names):
    return sorted(tasks[n].pk for n in names)


def test_filters(world, api, tasks, assignee):
    head = world.head
    assert _ids(api, head) == _pk(tasks, "draft", "mine", "late", "done", "old")
    assert _ids(api, head, plan=world.plan.pk) == _pk(tasks, "draft", "mine", "late", "done")
    assert _ids(api, head, state="in_progress") == _pk(tasks, "mine")
    assert _ids(api, head, state=["draft", "done"]) == _pk(tasks, "draft", "done")
    assert _ids(api, head, office=world.office_b.pk) == _pk(tasks, "late")
    assert _ids(api, head, assignee=assignee.pk) == _pk(tasks, "mine")
    assert _ids(api, head, field=world.fields[1].pk) == _pk(tasks, "late", "done")
    assert _ids(api, head, overdue="true") == _pk(tasks, "late")
    assert _ids(api, head, overdue="false") == _pk(tasks, "draft", "mine", "done", "old")
    assert _ids(api, head, due_before=str(days(0))) == _pk(tasks, "late", "done", "old")
    assert _ids(api, head, due_after=str(days(10))) == _pk(tasks, "draft", "mine")
    assert _ids(api, head, due_after=str(days(-30)), due_before=str(days(10))) == _pk(tasks, "draft", "late", "done")
    assert _ids(api, head, search="1.2") == _pk(tasks, "mine")
    assert _ids(api, head, search="Số hóa") == _pk(tasks, "late")
    assert _ids(api, head, search="cấp phép") == _pk(tasks, "mine")  # in the description
    assert _ids(api, head, search="năm trước") == _pk(tasks, "old")
    assert _ids(api, head, plan=world.plan.pk, state="assigned", office=world.office_b.pk, overdue="true") == _pk(
        tasks, "late")
    assert _ids(api, head, search="không có") == []
    assert _ids(api, head, open="true") == _pk(tasks, "draft", "mine", "late")
    assert _ids(api, head, open="false") == _pk(tasks, "done", "old")


def test_list_is_ordered_and_paginated(world, api, tasks):
    r = api(world.head).get("/api/v1/tasks/", {"page_size": 2})
    body = r.json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"] and body["previous"] is None
    page2 = api(world.head).client.get(body["next"]).json()
    assert len(page2["results"]) == 2 and page2["previous"]
    seen = [t["id"] for t in body["results"] + page2["results"]]
    assert len(set(seen)) == 4


def test_bad_filter_values_are_400(world, api, tasks):
    def check(case):
        params, field = case
        assert_validation_error(api(world.head).get("/api/v1/tasks/", params), field)

    for_each([
        ({"due_before": "xx"}, "due_before"), ({"due_after": "2025-13-45"}, "due_after"),
        ({"due_before": "25/12/2025"}, "due_before"), ({"state": "finished"}, "state"), ({"plan": "abc"}, "plan"),
        ({"assignee": "abc"}, "assignee"), ({"search": "x" * 201}, "search"),
    ], check)


def test_an_unreadable_boolean_is_ignored(world, api, tasks):
    # django-filter reads anything but true/false as "no filter"; API.md allows ignoring it.
    assert _ids(api, world.head, overdue="maybe") == _ids(api, world.head)


def test_impossible_ids_never_fail(world, api, tasks):
    def check(params):
        r = api(world.head).get("/api/v1/tasks/", params)
        if r.status_code == 200:
            assert r.json()["results"] == []
        else:
            assert_error(r, 400, "validation_error")

    for_each([{"assignee": "99999999999999999999"}, {"plan": "99999999999999999999"},
              {"office": "99999999999999999999"}, {"field": "99999999999999999999"}, {"assignee": "-1"},
              {"office": "-1"}, {"office": "abc"}], check)


def test_filtering_by_another_agencys_objects_reveals_nothing(world, api, tasks):
    """Another agency's plan, office or user answers like one that does not exist."""
    theirs = ReformPlanFactory(agency=world.other_agency, year=world.today.year)
    for name, their_id in (("plan", theirs.pk), ("office", world.other_office.pk),
                           ("assignee", world.outsider_officer.pk)):
        other = api(world.head).get("/api/v1/tasks/", {name: their_id})
        missing = api(world.head).get("/api/v1/tasks/", {name: 987654321})
        assert other.status_code == missing.status_code == 400, name
        assert other.json()["error"]["details"][name][0].replace(str(their_id), "ID") == \
            missing.json()["error"]["details"][name][0].replace("987654321", "ID")


def test_bad_pages_are_404_not_found(world, api, tasks):
    for_each([{"page": "abc"}, {"page": "0"}, {"page": "99999"}, {"page": "-1"}],
             lambda params: assert_error(api(world.head).get("/api/v1/tasks/", params), 404, "not_found"))


def test_page_size_is_clamped_or_ignored(world, api, tasks):
    def check(case):
        size, expected = case
        r = api(world.head).get("/api/v1/tasks/", {"page_size": size})
        assert r.status_code == 200 and len(r.json()["results"]) == expected

    for_each([("100000", 5), ("0", 5), ("-5", 5), ("abc", 5), ("1", 1)], check)
