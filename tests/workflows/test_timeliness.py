"""One "on time" rule: handed in by the end of the term, by the local calendar day; a
term ending on a day off runs to the end of the next working day (Civil Code 2015 art.
148). Worked from the rule's text and the 2026 calendar (par-index-method.md §9), not
from the code's output."""
import datetime

import pytest
from django.utils import timezone

from backend.plans.models import Task
from backend.workdays.calendar import WorkingCalendar
from tests.factories.plans import TaskFactory
from workflows import timeliness
from workflows.timeliness import on_time, past_term, run_out_by, term_end

DUE = datetime.date(2026, 3, 20)  # a Friday
ONE = datetime.timedelta(days=1)


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.mark.parametrize(("handed_in", "expected"), [
    (local(DUE, 23, 59), True),  # the due date itself, late in the evening
    (local(DUE + ONE, 6), False),  # still the due date in UTC, not here
    (local(DUE - 3 * ONE, 9), True),
    (DUE, True),  # a day (a document's date) is judged as it is
])
def test_judged_by_the_local_calendar_day(handed_in, expected):
    assert on_time(handed_in, DUE) is expected


def test_nothing_handed_in_is_not_on_time():
    assert on_time(None, DUE) is False
    assert on_time(None, None) is True  # no due date: nothing can be late


@pytest.mark.django_db
def test_a_submitted_task_without_its_day_is_listed_not_a_500(world, api, make_task):
    """A row that says "submitted" but carries no day (an older import, a fixture): past its
    due date it is overdue, and the list and the detail answer as for any other."""
    task = make_task(state="submitted", submitted_at=None, due_date=world.today - 5 * ONE)
    assert task.outcome == "overdue"
    listed = api(world.head).get("/api/v1/tasks/", {"plan": world.plan.pk})
    assert listed.status_code == 200
    assert [t["outcome"] for t in listed.json()["results"] if t["id"] == task.pk] == ["overdue"]


def test_work_without_a_due_date_is_never_late():
    assert on_time(local(DUE, 9), None) is True
    assert past_term(None, DUE + 100 * ONE) is False


class TestDayOff:
    """Art. 148 on the national calendar (no override in the database)."""

    @pytest.fixture
    def calendar(self, db):
        return WorkingCalendar()

    @pytest.mark.parametrize(("due", "ends"), [
        # Sunday 22/3/2026 → Monday 23/3.
        (datetime.date(2026, 3, 22), datetime.date(2026, 3, 23)),
        # Saturday 14/2/2026: the weekend, Tết 16–20/2, the next weekend → Monday 23/2.
        (datetime.date(2026, 2, 14), datetime.date(2026, 2, 23)),
        # Saturday 25/4/2026: Sunday 26/4 Hùng Kings, Monday 27/4 off in lieu → Tuesday 28/4.
        (datetime.date(2026, 4, 25), datetime.date(2026, 4, 28)),
        # Tuesday 24/11/2026, Vietnamese Culture Day → Wednesday 25/11.
        (datetime.date(2026, 11, 24), datetime.date(2026, 11, 25)),
        # A working day is its own end.
        (DUE, DUE),
    ])
    def test_a_term_ending_on_a_day_off_runs_to_the_next_working_day(self, calendar, due, ends):
        assert term_end(due, calendar) == ends
        assert on_time(local(ends, 23, 59), due, calendar) is True
        assert on_time(local(ends + ONE, 0, 1), due, calendar) is False
        assert timeliness.overdue_since(due, calendar) == ends + ONE

    def test_without_the_setting_a_due_date_is_a_due_date(self):
        sunday = datetime.date(2026, 3, 22)
        assert term_end(sunday, None) == sunday
        assert on_time(local(sunday + ONE, 9), sunday, None) is False

    def test_run_out_by_is_the_set_wise_form_of_past_term(self, calendar):
        # Every due date of two months against every day of them: the cut-off agrees
        # with the row-by-row rule, both with and without the day-off setting.
        days = [datetime.date(2026, 2, 1) + n * ONE for n in range(60)]
        for cal in (calendar, None):
            for day in days:
                cutoff = run_out_by(day, cal)
                for due in days:
                    assert (due <= cutoff) is past_term(due, day, cal), (due, day, cal)


@pytest.mark.django_db
def test_the_sql_forms_agree_with_the_python_one():
    calendar = WorkingCalendar()
    sunday = datetime.date(2026, 3, 22)
    tasks = {due: TaskFactory(due_date=due) for due in (sunday - 2 * ONE, sunday, sunday + ONE)}
    undated = TaskFactory(due_date=None)
    for day in (sunday, sunday + ONE, sunday + 2 * ONE, sunday + 3 * ONE):
        cutoff = run_out_by(day, calendar)
        run_out = set(Task.objects.filter(timeliness.run_out_q(cutoff)).values_list("pk", flat=True))
        assert run_out == {t.pk for due, t in tasks.items() if past_term(due, day, calendar)}
        in_time = set(Task.objects.filter(timeliness.on_time_if_handed_in_q(cutoff)).values_list("pk", flat=True))
        assert in_time == {undated.pk} | {t.pk for due, t in tasks.items() if on_time(day, due, calendar)}
