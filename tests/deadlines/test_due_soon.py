"""Due-soon reminders: N working days before the due date, once per task and due date."""
import pytest

from backend.deadlines.scan import scan_deadlines, send_due_soon
from tests.factories.workdays import CalendarOverrideFactory

from .conftest import at, d, events

pytestmark = pytest.mark.django_db


def reminded(task=None):
    return [(e.subject_id, e.payload["due_date"], e.payload["days_left"])
            for e in events("task.due_soon", subject=task)]


class TestWhen:
    def test_three_working_days_before_by_default(self, world, make_task):
        thursday = make_task(state="in_progress", due_date=d(2026, 10, 8))
        friday = make_task(state="in_progress", due_date=d(2026, 10, 9))

        assert send_due_soon(at(2026, 10, 5, 8, 0)) == 1            # Monday: Thu is 3 working days off
        assert reminded() == [(thursday.pk, "2026-10-08", 3)]
        assert send_due_soon(at(2026, 10, 6, 8, 0)) == 1            # Tuesday: now Friday too
        assert reminded(friday) == [(friday.pk, "2026-10-09", 3)]
        thursday.refresh_from_db()
        assert thursday.due_soon_notified_for == d(2026, 10, 8)

    def test_the_weekend_does_not_count(self, world, make_task):
        monday = make_task(state="assigned", due_date=d(2026, 10, 12))
        assert send_due_soon(at(2026, 10, 6, 23, 59)) == 0          # Tue → Mon: 4 working days
        assert send_due_soon(at(2026, 10, 7, 0, 0)) == 1            # Wed → Mon: 3
        assert reminded(monday) == [(monday.pk, "2026-10-12", 3)]

    def test_tet_stretches_the_reminder_over_two_weeks(self, world, make_task):
        # Thursday 12 Feb 2026; Tết 16–20 Feb. Working days after it: 13, 23, 24, 25 Feb.
        after_tet = make_task(state="in_progress", due_date=d(2026, 2, 24))
        later = make_task(state="in_progress", due_date=d(2026, 2, 25))
        assert send_due_soon(at(2026, 2, 12, 9, 0)) == 1
        assert reminded() == [(after_tet.pk, "2026-02-24", 3)]
        assert send_due_soon(at(2026, 2, 13, 9, 0)) == 1
        assert reminded(later) == [(later.pk, "2026-02-25", 3)]

    def test_a_due_date_on_a_holiday_counts_to_the_next_working_day(self, world, make_task):
        # Due on National Day (2 Sep 2026, a Wednesday; 31 Aug and 1 Sep off too): the
        # term ends on Thursday 3 Sep (art. 148), and the reminder counts to it.
        task = make_task(state="in_progress", due_date=d(2026, 9, 2))
        assert send_due_soon(at(2026, 8, 25, 9, 0)) == 0            # Tue: 26, 27, 28, 3/9 → 4
        assert send_due_soon(at(2026, 8, 26, 9, 0)) == 1            # Wed: 27, 28, 3/9 → 3
        assert reminded(task) == [(task.pk, "2026-09-02", 3)]

    def test_hung_kings_week_and_a_saturday_due_date(self, world, make_task):
        # Due Saturday 25 Apr 2026: Sunday 26 is the Hùng Kings' day, Monday 27 off in
        # lieu, so the term ends on Tuesday 28 Apr. From Thursday 23: 24, 28 → 2 left;
        # from Wednesday 22: 23, 24, 28 → 3 (reminded); Tuesday 21: 22, 23, 24, 28 → 4.
        task = make_task(state="in_progress", due_date=d(2026, 4, 25))
        assert send_due_soon(at(2026, 4, 21, 9, 0)) == 0
        assert send_due_soon(at(2026, 4, 22, 9, 0)) == 1
        assert reminded(task) == [(task.pk, "2026-04-25", 3)]

    def test_a_sunday_due_date_is_still_due_on_monday(self, world, make_task):
        # Due Sunday 11 Oct 2026; on Sunday itself the term (to Monday 12) is not over:
        # a task first seen then is reminded with 1 working day left.
        task = make_task(state="in_progress", due_date=d(2026, 10, 11))
        assert send_due_soon(at(2026, 10, 11, 9, 0)) == 1
        assert reminded(task) == [(task.pk, "2026-10-11", 1)]

    def test_without_the_setting_the_holiday_is_the_due_date(self, world, make_task):
        world.agency.deadline_moves_to_working_day = False
        world.agency.save()
        task = make_task(state="in_progress", due_date=d(2026, 9, 2))
        # Tuesday 25 Aug: 26, 27, 28 are working days, then 31/8, 1/9 and 2/9 are off.
        assert send_due_soon(at(2026, 8, 25, 9, 0)) == 1
        assert reminded(task) == [(task.pk, "2026-09-02", 3)]

    def test_a_compensatory_saturday_of_the_agency_counts(self, world, make_task):
        CalendarOverrideFactory(agency=world.agency, date=d(2026, 10, 10), kind="working_day")
        outsider_plan = world.plan.__class__.objects.create(
            agency=world.other_agency, year=2026, title="KH", issue_deadline=d(2025, 12, 31),
            state="approved")
        ours = make_task(state="in_progress", due_date=d(2026, 10, 12))
        theirs = make_task(plan=outsider_plan, lead_office=world.other_office, state="in_progress",
                           due_date=d(2026, 10, 12))
        # Wednesday 7 Oct: Thu, Fri, Mon is 3 working days for them; for us Thu, Fri, Sat, Mon is 4.
        assert send_due_soon(at(2026, 10, 7, 9, 0)) == 1
        assert reminded() == [(theirs.pk, "2026-10-12", 3)]
        assert send_due_soon(at(2026, 10, 8, 9, 0)) == 1
        assert reminded(ours) == [(ours.pk, "2026-10-12", 3)]

    def test_a_declared_day_off_of_the_agency_counts(self, world, make_task):
        CalendarOverrideFactory(agency=world.agency, date=d(2026, 10, 8), kind="day_off")
        friday = make_task(state="in_progress", due_date=d(2026, 10, 9))
        # Monday: Tue, Wed, (Thu off), Fri → 3 working days.
        assert send_due_soon(at(2026, 10, 5, 9, 0)) == 1
        assert reminded(friday) == [(friday.pk, "2026-10-09", 3)]

    def test_n_is_per_agency_and_zero_turns_reminders_off(self, world, make_task):
        world.agency.due_soon_days = 5
        world.agency.save()
        task = make_task(state="in_progress", due_date=d(2026, 10, 12))
        assert send_due_soon(at(2026, 10, 4, 9, 0)) == 0            # Sunday → Mon 12: 6
        assert send_due_soon(at(2026, 10, 5, 9, 0)) == 1            # Monday → Mon 12: 5
        assert reminded(task)[0][2] == 5

        world.agency.due_soon_days = 0
        world.agency.save()
        make_task(state="in_progress", due_date=d(2026, 10, 6))
        assert send_due_soon(at(2026, 10, 6, 9, 0)) == 0


