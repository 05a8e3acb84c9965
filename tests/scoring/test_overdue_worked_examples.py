"""Worked examples of the one meaning of overdue (issue 13, items 3–5), computed by hand
from the rule's text (par-index-method.md §4, §9; Civil Code 2015 art. 148), through the
real workflow (``run_transition`` at fixed moments) and the real score.

The 876 template's 1.2 (plan completion: > 90% → 2; ≥ 70% → 1; else 0), 1.3 (tasks on
time: 1.5 × rate when rate ≥ 50%, else 0) and 1.4 (every periodic report due so far on
time → 1, else 0).
"""
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from backend.deadlines.scan import flag_overdue
from backend.plans.models import Task
from backend.scoring import rules
from backend.scoring.selectors import criterion_score
from tests.factories.documents import DocumentFactory
from workflows.services import run_transition

from .conftest import YEAR, d, local_dt

pytestmark = pytest.mark.django_db


def _task(world, plan, field, code, due, kind="task", **extra):
    # Assigned by the province: the template's 1.3 counts the tasks superiors assigned.
    extra.setdefault("source", "province")
    return Task.objects.create(plan=plan, kind=kind, code=code, title=f"Nhiệm vụ {code}", field=field,
                               lead_office=world.office_a, assignee=world.officer, due_date=due,
                               state="in_progress", expected_output="Báo cáo", **extra)


def _submit(world, task, day, hour=10):
    # A report is sent by its outgoing document, dated the day it goes out.
    sent = ({"document": DocumentFactory(agency=world.agency, date=day, kind="report")}
            if task.kind == "report" else {})
    return run_transition(task, "submit", actor=world.officer, at=local_dt(day, hour), result_note="Đã xong",
                          **sent)


def _approve(world, task, day):
    return run_transition(task, "approve", actor=world.office_head, at=local_dt(day, 15))


def _done_on_time(world, year_plan, template, code="T0"):
    task = _task(world, year_plan, template.c["1"], code, d(6, 11))
    return _approve(world, _submit(world, task, d(6, 9)), d(6, 10))


def component(world, code, as_of, year=YEAR):
    return criterion_score(world.agency, year, as_of=as_of).component(code)


class TestSubmittedOnTimeApprovedLate:
    """Submitted Tuesday 10/6/2025 for a due date of Wednesday 11/6 (a working day); the
    reviewer approves on Friday 20/6. Handed in within its term → on time; until the
    approval it is "in term, awaiting review", not overdue, so the score does not move
    with the reviewer's delay. With one other task done on time:
    1.3 rate = 2 on time / 2 judged = 100% → 1.5 × 1 = 1.50 after the approval, and
    1 / 1 = 100% → 1.50 while it waits (not 1 / 2 = 50% → 0.75, as when it counted)."""

    def test_on_time_and_the_score_does_not_wait_for_the_reviewer(self, world, year_plan, template):
        _done_on_time(world, year_plan, template)
        task = _submit(world, _task(world, year_plan, template.c["1"], "T1", d(6, 11)), d(6, 10))

        waiting = component(world, "1.3", as_of=d(6, 15))
        assert (waiting.measurement.counted, waiting.measurement.against, waiting.measurement.pending) == (1, 0, 1)
        assert waiting.points == Decimal("1.50")
        # The deadline pass agrees: nothing to flag on 15/6.
        assert flag_overdue(local_dt(d(6, 15), 0))["tasks"] == 0

        task = _approve(world, task, d(6, 20))
        assert (task.completed_on_time, task.overdue, task.overdue_since) == (True, False, None)
        done = component(world, "1.3", as_of=d(6, 25))
        assert (done.measurement.counted, done.measurement.against, done.points) == (2, 0, Decimal("1.50"))


class TestRetroactiveExtension:
    """Due Friday 13/6/2025 (a working day): the term ends that day. An extension to
    30/6 granted on Tuesday 17/6 comes after the task became overdue (14/6): the lateness
    stays (§9). Submitted 25/6, approved 26/6: done late. 1.3 rate = 0 / 1 = 0% < 50% → 0.
    The same extension granted on Thursday 12/6, within the term: on time, shown as
    "done on time (with an extension)", rate 1 / 1 → 1.50."""

    def _walk(self, world, year_plan, template, granted_on):
        task = _task(world, year_plan, template.c["1"], "T1", d(6, 13))
        task = run_transition(task, "extend", actor=world.head, at=local_dt(granted_on),
                              due_date=d(6, 30), reason="Chờ ý kiến của Sở Tài chính")
        return _approve(world, _submit(world, task, d(6, 25)), d(6, 26))

    def test_granted_after_the_term_the_task_stays_late(self, world, year_plan, template):
        task = self._walk(world, year_plan, template, granted_on=d(6, 17))
        assert (task.completed_on_time, task.overdue_since, task.original_due_date) == (False, d(6, 14), d(6, 13))
        assert task.outcome == "done_late"
        c = component(world, "1.3", as_of=d(7, 1))
        assert (c.measurement.counted, c.measurement.against, c.points) == (0, 1, Decimal("0.00"))

    def test_open_and_extended_late_it_counts_as_overdue_before_the_new_date(self, world, year_plan, template):
        task = _task(world, year_plan, template.c["1"], "T1", d(6, 13))
        run_transition(task, "extend", actor=world.head, at=local_dt(d(6, 17)),
                       due_date=d(6, 30), reason="Chờ ý kiến của Sở Tài chính")
        # 20/6: before the new date, yet overdue (against), not pending.
        c = component(world, "1.3", as_of=d(6, 20))
        assert (c.measurement.against, c.measurement.pending) == (1, 0)

    def test_granted_within_the_term_the_new_date_counts(self, world, year_plan, template):
        task = self._walk(world, year_plan, template, granted_on=d(6, 12))
        assert (task.completed_on_time, task.overdue_since) == (True, None)
        assert task.outcome == "done_on_time"
        with translation.override("vi"):
            assert str(task.outcome_label) == "đã hoàn thành đúng hạn (có gia hạn)"
        c = component(world, "1.3", as_of=d(7, 1))
        assert (c.measurement.counted, c.measurement.against, c.points) == (1, 0, Decimal("1.50"))


