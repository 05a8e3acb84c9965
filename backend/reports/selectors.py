"""What a report shows, read for the user asking (the tasks they may see) — reads only."""
from django.utils import timezone
from django.utils.translation import pgettext

from backend.plans.selectors import tasks_visible_to

from backend.scoring.selectors import score_read

from .letterhead import letterhead_for
from .progress import plan_progress
from .scores import score_report


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


def score_report_for(agency, year, *, today=None):
    """(report, letterhead) of ``agency``'s leadership criterion in ``year``; None when
    the agency has no methodology to score it with."""
    score, result = score_read(agency, year)
    if result is None:
        return None
    return score_report(agency, result), letterhead_for(agency, on=today or timezone.localdate())


def score_context(agency, year) -> dict | None:
    found = score_report_for(agency, year)
    if found is None:
        return None
    report, lh = found
    return {"report": report, "lh": lh, "title": pgettext("report", "Self-assessment of the criterion “%(name)s”, "
                                                                    "%(year)s") % {"name": report.criterion_name,
                                                                                   "year": year}}