class TestWhich:
    def test_only_open_work_not_yet_overdue_and_not_handed_in(self, world, make_task):
        due = d(2026, 10, 8)
        todo = {s: make_task(state=s, due_date=due) for s in ["draft", "assigned", "in_progress", "returned"]}
        for state in ["submitted", "done", "cancelled"]:
            make_task(state=state, due_date=due)
        make_task(state="in_progress", due_date=d(2026, 10, 2), overdue=True)
        assert send_due_soon(at(2026, 10, 5, 9, 0)) == 4
        assert {e.subject_id for e in events("task.due_soon")} == {t.pk for t in todo.values()}

    def test_due_today_is_due_soon_with_zero_days_left(self, world, make_task):
        task = make_task(state="in_progress", due_date=d(2026, 10, 8))
        assert send_due_soon(at(2026, 10, 8, 7, 0)) == 1
        assert reminded(task) == [(task.pk, "2026-10-08", 0)]

    def test_an_overdue_task_gets_no_reminder_in_the_same_scan(self, world, make_task):
        make_task(state="in_progress", due_date=d(2026, 10, 2))
        assert scan_deadlines(at(2026, 10, 5, 9, 0)) == {
            "tasks_overdue": 1, "findings_overdue": 0, "tasks_due_soon": 0}


class TestOnce:
    def test_one_reminder_per_task_and_due_date(self, world, make_task):
        task = make_task(state="in_progress", due_date=d(2026, 10, 8))
        for now in [at(2026, 10, 5, 8, 0), at(2026, 10, 5, 8, 5), at(2026, 10, 6, 8, 0), at(2026, 10, 8, 8, 0)]:
            send_due_soon(now)
        assert len(reminded(task)) == 1
