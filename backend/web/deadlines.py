"""Working days left to a due date, for lists of tasks or findings, in one query.

    tasks = with_days_left(list(qs))     # each gets .days_left (None without a due date)
                                         # and .working_calendar (its outcome's calendar)

Counted on the object's agency calendar (``backend.workdays``) to the end of the term
(a due date on a day off runs to the next working day, art. 148): the last day counts,
weekends, holidays and the agency's own overrides do not; negative when overdue.
"""
from django.utils import timezone

from backend.workdays.terms import working_calendars, working_days_left


def with_days_left(items, *, today=None):
    items = list(items)
    today = today or timezone.localdate()
    dated = [i for i in items if getattr(i, "due_date", None)]
    years = {today.year} | {i.due_date.year for i in dated}
    calendars = working_calendars({i.event_agency_id for i in items}, range(min(years), max(years) + 1))
    for item in items:
        due = getattr(item, "due_date", None)
        item.days_left = working_days_left(today, due, calendars[item.event_agency_id]) if due else None
        # The same calendar judges the item's outcome and warnings (no query per row).
        item.working_calendar = calendars[item.event_agency_id]
    return items
