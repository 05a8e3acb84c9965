"""The task and finding lists filter by overdue and by "due within N working days"."""
import datetime

import pytest

from backend.workdays.calendar import WorkingCalendar
from backend.workdays.factories import CalendarOverrideFactory
from backend.deadlines.scan import flag_overdue

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


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
        horizon = WorkingCalendar(world.agency.pk).last_date_within(world.today, 3)
        expected = {t.pk for t in spread.values() if world.today <= t.due_date <= horizon}
        got = _ids(api(world.officer).get("/api/v1/tasks/", {"due_within": 3, "page_size": 200}))
        assert got == expected and len(got) >= 4    # today + 3 working days at least

    def test_zero_means_due_today(self, world, api, spread):
        horizon = WorkingCalendar(world.agency.pk).last_date_within(world.today, 0)
        got = _ids(api(world.officer).get("/api/v1/tasks/", {"due_within": 0}))
        assert got == {t.pk for t in spread.values() if world.today <= t.due_date <= horizon}
        assert spread[0].pk in got

    def test_the_agencys_day_off_widens_the_window(self, world, api, spread):
        calendar = WorkingCalendar(world.agency.pk)
        next_working_day = calendar.add_working_days(world.today, 1)
        CalendarOverrideFactory(agency=world.agency, date=next_working_day, kind="day_off")
        horizon = WorkingCalendar(world.agency.pk).last_date_within(world.today, 3)
        assert horizon > calendar.last_date_within(world.today, 3)
        got = _ids(api(world.officer).get("/api/v1/tasks/", {"due_within": 3, "page_size": 200}))
        assert got == {t.pk for t in spread.values() if world.today <= t.due_date <= horizon}

    def test_overdue_filter_follows_the_flag(self, world, api, spread):
        flag_overdue()
        got = _ids(api(world.officer).get("/api/v1/tasks/", {"overdue": "true"}))
        assert got == {spread[-3].pk, spread[-2].pk, spread[-1].pk}
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
        horizon = WorkingCalendar(world.agency.pk).last_date_within(world.today, 3)
        got = _ids(api(world.inspector).get("/api/v1/findings/", {"due_within": 3, "page_size": 200}))
        assert got == {f.pk for f in findings.values() if world.today <= f.due_date <= horizon}

        flag_overdue()
        got = _ids(api(world.inspector).get("/api/v1/findings/", {"overdue": "true"}))
        assert got == {findings[-2].pk, findings[-1].pk}
