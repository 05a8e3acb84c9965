"""Worked examples of issue 13 (items 1–2), computed by hand from the rules' text:
dates come from signed documents, and "tasks assigned by superiors completed on time"
counts only the tasks superiors assigned (the 876 template, dept-template-876):

  1.1 plan issued      timeliness  on time 1 / late 0.5 / missing 0  (the plan document's date)
  1.3 tasks on time    proportional 1.5 × rate when rate ≥ 50%, else 0; sources = superiors
  1.4 periodic reports all_of      every report due so far on time → 1, else 0 (the outgoing
                                   document's date)
"""
from decimal import Decimal

import pytest

from backend.plans.services import plan_transition, task_transition
from backend.scoring.selectors import criterion_score

from tests.factories.documents import DocumentFactory
from tests.factories.plans import ReformPlanFactory

from .conftest import YEAR, d, local_dt

pytestmark = pytest.mark.django_db


def component(world, code, *, as_of=d(7, 1)):
    return criterion_score(world.agency, YEAR, as_of=as_of).component(code)


def _document(world, day, kind="plan"):
    return DocumentFactory(agency=world.agency, created_by=world.head, kind=kind, date=day)


def test_1_1_a_plan_signed_two_days_after_the_deadline_is_late(world, template):
    """Deadline 31/12/2024; the plan document is signed on 2/1/2025 (two days later) → late
    → 0.5 of 1, although the head clicked "issue" on 30/12/2024, before the deadline."""
    plan = ReformPlanFactory(agency=world.agency, year=YEAR, issue_deadline=d(12, 31, YEAR - 1))
    plan_transition(plan, "approve", actor=world.head, at=local_dt(d(12, 30, YEAR - 1)),
                    document=_document(world, d(1, 2)))
    c = component(world, "1.1")
    assert (c.measurement.value, c.points) == ("late", Decimal("0.50"))


def test_1_1_signed_on_the_deadline_and_recorded_later_is_on_time(world, template):
    """Signed on 31/12/2024 (the deadline), recorded in the system on 5/1/2025 → on time → 1."""
    plan = ReformPlanFactory(agency=world.agency, year=YEAR, issue_deadline=d(12, 31, YEAR - 1))
    plan_transition(plan, "approve", actor=world.head, at=local_dt(d(1, 5)),
                    document=_document(world, d(12, 31, YEAR - 1)))
    c = component(world, "1.1")
    assert (c.measurement.value, c.points) == ("on_time", Decimal("1.00"))


def _sent_report(world, tasks, *, due, sent, code="BC-Q1"):
    """A report task in progress, sent through the workflow by a document dated ``sent``."""
    [report] = tasks(1, outcome="open", kind="report", due=due, code=code, assignee=world.officer)
    return task_transition(report, "submit", actor=world.officer, at=local_dt(sent),
                           document=_document(world, sent, kind="report"))


def test_1_4_a_report_due_on_the_14th_sent_on_the_17th_loses_the_point(world, tasks):
    """Q1 report due Friday 14/3/2025 (a working day: its term ends that day), its outgoing
    document dated Monday 17/3 → late → all_of fails → 0 of 1, even before anyone approves
    it inside the department."""
    report = _sent_report(world, tasks, due=d(3, 14), sent=d(3, 17))
    assert report.state == "submitted" and report.sent_on == d(3, 17)
    c = component(world, "1.4", as_of=d(4, 1))
    assert (c.measurement.counted, c.measurement.against, c.points) == (0, 1, Decimal("0.00"))


def test_1_4_sent_on_the_15th_keeps_it_whatever_the_approval_day(world, tasks):
    """Due 15/3, document dated 15/3, approved inside the department on 20/3 → on time → 1."""
    report = _sent_report(world, tasks, due=d(3, 15), sent=d(3, 15))
    report = task_transition(report, "approve", actor=world.head, at=local_dt(d(3, 20)))
    assert report.completed_on_time is True
    c = component(world, "1.4", as_of=d(4, 1))
    assert (c.measurement.counted, c.measurement.against, c.points) == (1, 0, Decimal("1.00"))


def test_1_3_counts_only_the_tasks_superiors_assigned(world, tasks):
    """Superiors assigned 2 tasks: one done on time, one done late → rate 1/2 = 50% = the
    floor → 1.5 × 0.5 = 0.75. The department's own 2 tasks, both late, do not count (with
    them the rate would be 1/4 = 25% < 50% → 0)."""
    tasks(1, outcome="done_on_time", source="province")
    tasks(1, outcome="done_late", source="chairman")
    tasks(2, outcome="done_late", source="own")
    c = component(world, "1.3")
    assert (c.measurement.counted, c.measurement.against, c.measurement.value) == (1, 1, Decimal("0.5"))
    assert c.points == Decimal("0.75")
    # Plan completion (1.2) counts every task of the plan: 4 of 4 done → 100% > 90% → 2.
    assert component(world, "1.2").points == Decimal("2.00")


def test_1_3_with_only_own_tasks_there_is_nothing_to_measure(world, tasks):
    """Only the department's own tasks → no superior's task → nothing to measure → 0 (the
    rule's default), and the rule says which tasks it counts."""
    tasks(3, outcome="done_on_time", source="own")
    c = component(world, "1.3")
    assert (c.measurement.value, c.points) == (None, Decimal("0.00"))
    from backend.scoring import rules

    words = rules.in_words(c.criterion, c.measure)
    assert "Sở Nội vụ" in words["vi"] and "Department of Home Affairs" in words["en"]
