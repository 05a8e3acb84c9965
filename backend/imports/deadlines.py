"""A task's deadline as people type it in a plan's table → a due date, and the rule used.

Plans say ``31/12/2026``, ``Quý II/2026``, ``Tháng 6``, ``Trước 30/6``, ``6 tháng đầu
năm``, ``Thường xuyên``, or hold a real Excel date. Each form maps to one day, the last
day the wording allows (a quarter ends on its last day, "before 30/6" is met on 30/6),
and the preview shows which reading was taken so the person importing can check it. A
year left out is the plan's.
"""
import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    due_date: datetime.date
    rule: str  # how the text was read, in words


class UnreadableDeadline(ValueError):
    pass


def _month_end(year, month) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _year(text, default) -> int:
    found = re.search(r"\b(20\d\d)\b", text)
    return int(found.group(1)) if found else default


_DAY_MONTH = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?\b")
_QUARTER = re.compile(r"\bquy\s*(iv|iii|ii|i|[1-4])\b")
_MONTH = re.compile(r"\bthang\s*(\d{1,2})\b(?!\s*(?:dau|cuoi)\b)")
_MONTHS_OF_YEAR = re.compile(r"^(?:truoc\s*)?(\d{1,2})\s*thang\b(?:\s*(dau|cuoi))?")
ALL_YEAR = ("thuong xuyen", "ca nam", "trong nam", "hang nam", "hang thang", "hang quy", "dinh ky")


def read_deadline(value, plan_year: int) -> Deadline:
    """The due date ``value`` (a cell's content) stands for, in a plan of ``plan_year``."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return Deadline(value, str(_("the date in the cell")))
    # 15-03-2026 and 15.03.2026 are written as 15/03/2026 (fold drops other punctuation).
    text = fold(str(value).replace("-", "/").replace(".", "/"))
    if not text:
        raise UnreadableDeadline(_("the deadline is empty"))

    day_month = _DAY_MONTH.search(text)
    if day_month:
        day, month, year = day_month.groups()
        year = int(year) if year else plan_year
        if year < 100:
            year += 2000
        try:
            due = datetime.date(year, int(month), int(day))
        except ValueError:
            raise UnreadableDeadline(_("“%(text)s” is not a date") % {"text": value}) from None
        rule = _("the date written") if not text.startswith("truoc") else _("“before” a date: due on that date")
        return Deadline(due, str(rule))

    quarter = _QUARTER.search(text)
    if quarter:
        number = ROMAN.get(quarter.group(1)) or int(quarter.group(1))
        year = _year(text, plan_year)
        return Deadline(_month_end(year, number * 3),
                        str(_("quarter %(n)s: the quarter's last day") % {"n": number}))

    months_of_year = _MONTHS_OF_YEAR.search(text)
    if months_of_year:
        months, half = int(months_of_year.group(1)), months_of_year.group(2)
        if not 1 <= months <= 12:
            raise UnreadableDeadline(_("“%(text)s” is not a period of the year") % {"text": value})
        month = 12 if half == "cuoi" else months
        return Deadline(_month_end(_year(text, plan_year), month),
                        str(_("a part of the year: its last day")))

    month = _MONTH.search(text)
    if month and 1 <= int(month.group(1)) <= 12:
        return Deadline(_month_end(_year(text, plan_year), int(month.group(1))),
                        str(_("a month: its last day")))

    if any(phrase in text for phrase in ALL_YEAR) or re.fullmatch(r"(nam\s*)?20\d\d", text):
        return Deadline(datetime.date(_year(text, plan_year), 12, 31),
                        str(_("all year or regular work: due at the year's end")))

    raise UnreadableDeadline(_("“%(text)s” cannot be read as a deadline") % {"text": value})
