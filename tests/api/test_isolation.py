"""Agency isolation on every endpoint: lists leave other agencies out, details are 404."""
import pytest

from tests.factories.comments import CommentFactory
from tests.factories.evidence import EvidenceFactory
from tests.factories.plans import ReformPlanFactory

from tests.builders import build_task, days
from tests.refusals import Unchanged, assert_error


@pytest.fixture
def ours(world, api, assignee):
    """Our agency's task with evidence, a comment and history, seen from the outside."""
    task = build_task(world, "assigned", assignee=assignee)
    EvidenceFactory(task=task, uploaded_by=assignee)
    CommentFactory(task=task, author=world.head)
    assert api(assignee).transition("tasks", task.pk, "start").status_code == 200
    return task


@pytest.fixture
def theirs(world):
    """The other agency's own plan and task, so their lists are not trivially empty."""
    plan = ReformPlanFactory(agency=world.other_agency, year=world.today.year, approved=True)
    return build_task(world, "draft", plan=plan, lead_office=world.other_office)


def _ids(response):
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize("outsider", ["outsider_head", "outsider_officer"])
def test_lists_leave_other_agencies_out(outsider, world, api, ours, theirs):
    client = api(getattr(world, outsider))
    assert _ids(client.get("/api/v1/tasks/")) == {theirs.pk}
    assert _ids(client.get("/api/v1/plans/")) == {theirs.plan_id}
    assert _ids(client.get("/api/v1/agencies/")) == {world.other_agency.pk}
    assert _ids(client.get("/api/v1/offices/")) == {world.other_office.pk}
    assert _ids(client.get("/api/v1/users/")) == {world.outsider_head.pk, world.outsider_officer.pk}
    assert _ids(client.get("/api/v1/events/")) == set()
    # And ours do not see theirs.
    mine = api(world.head)
    assert theirs.pk not in _ids(mine.get("/api/v1/tasks/"))
    assert theirs.plan_id not in _ids(mine.get("/api/v1/plans/"))


@pytest.mark.parametrize("outsider", ["outsider_head", "outsider_officer"])
def test_details_of_other_agencies_are_404(outsider, world, api, ours):
    client = api(getattr(world, outsider))
    paths = [
        f"/api/v1/tasks/{ours.pk}/", f"/api/v1/tasks/{ours.pk}/history/", f"/api/v1/tasks/{ours.pk}/evidence/",
        f"/api/v1/tasks/{ours.pk}/comments/", f"/api/v1/plans/{world.plan.pk}/",
        f"/api/v1/plans/{world.plan.pk}/history/", f"/api/v1/agencies/{world.agency.pk}/",
        f"/api/v1/offices/{world.office_a.pk}/", f"/api/v1/users/{world.head.pk}/",
    ]
    for path in paths:
        assert_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize("outsider", ["outsider_head", "outsider_officer"])
def test_writes_to_other_agencies_are_404_and_change_nothing(outsider, world, api, ours):
    client = api(getattr(world, outsider))
    with Unchanged(ours, world.plan):
        for name, body in [("submit", {"result_note": "x"}), ("cancel", {"reason": "x"}),
                           ("extend", {"due_date": str(days(99)), "reason": "x"}), ("nope", {})]:
            assert_error(client.transition("tasks", ours.pk, name, body), 404, "not_found")
        assert_error(client.transition("plans", world.plan.pk, "close"), 404, "not_found")
        assert_error(client.patch(f"/api/v1/tasks/{ours.pk}/", {"title": "x"}), 404, "not_found")
        assert_error(client.patch(f"/api/v1/plans/{world.plan.pk}/", {"title": "x"}), 404, "not_found")
        assert_error(client.post(f"/api/v1/tasks/{ours.pk}/evidence/", {"url": "https://a.vn/1"}), 404, "not_found")
        assert_error(client.post(f"/api/v1/tasks/{ours.pk}/comments/", {"body": "x"}), 404, "not_found")


def test_references_to_other_agencies_are_refused_like_missing_ones(world, api, ours, theirs):
    """Our head may not point a task at their office, person or plan; the answer reveals nothing."""
    head = api(world.head)
    draft = build_task(world, "draft")
    with Unchanged(draft):
        theirs_r = head.transition("tasks", draft.pk, "assign", {"lead_office": world.other_office.pk})
        missing_r = head.transition("tasks", draft.pk, "assign", {"lead_office": 987654321})
        assert theirs_r.status_code == missing_r.status_code == 400
        assert theirs_r.json()["error"]["message"].replace(str(world.other_office.pk), "ID") == \
            missing_r.json()["error"]["message"].replace("987654321", "ID")
    body = {"plan": theirs.plan_id, "code": "X", "title": "x", "field": world.field.pk}
    assert_error(head.post("/api/v1/tasks/", body), 400, "validation_error")
    assert theirs.plan.tasks.count() == 1


def test_same_agency_admin_sees_but_does_not_act(world, api, ours):
    admin = api(world.admin)
    assert ours.pk in _ids(admin.get("/api/v1/tasks/"))
    with Unchanged(ours):
        assert_error(admin.transition("tasks", ours.pk, "cancel", {"reason": "x"}), 403, "permission_denied")
