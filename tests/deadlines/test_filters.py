"""The task and finding lists filter by overdue and by "due within N working days".

Both count to the end of the term: a due date on a day off runs to the next working day
(art. 148), so "due within 3 working days" on a Friday leaves out a task due the Sunday
after next's weekend, and a task due last Sunday is overdue only from Tuesday."""
import datetime

import pytest

from backend.workdays import terms
from backend.workdays.calendar import WorkingCalendar
from workflows.timeliness import past_term
from backend.deadlines.scan import flag_overdue
from tests.factories.workdays import CalendarOverrideFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _within(world, n, items):
    """The items due within ``n`` working days of today, the terms' ends counted."""
    calendar = terms.working_calendars([world.agency.pk], [world.today.year, world.today.year + 1])[world.agency.pk]
    ends = {i.pk: terms.working_days_left(world.today, i.due_date, calendar) for i in items}
    return {pk for pk, left in ends.items() if 0 <= left <= n}


def _past_term(world, items):
    return {i.pk for i in items if past_term(i.due_date, world.today, WorkingCalendar(world.agency.pk))}


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def spread(world, make_task):
    """Open tasks due from 3 days ago to 14 days ahead (real today), and closed ones."""
    tasks = {k: make_task(state="in_progress", due_date=world.today + k * DAY) for k in range(-3, 15)}
    for state in ("done", "cancelled"):
        make_task(state=state, due_date=world.today + DAY)
    return tasks


class TestTasks:
    def test_due_within_n_working_days_of_today(self, world, api, spread):
        expected = _within(world, 3, spread.values())
        got = _ids(api(world.officer).get("/api/v1/tasks/", {"due_within": 3, "page_size": 200}))
        assert got == expected and len(got) >= 3    # 3 working days at least

    def test_zero_means_due_today(self, world, api, spread):
        got = _ids(api(world.officer).get("/api/v1/tasks/", {"due_within": 0}))
        assert got == _within(world, 0, spread.values())
        if WorkingCalendar(world.agency.pk).is_working_day(world.today):
            assert spread[0].pk in got

    def test_the_agencys_day_off_widens_the_window(self, world, api, spread):
        calendar = WorkingCalendar(world.agency.pk)
        narrower = _within(world, 3, spread.values())
        CalendarOverrideFactory(agency=world.agency, date=calendar.add_working_days(world.today, 1), kind="day_off")
        wider = _within(world, 3, spread.values())
        assert wider > narrower
        got = _ids(api(world.officer).get("/api/v1/tasks/", {"due_within": 3, "page_size": 200}))
        assert got == wider

    def test_overdue_filter_follows_the_flag(self, world, api, spread):
        flag_overdue()
        got = _ids(api(world.officer).get("/api/v1/tasks/", {"overdue": "true"}))
        assert got == _past_term(world, spread.values()) and got <= {spread[-3].pk, spread[-2].pk, spread[-1].pk}
        assert got  # three days back: at least one term has ended
        assert spread[0].pk in _ids(api(world.officer).get("/api/v1/tasks/", {"overdue": "false",
                                                                               "page_size": 200}))

    def test_extension_requested_filter(self, world, api, spread):
        task = spread[2]
        task.extension_requested_until = task.due_date + 10 * DAY
        task.extension_reason = "Chờ ý kiến"
        task.save()
        assert _ids(api(world.head).get("/api/v1/tasks/", {"extension_requested": "true"})) == {task.pk}

    @pytest.mark.parametrize("value", ["-1", "abc", "100000"])
    def test_bad_values_are_400(self, world, api, value):
        r = api(world.officer).get("/api/v1/tasks/", {"due_within": value})
        assert r.status_code == 400 and r.json()["error"]["code"] == "validation_error"


class TestFindings:
    def test_due_within_and_overdue(self, world, api, make_finding):
        findings = {k: make_finding(due_date=world.today + k * DAY) for k in range(-2, 12)}
        make_finding(state="closed", due_date=world.today)
        got = _ids(api(world.inspector).get("/api/v1/findings/", {"due_within": 3, "page_size": 200}))
        assert got == _within(world, 3, findings.values())

        flag_overdue()
        got = _ids(api(world.inspector).get("/api/v1/findings/", {"overdue": "true"}))
        assert got == _past_term(world, findings.values()) and got <= {findings[-2].pk, findings[-1].pk}
