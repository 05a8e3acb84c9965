"""Schemathesis against the API's own OpenAPI schema as each role: a short, bounded run.

No 5xx, every answer as the schema says (status, body, content type), every 4xx with the
error body. The long run (≥ 10,000 requests a role) is ``bench/fuzz.py``.
"""
import pytest

from tests.factories.evidence import EvidenceFactory
from tests.factories.notifications import NotificationFactory

from tests.api.operations import document_of
from tests.fuzzing import fuzz

ROLES = ["head", "office_head", "officer", "inspector", "admin"]
# Cases per operation, generation mode and target: about 240 requests a role.
EXAMPLES = 1


@pytest.fixture
def objects(world, task_in, make_finding, assignee):
    """Real objects of the agency, in states where most operations can act on them."""
    task = task_in("in_progress", assignee=world.officer)
    task_in("submitted")
    task_in("draft")
    finding = make_finding(state="in_remediation")
    evidence = EvidenceFactory(task=task, uploaded_by=world.officer)
    return {"tasks": task.pk, "plans": world.plan.pk, "inspections": finding.inspection_id,
            "findings": finding.pk, "evidence": evidence.pk, "offices": world.office_a.pk,
            "agencies": world.agency.pk, "users": world.officer.pk, "criteria": world.field.pk,
            "methodologies": world.methodology.pk, **document_of(world.agency, world.head)}


@pytest.mark.timeout(600)
@pytest.mark.parametrize("role", ROLES)
def test_fuzz_as_each_role(role, world, objects):
    user = getattr(world, role)
    notification = NotificationFactory(recipient=user)
    ids = {**objects, "notifications": notification.pk, "events": notification.event_id}
    tally = fuzz(user, role, examples=EXAMPLES, ids=ids, seed=0)
    print(tally.line())
    assert tally.requests > 150
    # The fuzzer logs itself out (auth/logout): it must go on with a new token, not spend
    # the rest of the run on 401s (only wrong credentials on auth/token answer 401 now).
    assert tally.tokens_reissued >= 2
    assert tally.statuses[401] < tally.requests / 20, tally.line()
    assert not tally.problems(), "\n".join(tally.problems()[:30])
