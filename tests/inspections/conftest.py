"""The inspection cast: the world's people, plus an inspector who is not on the team."""
import pytest

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from workflows.models import Event, TransitionRecord

# Everybody in tests/conftest.py's world, plus the two below.
CAST = [
    "head", "office_head", "officer", "officer2", "office_head_b", "inspector", "inspector2",
    "admin", "outsider_head", "outsider_officer", "outsider_inspector",
]
OUTSIDERS = {"outsider_head", "outsider_officer", "outsider_inspector"}


@pytest.fixture
def cast(world):
    """``world`` with an inspector of the agency who is not on the inspection, and one of
    the other agency."""
    world.inspector2 = UserFactory(username="inspector2", role=Role.INSPECTOR, agency=world.agency)
    world.outsider_inspector = UserFactory(username="outsider_inspector", role=Role.INSPECTOR,
                                           agency=world.other_agency)
    return world


def events_of(subject):
    return list(Event.objects.filter(subject_type=subject.subject_type, subject_id=subject.pk).order_by("id"))


def history_of(subject):
    return list(TransitionRecord.objects.filter(subject_type=subject.subject_type, subject_id=subject.pk)
                .order_by("id"))
