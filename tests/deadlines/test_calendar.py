"""The working-day calendar: weekends, Vietnamese public holidays (lunar ones too), overrides."""
import pytest

from tests.factories.accounts import AgencyFactory
from backend.workdays.calendar import (
    WorkingCalendar, add_working_days, is_working_day, national_is_working_day, working_days_between,
)
from tests.factories.workdays import CalendarOverrideFactory
from backend.workdays.models import CalendarOverride

from .conftest import d

pytestmark = pytest.mark.django_db


class TestNationalCalendar:
    def test_weekends_are_off_weekdays_work(self):
        assert is_working_day(d(2026, 10, 9))        # Friday
        assert not is_working_day(d(2026, 10, 10))   # Saturday
        assert not is_working_day(d(2026, 10, 11))   # Sunday

    @pytest.mark.parametrize("day", [
        d(2026, 1, 1),                                                          # New Year
        d(2026, 2, 16), d(2026, 2, 17), d(2026, 2, 18), d(2026, 2, 19), d(2026, 2, 20),  # Tết Bính Ngọ
        d(2025, 1, 27), d(2025, 1, 28), d(2025, 1, 29), d(2025, 1, 30), d(2025, 1, 31),  # Tết Ất Tỵ
        d(2026, 4, 27),                                 # Hùng Kings (10/3 lunar, a Sunday: observed Monday)
        d(2026, 4, 30), d(2026, 5, 1),                  # Reunification, Labour Day
        d(2026, 9, 1), d(2026, 9, 2),                   # National Day
        d(2026, 8, 31),                                 # bridged to National Day
    ])
    def test_public_holidays_are_off(self, day):
        assert day.weekday() < 5
        assert not national_is_working_day(day)
        assert not is_working_day(day)

    def test_a_saturday_worked_in_exchange_for_a_bridge_day_is_a_working_day(self):
        # 2 May 2025 (Friday) off, worked on Saturday 26 April 2025 instead.
        assert not is_working_day(d(2025, 5, 2))
        assert is_working_day(d(2025, 4, 26))

    def test_add_working_days_skips_tet(self):
        # Friday 13 Feb 2026, then Tết from Monday 16 to Friday 20: next working day is the 23rd.
        assert add_working_days(d(2026, 2, 13), 1) == d(2026, 2, 23)
        assert add_working_days(d(2026, 2, 12), 3) == d(2026, 2, 24)
        assert add_working_days(d(2026, 2, 23), -1) == d(2026, 2, 13)
        assert add_working_days(d(2026, 2, 14), 0) == d(2026, 2, 14)

    def test_add_working_days_around_national_day(self):
        # Friday 28 Aug 2026; 31 Aug, 1 and 2 Sep off: Thursday 3 Sep is the first working day.
        assert add_working_days(d(2026, 8, 28), 1) == d(2026, 9, 3)
        assert add_working_days(d(2026, 8, 28), 2) == d(2026, 9, 4)

    def test_working_days_between_counts_after_start_up_to_end(self):
        assert working_days_between(d(2026, 10, 5), d(2026, 10, 8)) == 3     # Mon → Thu
        assert working_days_between(d(2026, 10, 9), d(2026, 10, 12)) == 1    # Fri → Mon
        assert working_days_between(d(2026, 10, 5), d(2026, 10, 5)) == 0
        assert working_days_between(d(2026, 10, 8), d(2026, 10, 5)) == -3
        assert working_days_between(d(2026, 2, 12), d(2026, 2, 25)) == 4    # across Tết

    def test_last_date_within_includes_the_off_days_before_the_next_working_day(self):
        cal = WorkingCalendar()
        assert cal.last_date_within(d(2026, 10, 5), 3) == d(2026, 10, 8)     # Mon + 3 → Thu
        assert cal.last_date_within(d(2026, 10, 7), 3) == d(2026, 10, 12)    # Wed + 3 → Mon (weekend in)
        assert cal.last_date_within(d(2026, 10, 9), 0) == d(2026, 10, 11)    # Fri: today and the weekend
        assert cal.last_date_within(d(2026, 2, 12), 3) == d(2026, 2, 24)     # across Tết

    def test_lunar_holidays_move_from_year_to_year(self):
        assert is_working_day(d(2025, 2, 17))        # Tết 2026's first day was a working day in 2025
        assert not is_working_day(d(2026, 2, 17))


class TestOverrides:
    def test_declared_day_off_for_one_agency(self, world):
        CalendarOverrideFactory(agency=world.agency, date=d(2026, 10, 8), kind="day_off")
        assert not is_working_day(d(2026, 10, 8), world.agency)
        assert is_working_day(d(2026, 10, 8), world.other_agency)
        assert is_working_day(d(2026, 10, 8))
        assert working_days_between(d(2026, 10, 5), d(2026, 10, 9), world.agency) == 3
        assert add_working_days(d(2026, 10, 7), 1, world.agency.pk) == d(2026, 10, 9)

    def test_compensatory_working_saturday(self, world):
        CalendarOverrideFactory(agency=world.agency, date=d(2026, 10, 10), kind="working_day",
                                note="Làm bù cho ngày nghỉ")
        assert is_working_day(d(2026, 10, 10), world.agency)
        assert not is_working_day(d(2026, 10, 10), world.other_agency)
        assert add_working_days(d(2026, 10, 9), 1, world.agency) == d(2026, 10, 10)
        assert add_working_days(d(2026, 10, 9), 1, world.other_agency) == d(2026, 10, 12)

    def test_national_override_applies_to_everyone_and_the_agency_word_wins(self, world):
        CalendarOverrideFactory(agency=None, date=d(2026, 12, 31), kind="day_off")
        CalendarOverrideFactory(agency=world.agency, date=d(2026, 12, 31), kind="working_day")
        assert not is_working_day(d(2026, 12, 31))
        assert not is_working_day(d(2026, 12, 31), world.other_agency)
        assert is_working_day(d(2026, 12, 31), world.agency)

    def test_an_override_can_reopen_a_public_holiday(self, world):
        CalendarOverrideFactory(agency=world.agency, date=d(2026, 9, 2), kind="working_day")
        assert is_working_day(d(2026, 9, 2), world.agency)

    def test_calendars_for_many_agencies_load_in_one_query(self, world, django_assert_num_queries):
        CalendarOverrideFactory(agency=world.agency, date=d(2026, 10, 8), kind="day_off")
        CalendarOverrideFactory(agency=None, date=d(2026, 10, 9), kind="day_off")
        ids = [world.agency.pk, world.other_agency.pk, AgencyFactory().pk]
        with django_assert_num_queries(1):
            calendars = WorkingCalendar.for_agencies(ids, [2026, 2027])
            assert not calendars[world.agency.pk].is_working_day(d(2026, 10, 8))
            assert calendars[world.other_agency.pk].is_working_day(d(2026, 10, 8))
            assert not calendars[ids[2]].is_working_day(d(2026, 10, 9))
            assert calendars[world.agency.pk].add_working_days(d(2026, 10, 7), 1) == d(2026, 10, 12)

    def test_one_override_per_agency_and_date_and_one_national(self, world):
        from django.db import IntegrityError, transaction

        CalendarOverrideFactory(agency=None, date=d(2026, 10, 8))
        with pytest.raises(IntegrityError), transaction.atomic():
            CalendarOverride.objects.create(agency=None, date=d(2026, 10, 8), kind="working_day")
        CalendarOverrideFactory(agency=world.agency, date=d(2026, 10, 8))
        with pytest.raises(IntegrityError), transaction.atomic():
            CalendarOverride.objects.create(agency=world.agency, date=d(2026, 10, 8), kind="day_off")
