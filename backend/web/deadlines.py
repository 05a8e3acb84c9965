"""Working days left to a due date, for lists of tasks or findings, in one query.

    tasks = with_days_left(list(qs))     # each gets .days_left (None without a due date)
                                         # and .working_calendar (its outcome's calendar)

Counted on the object's agency calendar (``backend.workdays``): the due day counts,
weekends, holidays and the agency's own overrides do not; negative when overdue.
"""
from django.utils import timezone

from backend.workdays.terms import working_calendars


def with_days_left(items, *, today=None):
    items = list(items)
    today = today or timezone.localdate()
    dated = [i for i in items if getattr(i, "due_date", None)]
    years = {today.year} | {i.due_date.year for i in dated}
    calendars = working_calendars({i.event_agency_id for i in items}, range(min(years), max(years) + 1))
    for item in items:
        due = getattr(item, "due_date", None)
        item.days_left = calendars[item.event_agency_id].working_days_between(today, due) if due else None
        # The same calendar judges the item's outcome and warnings (no query per row).
        item.working_calendar = calendars[item.event_agency_id]
    return items
