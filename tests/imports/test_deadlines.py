"""Deadlines as people type them → the due date, each worked out by hand from the words."""
import datetime

import pytest
from django.utils import translation

from backend.imports.deadlines import UnreadableDeadline, read_deadline

D = datetime.date
CASES = [
    ("31/12/2026", D(2026, 12, 31)),
    ("ngày 15/3/2026", D(2026, 3, 15)),
    ("15-03-2026", D(2026, 3, 15)),
    ("Quý II/2026", D(2026, 6, 30)),       # a quarter ends on its last day
    ("quý 1 năm 2026", D(2026, 3, 31)),
    ("Quý IV", D(2026, 12, 31)),            # no year: the plan's
    ("Tháng 6/2026", D(2026, 6, 30)),
    ("tháng 2", D(2026, 2, 28)),            # 2026 is not a leap year
    ("Trước 30/6", D(2026, 6, 30)),        # met on the day itself
    ("Trước ngày 15/11/2026", D(2026, 11, 15)),
    ("6 tháng đầu năm", D(2026, 6, 30)),
    ("6 tháng cuối năm", D(2026, 12, 31)),
    ("9 tháng", D(2026, 9, 30)),
    ("Thường xuyên", D(2026, 12, 31)),     # regular work: judged at the year's end
    ("Cả năm", D(2026, 12, 31)),
    ("Năm 2026", D(2026, 12, 31)),
    ("  THUONG XUYEN ", D(2026, 12, 31)),   # no diacritics, shouting, spaces
    (datetime.datetime(2026, 5, 4), D(2026, 5, 4)),  # a real Excel date
    (D(2026, 8, 20), D(2026, 8, 20)),
]


@pytest.mark.parametrize(("text", "due"), CASES, ids=[str(c[0]) for c in CASES])
def test_each_form_people_type_maps_to_its_last_allowed_day(text, due):
    deadline = read_deadline(text, 2026)
    assert deadline.due_date == due
    assert deadline.rule  # the preview says which reading was taken


@pytest.mark.parametrize("text", ["", "sớm", "30/2/2026", "tháng 13", "Quý V"])
def test_what_cannot_be_read_is_said_not_guessed(text):
    with pytest.raises(UnreadableDeadline):
        read_deadline(text, 2026)


def test_the_rule_names_the_reading():
    with translation.override("en"):
        assert "quarter 2" in read_deadline("Quý II", 2026).rule
    assert read_deadline("Trước 30/6", 2026).rule != read_deadline("30/6", 2026).rule
