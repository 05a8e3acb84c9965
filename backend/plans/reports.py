"""Periodic reform reports (SPEC §4): tasks of kind ``report``, created when a plan is approved.

Called by ``services.plan_transition`` inside the approval's transaction, so a plan is
never approved without its report tasks. The dates come from the agency's configuration for the year
(``scoring.ScoringConfig``), else from the methodology's reports rule, else from the
national guidance below.
"""
from django.db.models import Q

from backend.accounts.models import Office

from .models import Task

# 581/BNV-CCHC (par-index-method.md §5) [verified]: each report is due on the 20th of
# the period's last month. Only the fallback: provinces configure their own dates.
NATIONAL_REPORT_SCHEDULE = [
    {"code": "Q1", "name": "Báo cáo CCHC quý I", "due": "03-20"},
    {"code": "H1", "name": "Báo cáo CCHC 6 tháng đầu năm", "due": "06-20"},
    {"code": "Q3", "name": "Báo cáo CCHC quý III", "due": "09-20"},
    {"code": "Y", "name": "Báo cáo CCHC năm", "due": "12-20"},
]


def report_task_code(code) -> str:
    return f"BC-{code}"


def _agency_office(agency_id):
    """The agency's Văn phòng (the office that writes its reports), when there is exactly one."""
    found = list(Office.objects.filter(agency_id=agency_id).filter(
        Q(name__startswith="Văn phòng") | Q(name__startswith="Văn Phòng") | Q(code__iexact="VP"))[:2])
    return found[0] if len(found) == 1 else None


def create_report_tasks(plan, actor=None, **_params) -> list[Task]:
    """Create the plan year's report tasks that do not exist yet; return the new ones."""
    from backend.scoring.selectors import (  # noqa: PLC0415  (scoring reads plans)
        configs_for, due_date_in, leadership_criteria, methodology_id_for, report_schedule,
    )

    config = configs_for([plan.agency_id], plan.year).get(plan.agency_id)
    criteria = leadership_criteria(methodology_id_for(plan.agency, plan.year, config))
    if not criteria:
        return []  # no methodology with a field 1: there is no field to file reports under
    field = criteria[0]
    existing = set(Task.objects.filter(plan=plan).values_list("code", flat=True))
    office = _agency_office(plan.agency_id)
    new = [
        Task(plan=plan, kind=Task.Kind.REPORT, code=report_task_code(r["code"]),
             title=r.get("name") or report_task_code(r["code"]), field=field, lead_office=office,
             due_date=due_date_in(plan.year, r["due"]), created_by=actor,
             expected_output="Báo cáo định kỳ về công tác cải cách hành chính")
        for r in report_schedule(config=config, criteria=criteria)
        if report_task_code(r["code"]) not in existing
    ]
    return Task.objects.bulk_create(new)
