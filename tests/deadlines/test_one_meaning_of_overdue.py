"""One meaning of overdue in the API: the task object, its filters, its warnings, the calendar.

A task handed in within its term and waiting for review is "in term, awaiting review"
(not overdue) in its outcome, in the list filter and in the deadline pass; one handed in
late has its lateness recorded by the workflow at once. A due date that is not a working
day is accepted with a warning in the response body (``warnings``), never refused.
"""
import datetime

import pytest

from backend.deadlines.scan import flag_overdue
from backend.plans.models import Task
from backend.plans.services import task_transition

from .conftest import at, d

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _submit(world, task, moment):
    return task_transition(task, "submit", actor=world.officer, at=moment, result_note="Đã xong")


class TestAwaitingReview:
    def test_submitted_within_the_term_is_in_term_awaiting_review_everywhere(self, world, api, make_task):
        # Due Friday 9/10/2026, submitted that evening; today (the real one) is later,
        # and nobody has reviewed it yet.
        task = make_task(state="in_progress", assignee=world.officer, due_date=d(2026, 10, 9))
        _submit(world, task, at(2026, 10, 9, 20, 0))
        body = api(world.head, language="vi").get(f"/api/v1/tasks/{task.pk}/").json()
        assert (body["outcome"], body["outcome_label"], body["overdue"], body["overdue_since"]) == (
            "awaiting_review", "trong hạn, chờ duyệt kết quả", False, None)
        assert api(world.head).get(f"/api/v1/tasks/{task.pk}/").json()["outcome_label"] == "in term, awaiting review"
        assert flag_overdue()["tasks"] == 0
        listed = {r["id"] for r in api(world.head).get("/api/v1/tasks/", {"outcome": "overdue"}).json()["results"]}
        waiting = {r["id"] for r in api(world.head).get("/api/v1/tasks/", {"outcome": "awaiting_review"}).json()["results"]}
        assert task.pk not in listed and task.pk in waiting

    def test_submitted_after_the_term_records_its_lateness_at_once(self, world, api, make_task):
        # Due Friday 9/10/2026: the term ended that day; submitted Monday 12/10.
        task = make_task(state="in_progress", assignee=world.officer, due_date=d(2026, 10, 9))
        task = _submit(world, task, at(2026, 10, 12, 8, 0))
        assert task.overdue_since == d(2026, 10, 10)
        body = api(world.head).get(f"/api/v1/tasks/{task.pk}/").json()
        assert body["outcome"] == "overdue"
        # The pass flags it (once, with its event), keeping the recorded day.
        assert flag_overdue()["tasks"] == 1
        task.refresh_from_db()
        assert (task.overdue, task.overdue_since) == (True, d(2026, 10, 10))

    def test_a_due_date_on_a_sunday_submitted_on_monday_is_awaiting_review(self, world, api, make_task):
        task = make_task(state="in_progress", assignee=world.officer, due_date=d(2026, 10, 11))  # Sunday
        task = _submit(world, task, at(2026, 10, 12, 16, 0))  # Monday: the term's last day
        assert task.overdue_since is None
        assert api(world.head).get(f"/api/v1/tasks/{task.pk}/").json()["outcome"] == "awaiting_review"


class TestWarnings:
    def _sunday_ahead(self, world):
        day = world.today + 10 * DAY
        while day.weekday() != 6:
            day += DAY
        return day

    def test_a_due_date_on_a_sunday_is_saved_with_a_warning(self, world, api):
        sunday = self._sunday_ahead(world)
        monday = sunday + DAY
        r = api(world.head, language="vi").post("/api/v1/tasks/", {
            "plan": world.plan.pk, "code": "W1", "title": "Báo cáo", "field": world.field.pk,
            "lead_office": world.office_a.pk, "due_date": sunday.isoformat()})
        assert r.status_code == 201, r.json()
        body = r.json()
        assert body["due_date"] == sunday.isoformat()
        assert body["term_ends_on"] == monday.isoformat()
        (warning,) = body["warnings"]
        assert (warning["code"], warning["field"], warning["date"], warning["term_ends"]) == (
            "due_date_not_working_day", "due_date", sunday.isoformat(), monday.isoformat())
        assert "ngày nghỉ" in warning["message"] and monday.strftime("%d/%m/%Y") in warning["message"]

    def test_a_working_day_gives_no_warning_and_a_moved_date_clears_it(self, world, api, make_task):
        sunday = self._sunday_ahead(world)
        task = make_task(state="draft", due_date=sunday)
        head = api(world.head)
        assert len(head.get(f"/api/v1/tasks/{task.pk}/").json()["warnings"]) == 1
        body = head.patch(f"/api/v1/tasks/{task.pk}/", {"due_date": (sunday + DAY).isoformat()}).json()
        assert body["warnings"] == [] and body["term_ends_on"] == (sunday + DAY).isoformat()

    def test_an_extension_to_a_holiday_warns(self, world, api, make_task):
        task = make_task(state="in_progress", assignee=world.officer, due_date=world.today + 5 * DAY)
        holiday = datetime.date(world.today.year + 1, 1, 1)  # New Year's Day
        r = api(world.head).transition("tasks", task.pk, "extend",
                                       {"due_date": holiday.isoformat(), "reason": "Chờ số liệu"})
        assert r.status_code == 200, r.json()
        assert [w["date"] for w in r.json()["warnings"]] == [holiday.isoformat()]


class TestTheCalendar:
    def test_holidays_in_vietnamese_and_the_2026_notice(self, world, api):
        body = api(world.officer, language="vi").get("/api/v1/holidays/", {"year": 2026}).json()
        assert body["provisional"] is False
        days = {row["date"]: (row["name"], row["kind"]) for row in body["days"]}
        assert days["2026-11-24"] == ("Ngày Văn hóa Việt Nam", "day_off")
        assert days["2026-04-27"][1] == "day_off"             # Hùng Kings (Sunday 26/4) in lieu
        assert days["2026-08-31"][1] == "day_off"             # swapped for Saturday 22/8
        assert days["2026-08-22"] == ("", "working_day")
        assert days["2026-09-02"] == ("Quốc khánh", "day_off")

    def test_a_year_without_its_notice_is_provisional(self, world, api, settings):
        assert api(world.officer).get("/api/v1/holidays/", {"year": 2027}).json()["provisional"] is True
        settings.PAR_HOLIDAY_NOTICES_KNOWN_THROUGH = 2027
        assert api(world.officer).get("/api/v1/holidays/", {"year": 2027}).json()["provisional"] is False

    def test_english_names_for_an_english_reader(self, world, api):
        body = api(world.officer, language="en").get("/api/v1/holidays/", {"year": 2026}).json()
        assert {row["date"]: row["name"] for row in body["days"]}["2026-09-02"] == "National Day"

    @pytest.mark.parametrize("year", ["", "abc", "99999"])
    def test_a_bad_year_is_400(self, world, api, year):
        r = api(world.officer).get("/api/v1/holidays/", {"year": year})
        assert r.status_code == 400 and r.json()["error"]["code"] == "validation_error"


def test_the_agency_setting_is_on_by_default(world):
    assert world.agency.deadline_moves_to_working_day is True
    assert Task._meta.get_field("original_due_date").null
