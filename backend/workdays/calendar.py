"""The Vietnamese working-day calendar: weekends, public holidays, and overrides.

A day is a working day unless it is a Saturday or Sunday or a public holiday of the
``holidays`` package's Vietnam calendar (Tết and the Hùng Kings' day follow the lunar
calendar; the package also knows the government's announced swap days and the
Saturdays worked in exchange). Overrides in the database correct that: a national one
for everyone, an agency's own for that agency, the agency's winning.

Usage: ``WorkingCalendar(agency_id)`` when several questions are asked of one agency
(it loads that agency's overrides once per year touched); the module functions for a
single question.
"""
import datetime
import functools

import holidays
from django.conf import settings
from django.db.models import Q
from django.utils import translation

from .models import CalendarOverride

ONE_DAY = datetime.timedelta(days=1)
# add_working_days walks day by day: a bound keeps a bad input from spinning.
MAX_WORKING_DAYS = 3660


@functools.lru_cache(maxsize=64)
def national_holidays(year: int, language: str = "vi") -> holidays.HolidayBase:
    """The package's Vietnam calendar for one year, its names in ``language`` ("vi" or
    "en_US"); computing it (lunar dates) is not free."""
    return holidays.Vietnam(years=year, language=language)


def _names_language() -> str:
    """Holiday names in Vietnamese, English for a reader who chose English."""
    return "en_US" if (translation.get_language() or "vi").startswith("en") else "vi"


def is_provisional(year: int) -> bool:
    """A year whose official holiday notice (the swap days the Government announces each
    year) the calendar does not know yet: its days off may still change.
    ``PAR_HOLIDAY_NOTICES_KNOWN_THROUGH`` (settings) is the last year it knows."""
    return year > settings.PAR_HOLIDAY_NOTICES_KNOWN_THROUGH


def holidays_of(year: int) -> list[dict]:
    """The national days off of ``year`` that are not weekends, and the Saturdays worked
    in exchange, named in the reader's language."""
    calendar = national_holidays(year, _names_language())
    days = [{"date": day, "name": name, "kind": "day_off"} for day, name in sorted(calendar.items())]
    days += [{"date": day, "name": "", "kind": "working_day"}
             for day in sorted(getattr(calendar, "weekend_workdays", ())) if day.year == year]
    return sorted(days, key=lambda d: d["date"])


def national_is_working_day(day: datetime.date) -> bool:
    """The national rule alone, without any override from the database."""
    calendar = national_holidays(day.year)
    if day in calendar:
        return False
    if day.weekday() in calendar.weekend:
        # A Saturday worked in exchange for a bridged holiday (e.g. 26 April 2025).
        return day in getattr(calendar, "weekend_workdays", ())
    return True


def holiday_name(day: datetime.date) -> str:
    return national_holidays(day.year, _names_language()).get(day) or ""


class WorkingCalendar:
    """One agency's working days (``agency_id=None``: the national calendar)."""

    # Whether the agency's due dates on a day off run to the next working day (art. 148;
    # ``backend.workdays.terms.working_calendars`` sets it from the agency's setting).
    moves_deadlines = True

    def __init__(self, agency_id=None):
        self.agency_id = agency_id
        self._overrides: dict[datetime.date, bool] = {}
        self._loaded_years: set[int] = set()

    @classmethod
    def for_agencies(cls, agency_ids, years) -> dict:
        """Calendars of several agencies with their overrides for ``years``, in one query."""
        agency_ids, years = list(agency_ids), sorted(set(years))
        calendars = {agency_id: cls(agency_id) for agency_id in agency_ids}
        if not years:
            return calendars
        rows = CalendarOverride.objects.filter(
            Q(agency__isnull=True) | Q(agency_id__in=[a for a in agency_ids if a is not None]),
            date__gte=datetime.date(years[0], 1, 1), date__lte=datetime.date(years[-1], 12, 31),
        ).values_list("agency_id", "date", "kind")
        national, own = {}, {}
        for agency_id, day, kind in rows:
            is_working = kind == "working_day"
            if agency_id is None:
                national[day] = is_working
            else:
                own.setdefault(agency_id, {})[day] = is_working
        for agency_id, calendar in calendars.items():
            calendar._overrides = {**national, **own.get(agency_id, {})}
            calendar._loaded_years = set(range(years[0], years[-1] + 1))
        return calendars

    def _load_year(self, year: int):
        scope = Q(agency__isnull=True)
        if self.agency_id is not None:
            scope |= Q(agency_id=self.agency_id)
        rows = CalendarOverride.objects.filter(scope, date__year=year).values_list("agency_id", "date", "kind")
        # National rows first, so the agency's own word wins.
        for _agency_id, day, kind in sorted(rows, key=lambda row: row[0] is not None):
            self._overrides[day] = kind == "working_day"
        self._loaded_years.add(year)

    def is_working_day(self, day: datetime.date) -> bool:
        if day.year not in self._loaded_years:
            self._load_year(day.year)
        override = self._overrides.get(day)
        return national_is_working_day(day) if override is None else override

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The ``n``-th working day after ``start`` (before it if ``n`` < 0); ``start`` if 0."""
        if abs(n) > MAX_WORKING_DAYS:
            raise ValueError(f"at most {MAX_WORKING_DAYS} working days")
        step = ONE_DAY if n >= 0 else -ONE_DAY
        day, left = start, abs(n)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start).

        Today to a due date: how many working days are left, the due day counted.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def last_date_within(self, start: datetime.date, n: int) -> datetime.date:
        """The latest date at most ``n`` working days after ``start``.

        Every date from ``start`` to it is "due within n working days": the day before
        the (n+1)-th working day, so the weekend or holidays before that day count too.
        """
        return self.add_working_days(start, n + 1) - ONE_DAY


def _agency_id(agency):
    return getattr(agency, "pk", agency)


def is_working_day(day: datetime.date, agency=None) -> bool:
    return WorkingCalendar(_agency_id(agency)).is_working_day(day)


def add_working_days(start: datetime.date, n: int, agency=None) -> datetime.date:
    return WorkingCalendar(_agency_id(agency)).add_working_days(start, n)


def working_days_between(start: datetime.date, end: datetime.date, agency=None) -> int:
    return WorkingCalendar(_agency_id(agency)).working_days_between(start, end)
