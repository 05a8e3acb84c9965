"""The people every permission test runs through, and how to run a check for each of them."""
import pytest

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role

# The cast every permission test runs through (world users plus the task's assignee).
CAST = [
    "head", "office_head", "office_head_b", "officer", "assignee", "officer2",
    "inspector", "admin", "outsider_head", "outsider_officer",
]
OUTSIDERS = {"outsider_head", "outsider_officer"}


def make_assignee(world):
    return UserFactory(username="assignee", role=Role.OFFICER, office=world.office_a, agency=world.agency)


@pytest.fixture(name="cast")
def inspection_cast(world):
    """The inspection tests' ``cast`` (import it where they run): ``world`` with an
    inspector of the agency who is not on the inspection, and one of the other agency."""
    world.inspector2 = UserFactory(username="inspector2", role=Role.INSPECTOR, agency=world.agency)
    world.outsider_inspector = UserFactory(username="outsider_inspector", role=Role.INSPECTOR,
                                           agency=world.other_agency)
    return world


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