class TestCancelledAfterItsDueDate:
    """T1 due Friday 13/6/2025, cancelled by the head on Friday 20/6, after its term;
    T0 done on time. The rule's default (§9): it counts against.
      1.3: 1 on time / (1 + 1 cancelled late) = 50% ≥ 50% → 1.5 × 0.5 = 0.75;
      1.2: 1 done / 2 = 50% < 70% → 0.
    The catalogue saying "cancelled_after_due": "not_counted" on 1.3: 1 / 1 → 1.50.
    Cancelled on 12/6, within its term: counted by neither."""

    def _cancel(self, world, year_plan, template, on):
        _done_on_time(world, year_plan, template)
        task = _task(world, year_plan, template.c["1"], "T1", d(6, 13))
        amendment = DocumentFactory(agency=world.agency, date=on, kind="amendment")  # the plan is issued
        return run_transition(task, "cancel", actor=world.head, at=local_dt(on), reason="Không còn phù hợp",
                              document=amendment)

    def test_counts_against_by_default(self, world, year_plan, template):
        task = self._cancel(world, year_plan, template, on=d(6, 20))
        assert (task.overdue, task.overdue_since) == (False, d(6, 14))
        on_time = component(world, "1.3", as_of=d(7, 1))
        assert (on_time.measurement.counted, on_time.measurement.against, on_time.points) == (
            1, 1, Decimal("0.75"))
        completion = component(world, "1.2", as_of=d(7, 1))
        assert (completion.measurement.counted, completion.measurement.total, completion.points) == (
            1, 2, Decimal("0.00"))

    def test_the_catalogue_may_say_it_is_not_counted(self, world, year_plan, template):
        criterion = template.c["1.3"]
        criterion.rule = {**criterion.rule, "cancelled_after_due": "not_counted"}
        criterion.save()
        self._cancel(world, year_plan, template, on=d(6, 20))
        c = component(world, "1.3", as_of=d(7, 1))
        assert (c.measurement.counted, c.measurement.against, c.points) == (1, 0, Decimal("1.50"))
        assert "Tasks cancelled after their due date are not counted." in rules.in_words(c.criterion, c.measure)["en"]

    def test_cancelled_within_its_term_is_not_counted(self, world, year_plan, template):
        task = self._cancel(world, year_plan, template, on=d(6, 12))
        assert task.overdue_since is None
        c = component(world, "1.3", as_of=d(7, 1))
        assert (c.measurement.counted, c.measurement.against, c.points) == (1, 0, Decimal("1.50"))


class TestReportsDueOnADayOff:
    """2026 (the world's plan year): H1 is due Saturday 20/6/2026 and Q3 Sunday 20/9/2026
    (the 876 template's dates). Each term runs to the end of the next working day, Monday
    22/6 and Monday 21/9 (art. 148). Sent on those Mondays: on time. Q1, due Friday
    20/3/2026, sent that day. As of 1/10/2026 the year report is not due:
    3 on time / 3 → 1.4 = 1 point. Sent on Tuesday 22/9 instead: late → 0."""

    def _reports(self, world, template, q3_sent):
        plan = world.plan
        assert plan.year == 2026
        for code, due, sent in (("Q1", datetime.date(2026, 3, 20), datetime.date(2026, 3, 20)),
                                ("H1", datetime.date(2026, 6, 20), datetime.date(2026, 6, 22)),
                                ("Q3", datetime.date(2026, 9, 20), q3_sent)):
            report = _task(world, plan, template.c["1"], f"BC-{code}", due, kind="report")
            _approve(world, _submit(world, report, sent, hour=16), sent + datetime.timedelta(days=3))

    def test_a_report_due_on_a_sunday_and_sent_on_monday_is_on_time(self, world, template):
        self._reports(world, template, q3_sent=datetime.date(2026, 9, 21))
        c = component(world, "1.4", as_of=datetime.date(2026, 10, 1), year=2026)
        assert (c.measurement.counted, c.measurement.against, c.measurement.pending) == (3, 0, 0)
        assert c.points == Decimal("1.00")

    def test_sent_on_tuesday_it_is_late(self, world, template):
        self._reports(world, template, q3_sent=datetime.date(2026, 9, 22))
        c = component(world, "1.4", as_of=datetime.date(2026, 10, 1), year=2026)
        assert (c.measurement.counted, c.measurement.against, c.points) == (2, 1, Decimal("0.00"))

    def test_without_the_agency_setting_the_saturday_and_sunday_dates_stand(self, world, template):
        world.agency.deadline_moves_to_working_day = False
        world.agency.save()
        self._reports(world, template, q3_sent=datetime.date(2026, 9, 21))
        c = component(world, "1.4", as_of=datetime.date(2026, 10, 1), year=2026)
        assert (c.measurement.counted, c.measurement.against, c.points) == (1, 2, Decimal("0.00"))
