"""The inspection cast: the world's people, plus an inspector who is not on the team."""
import pytest

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from tests.factories.inspections import FindingFactory, InspectionFactory
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


@pytest.fixture
def make_inspection(cast):
    """An inspection of office_a and office_b by ``inspector``; ``state=`` to place it."""

    def make(state="in_progress", **kwargs):
        kwargs.setdefault("agency", cast.agency)
        kwargs.setdefault("offices", [cast.office_a, cast.office_b])
        kwargs.setdefault("inspectors", [cast.inspector])
        return InspectionFactory(state=state, **kwargs)

    return make


@pytest.fixture
def make_finding(cast, make_inspection):
    """A finding against office_a in an in-progress inspection; ``state=`` to place it."""

    def make(state="open", inspection=None, **kwargs):
        kwargs.setdefault("office", cast.office_a)
        return FindingFactory(inspection=inspection or make_inspection(), state=state, **kwargs)

    return make


def events_of(subject):
    return list(Event.objects.filter(subject_type=subject.subject_type, subject_id=subject.pk).order_by("id"))


def history_of(subject):
    return list(TransitionRecord.objects.filter(subject_type=subject.subject_type, subject_id=subject.pk)
                .order_by("id"))
