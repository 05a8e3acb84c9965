"""The periodic reform reports of a plan year: when each is due (SPEC §4).

Reference data: the national guidance below, overridden by a methodology's reports
rule, a province's schedule for its departments (``ReportSchedule``), an agency's own
schedule, or an agency's configuration for the year. Plans create the report tasks from
it (``backend.plans.reports``); scoring measures their timeliness against it.
"""
import datetime
import re

from django.utils.translation import gettext as _

MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")

# 581/BNV-CCHC (par-index-method.md §5) [verified]: each report is due on the 20th of
# the period's last month. Only the fallback: provinces configure their own dates.
NATIONAL_REPORT_SCHEDULE = [
    {"code": "Q1", "name": "Báo cáo CCHC quý I", "due": "03-20"},
    {"code": "H1", "name": "Báo cáo CCHC 6 tháng đầu năm", "due": "06-20"},
    {"code": "Q3", "name": "Báo cáo CCHC quý III", "due": "09-20"},
    {"code": "Y", "name": "Báo cáo CCHC năm", "due": "12-20"},
]


def due_date_in(year, month_day) -> datetime.date:
    month, day = (int(x) for x in MONTH_DAY.match(month_day).groups())
    return datetime.date(year, month, day)


def schedule_errors(schedule) -> list[str]:
    """Why a report schedule is unusable ([] when it is fine)."""
    if not isinstance(schedule, list):
        return [_("a list of {code, name, due} is expected")]
    errors, codes = [], set()
    for entry in schedule:
        if not isinstance(entry, dict) or not entry.get("code") or not isinstance(entry.get("due"), str):
            errors.append(_("%(entry)r: code and due (MM-DD) are required") % {"entry": entry})
            continue
        if entry["code"] in codes:
            errors.append(_("%(code)s: listed twice") % {"code": entry["code"]})
        codes.add(entry["code"])
        try:
            if not MONTH_DAY.match(entry["due"]):
                raise ValueError
            due_date_in(2024, entry["due"])  # a leap year: 02-29 is a valid schedule entry
        except ValueError:
            errors.append(_("%(code)s: due must be MM-DD, got %(due)r")
                          % {"code": entry["code"], "due": entry["due"]})
    return errors


# Where an agency's schedule came from (the API says it).
AGENCY_YEAR, AGENCY, PROVINCE, METHODOLOGY, NATIONAL = "agency_year", "agency", "province", "methodology", "national"


def effective_report_schedule(*, config, criteria, agency_schedule=None, province_schedule=None,
                              is_province=False) -> tuple[str, list[dict]]:
    """(where it comes from, the periodic reports due in the year) for one agency's plan year.

    The agency's configuration for the year; else its own schedule; else, for a
    department, its province's (provinces set their departments' dates, earlier than the
    national ones); else the methodology's reports list; else the national guidance,
    which is what the province itself follows.
    """
    if config is not None and config.report_schedule:
        return AGENCY_YEAR, config.report_schedule
    if agency_schedule is not None and agency_schedule.reports:
        return AGENCY, agency_schedule.reports
    if not is_province and province_schedule is not None and province_schedule.reports:
        return PROVINCE, province_schedule.reports
    for c in criteria:
        if c.rule.get("measure") == "reports_on_time" and c.rule.get("reports"):
            return METHODOLOGY, c.rule["reports"]
    return NATIONAL, NATIONAL_REPORT_SCHEDULE

