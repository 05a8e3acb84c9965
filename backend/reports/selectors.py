"""What a report shows, read for the user asking (the tasks they may see) — reads only."""
from django.utils import timezone
from django.utils.translation import pgettext

from backend.plans.selectors import tasks_visible_to

from .letterhead import letterhead_for
from .progress import plan_progress


def plan_progress_report(user, plan, *, today=None):
    """(report, letterhead) of ``plan``'s progress as of ``today``."""
    today = today or timezone.localdate()
    report = plan_progress(plan, tasks_visible_to(user).filter(plan=plan), as_of=today,
                           no_office_label=pgettext("report", "no lead office yet"))
    return report, letterhead_for(plan.agency, on=today)


def progress_context(user, plan, *, today=None) -> dict:
    report, lh = plan_progress_report(user, plan, today=today)
    return {"report": report, "lh": lh,
            "title": pgettext("report", "Progress of %(title)s") % {"title": plan.title}}
