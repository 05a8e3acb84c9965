"""Plan: draft → approved → closed, by the department head only."""
import pytest

from tests.factories.documents import DocumentFactory
from tests.factories.plans import ReformPlanFactory
from backend.plans.models import ReformPlan
from workflows.models import Event, TransitionRecord

from tests.cast import CAST, OUTSIDERS, for_each
from tests.refusals import Unchanged, assert_error, assert_invalid_transition

PLAN_TRANSITIONS = {
    "approve": ("draft", "approved", "plan.approved"),
    "close": ("approved", "closed", "plan.closed"),
}


def _plan_document(world):
    return DocumentFactory(agency=world.agency, created_by=world.head, kind="plan")


def _body(name, world):
    """A plan is issued (approve) by its signed plan document."""
    return {"document": _plan_document(world).pk} if name == "approve" else {}


def _plan(world, state, ahead=1):
    extra = {"approved": True} if state == "approved" else {"state": state}
    return ReformPlanFactory(agency=world.agency, year=world.today.year + ahead, **extra)


@pytest.mark.parametrize("name", list(PLAN_TRANSITIONS))
def test_plan_transition_by_role(name, world, api, cast):
    source, target, event_type = PLAN_TRANSITIONS[name]

    def check(role):
        plan = _plan(world, source, ahead=1 + CAST.index(role))
        actor = cast[role]
        if role != "head":
            with Unchanged(plan):
                r = api(actor).transition("plans", plan.pk, name)
                if role in OUTSIDERS:
                    assert_error(r, 404, "not_found")
                else:
                    assert_error(r, 403, "permission_denied")
            return
        r = api(actor).transition("plans", plan.pk, name, _body(name, world))
        assert r.status_code == 200, r.json()
        body = r.json()
        assert body["state"] == target and body["id"] == plan.pk
        assert ReformPlan.objects.get(pk=plan.pk).state == target
        event = Event.objects.get()
        assert (event.type, event.subject_type, event.subject_id, event.actor_id, event.agency_id) == (
            event_type, "plan", plan.pk, actor.pk, world.agency.pk)
        record = TransitionRecord.objects.get()
        assert (record.subject_type, record.from_state, record.to_state, record.event_id) == (
            "plan", source, target, event.pk)

    for_each(CAST, check)


def test_approve_sets_the_date_that_decides_issued_on_time(world, api):
    plan = _plan(world, "draft")
    document = _plan_document(world)
    body = api(world.head).transition("plans", plan.pk, "approve", {"document": document.pk}).json()
    assert (body["issue_document"], body["issued_on"]) == (document.pk, document.date.isoformat())
    assert body["approved_at"] and body["available_transitions"] == ["close"]
    # issue deadline is 31 Dec of the year before the plan's year: today is not later.
    assert body["issued_on_time"] is True


def test_plan_wrong_state_is_409(world, api):
    def check(case):
        state, name, available = case
        plan = _plan(world, state, ahead=ReformPlan.objects.count())
        with Unchanged(plan):
            assert_invalid_transition(api(world.head).transition("plans", plan.pk, name), state, available)

    for_each([("approved", "approve", ["close"]), ("closed", "approve", []),
              ("draft", "close", ["approve"]), ("closed", "close", [])], check)


def test_unknown_plan_transition_is_404(world, api):
    plan = _plan(world, "draft")
    with Unchanged(plan):
        error = assert_error(api(world.head).transition("plans", plan.pk, "publish"), 404, "not_found")
    assert "approve" in error["details"]["transition"][0]


def test_plan_history(world, api):
    plan = _plan(world, "draft")
    head = api(world.head)
    head.transition("plans", plan.pk, "approve", _body("approve", world))
    head.transition("plans", plan.pk, "close")
    rows = head.get(f"/api/v1/plans/{plan.pk}/history/").json()["results"]
    assert [(h["from"], h["to"], h["by"]) for h in rows] == [
        ("draft", "approved", world.head.pk), ("approved", "closed", world.head.pk)]
    assert_error(api(world.outsider_head).get(f"/api/v1/plans/{plan.pk}/history/"), 404, "not_found")
