"""Deadline tests run on an injected clock: every pass gets ``now``; nothing sleeps."""
import datetime

import pytest
from django.utils import timezone

from tests.factories.inspections import FindingFactory, InspectionFactory
from workflows.models import Event


def at(year, month, day, hour=0, minute=0) -> datetime.datetime:
    """A moment in local time (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def d(year, month, day) -> datetime.date:
    return datetime.date(year, month, day)


def events(type_=None, subject=None):
    qs = Event.objects.order_by("id")
    if type_:
        qs = qs.filter(type=type_)
    if subject is not None:
        qs = qs.filter(subject_type=subject.subject_type, subject_id=subject.pk)
    return list(qs)


@pytest.fixture
def make_finding(world):
    """A finding against office_a in an in-progress inspection by ``world.inspector``."""

    def make(state="open", **kwargs):
        inspection = InspectionFactory(agency=world.agency, offices=[world.office_a, world.office_b],
                                       inspectors=[world.inspector], in_progress=True)
        kwargs.setdefault("office", world.office_a)
        return FindingFactory(inspection=inspection, state=state, **kwargs)

    return make
