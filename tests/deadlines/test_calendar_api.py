"""The calendar over HTTP: overrides read by everyone, edited by the head or an administrator."""
import pytest

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from tests.factories.workdays import CalendarOverrideFactory
from backend.workdays.models import CalendarOverride

URL = "/api/v1/calendar-overrides/"


@pytest.fixture
def province_admin(db):
    """The province's administrator: an admin of no agency, who edits the national calendar."""
    return UserFactory(username="province_admin", role=Role.ADMIN, agency=None)


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    return response.json()["error"]


class TestEditing:
    def test_head_declares_a_day_off_for_own_agency(self, world, api):
        r = api(world.head).post(URL, {"date": "2026-10-08", "kind": "day_off", "note": "Đại hội Đảng bộ"})
        assert r.status_code == 201, r.json()
        body = r.json()
        assert body["agency"] == world.agency.pk and body["kind"] == "day_off"
        assert body["created_by"] == world.head.pk
        assert CalendarOverride.objects.get(pk=body["id"]).agency_id == world.agency.pk

    def test_agency_admin_declares_a_compensatory_saturday(self, world, api):
        r = api(world.admin).post(URL, {"date": "2026-10-10", "kind": "working_day",
                                        "agency": world.agency.pk})
        assert r.status_code == 201, r.json()
        # The calculator sees it at once.
        r = api(world.officer).get("/api/v1/working-days/", {"start": "2026-10-09", "days": 1})
        assert r.json()["end"] == "2026-10-10"

    @pytest.mark.parametrize("who", ["office_head", "officer", "officer2", "inspector"])
    def test_others_of_the_agency_read_but_may_not_edit(self, world, api, who):
        _error(api(getattr(world, who)).post(URL, {"date": "2026-10-08", "kind": "day_off"}),
               403, "permission_denied")
        override = CalendarOverrideFactory(agency=world.agency, date=d_str("2026-10-09"))
        assert api(getattr(world, who)).get(URL).json()["count"] == 1
        _error(api(getattr(world, who)).client.delete(f"{URL}{override.pk}/"), 403, "permission_denied")
        assert CalendarOverride.objects.filter(pk=override.pk).exists()

    def test_head_may_not_edit_the_national_calendar_or_another_agency(self, world, api):
        _error(api(world.head).post(URL, {"date": "2026-10-08", "kind": "day_off", "agency": None}),
               403, "permission_denied")
        error = _error(api(world.head).post(URL, {"date": "2026-10-08", "kind": "day_off",
                                                   "agency": world.other_agency.pk}),
                       400, "validation_error")
        assert "agency" in error["details"]
        national = CalendarOverrideFactory(agency=None, date=d_str("2026-12-31"))
        _error(api(world.head).client.delete(f"{URL}{national.pk}/"), 403, "permission_denied")
        assert CalendarOverride.objects.count() == 1

    def test_province_admin_edits_the_national_calendar(self, world, api, province_admin):
        r = api(province_admin).post(URL, {"date": "2026-12-31", "kind": "day_off"})
        assert r.status_code == 201, r.json()
        assert r.json()["agency"] is None
        # Everybody sees national overrides.
        assert api(world.outsider_officer).get(URL).json()["count"] == 1
        r = api(province_admin).client.delete(f"{URL}{r.json()['id']}/")
        assert r.status_code == 204
        assert not CalendarOverride.objects.exists()

    def test_head_deletes_own_override_not_another_agencys(self, world, api):
        own = CalendarOverrideFactory(agency=world.agency, date=d_str("2026-10-08"))
        theirs = CalendarOverrideFactory(agency=world.other_agency, date=d_str("2026-10-08"))
        _error(api(world.head).client.delete(f"{URL}{theirs.pk}/"), 404, "not_found")
        assert api(world.head).client.delete(f"{URL}{own.pk}/").status_code == 204
        assert list(CalendarOverride.objects.values_list("pk", flat=True)) == [theirs.pk]

    def test_the_same_date_twice_is_refused(self, world, api):
        assert api(world.head).post(URL, {"date": "2026-10-08", "kind": "day_off"}).status_code == 201
        error = _error(api(world.head).post(URL, {"date": "2026-10-08", "kind": "working_day"}),
                       400, "validation_error")
        assert "date" in error["details"]

    @pytest.mark.parametrize("body", [
        {}, {"date": "2026-10-08"}, {"date": "not a date", "kind": "day_off"},
        {"date": "2026-10-08", "kind": "holiday"}, {"date": "2026-10-08", "kind": "day_off", "agency": "x"},
    ])
    def test_bad_bodies_are_400(self, world, api, body):
        _error(api(world.head).post(URL, body), 400, "validation_error")

    def test_anonymous_is_401(self, db, api):
        _error(api().get(URL), 401, "not_authenticated")


