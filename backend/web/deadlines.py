"""Working days left to a due date, for lists of tasks or findings, in one query.

    tasks = with_days_left(list(qs))     # each gets .days_left (None without a due date)

Counted on the object's agency calendar (``backend.workdays``): the due day counts,
weekends, holidays and the agency's own overrides do not; negative when overdue.
"""
from django.utils import timezone

from backend.workdays.calendar import WorkingCalendar


def with_days_left(items, *, today=None):
    items = list(items)
    today = today or timezone.localdate()
    dated = [i for i in items if getattr(i, "due_date", None)]
    years = {today.year} | {i.due_date.year for i in dated}
    calendars = WorkingCalendar.for_agencies({i.event_agency_id for i in dated}, range(min(years), max(years) + 1))
    for item in items:
        due = getattr(item, "due_date", None)
        item.days_left = calendars[item.event_agency_id].working_days_between(today, due) if due else None
    return items
