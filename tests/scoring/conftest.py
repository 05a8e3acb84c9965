"""Fixtures of the scoring tests: the shipped catalogue, and plan years built in bulk."""
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories.inspections import FindingFactory, InspectionFactory
from tests.factories.plans import ReformPlanFactory
from backend.plans.models import Task

YEAR = 2025  # worked examples live in a past year: dates are fixed, ``as_of`` is chosen


def d(month, day, year=YEAR):
    return datetime.date(year, month, day)


def local_dt(date, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


@pytest.fixture
def year_plan(world, template):
    """The agency's approved 2025 plan (deadline 31/12/2024, approved on time), no tasks."""
    return ReformPlanFactory(agency=world.agency, year=YEAR, state="approved",
                             issue_deadline=d(12, 31, YEAR - 1), approved_at=local_dt(d(12, 20, YEAR - 1)))


class TaskMaker:
    """Tasks of a plan in a given outcome, inserted in bulk (states set directly, as fixtures).

    Tasks the province assigned unless ``source=`` says otherwise: the template's 1.3 counts
    only tasks superiors assigned (its rule's ``sources``); plan completion counts them all."""

    def __init__(self, plan, field, office):
        self.plan, self.field, self.office, self.n = plan, field, office, 0

    def __call__(self, count=1, *, outcome="open", due=d(6, 30), kind="task", **extra):
        states = {
            "done_on_time": {"state": "done", "completed_on_time": True},
            "done_late": {"state": "done", "completed_on_time": False},
            "open": {"state": "in_progress"},
            "draft": {"state": "draft"},
            "cancelled": {"state": "cancelled"},
        }[outcome]
        rows = []
        for _ in range(count):
            self.n += 1
            rows.append(Task(plan=self.plan, kind=kind, code=extra.pop("code", None) or f"T{self.n}",
                             title=f"Nhiệm vụ {self.n}", field=self.field, lead_office=self.office,
                             expected_output="Báo cáo", due_date=due,
                             source=extra.get("source", "province" if kind == "task" else "own"),
                             **states, **{k: v for k, v in extra.items() if k != "source"}))
        return Task.objects.bulk_create(rows)


@pytest.fixture
def tasks(world, year_plan, template):
    return TaskMaker(year_plan, template.c["1"], world.office_a)


@pytest.fixture
def inspection(world):
    """``inspection(offices, state=..., start=...)`` → an inspection of the agency."""

    def make(offices, *, state="in_progress", start=d(5, 10)):
        return InspectionFactory(agency=world.agency, offices=offices, inspectors=[world.inspector],
                                 state=state, start_date=start, end_date=start + datetime.timedelta(days=5))

    return make


@pytest.fixture
def findings(world, inspection):
    """``findings(n, state=...)`` → n findings of one 2025 inspection of office_a."""
    holder = {}

    def make(count, *, state="open"):
        if "inspection" not in holder:
            holder["inspection"] = inspection([world.office_a])
        return [FindingFactory(inspection=holder["inspection"], office=world.office_a, state=state,
                               due_date=d(8, 1)) for _ in range(count)]

    return make