class TestReading:
    def test_list_shows_national_and_own_agency_only(self, world, api):
        CalendarOverrideFactory(agency=None, date=d_str("2026-12-31"))
        own = CalendarOverrideFactory(agency=world.agency, date=d_str("2026-10-08"))
        CalendarOverrideFactory(agency=world.other_agency, date=d_str("2026-10-09"))
        body = api(world.officer).get(URL).json()
        assert body["count"] == 2
        assert [o["date"] for o in body["results"]] == ["2026-10-08", "2026-12-31"]
        assert api(world.officer).get(URL, {"national": "false"}).json()["results"][0]["id"] == own.pk
        assert api(world.officer).get(URL, {"year": 2027}).json()["count"] == 0


class TestWorkingDaysCalculator:
    def test_n_working_days_after_a_date(self, world, api):
        r = api(world.officer).get("/api/v1/working-days/", {"start": "2026-02-13", "days": 3})
        assert r.status_code == 200
        body = r.json()
        assert body["end"] == "2026-02-25" and body["days"] == 3 and body["agency"] == world.agency.pk
        assert body["end_is_working_day"] is True

    def test_working_days_between_two_dates(self, world, api):
        r = api(world.officer).get("/api/v1/working-days/", {"start": "2026-08-28", "end": "2026-09-02"})
        body = r.json()
        assert body["days"] == 0 and body["end_is_working_day"] is False
        assert body["end_holiday"] == "National Day"

    def test_the_agencys_own_days_count(self, world, api):
        CalendarOverrideFactory(agency=world.agency, date=d_str("2026-10-08"), kind="day_off")
        params = {"start": "2026-10-05", "days": 3}
        assert api(world.officer).get("/api/v1/working-days/", params).json()["end"] == "2026-10-09"
        assert api(world.outsider_officer).get("/api/v1/working-days/", params).json()["end"] == "2026-10-08"

    @pytest.mark.parametrize("params", [
        {}, {"start": "2026-10-05"}, {"start": "2026-10-05", "days": 1, "end": "2026-10-09"},
        {"start": "x", "days": 1}, {"start": "2026-10-05", "days": 99999},
        {"start": "9999-12-31", "days": 3000}, {"start": "2026-10-05", "days": 1, "agency": 999999},
    ])
    def test_bad_queries_are_400(self, world, api, params):
        _error(api(world.officer).get("/api/v1/working-days/", params), 400, "validation_error")

    def test_another_agencys_calendar_is_not_visible(self, world, api):
        params = {"start": "2026-10-05", "days": 1, "agency": world.other_agency.pk}
        _error(api(world.officer).get("/api/v1/working-days/", params), 400, "validation_error")


def d_str(text):
    import datetime

    return datetime.date.fromisoformat(text)


def test_the_agency_shows_its_reminder_lead_time(world, api):
    body = api(world.officer).get(f"/api/v1/agencies/{world.agency.pk}/").json()
    assert body["due_soon_days"] == 3
