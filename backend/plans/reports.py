"""Periodic reform reports (SPEC §4): tasks of kind ``report``, created when a plan is approved.

Called by ``services.plan_transition`` inside the approval's transaction, so a plan is
never approved without its report tasks. The dates come from the agency's configuration for the year
(``criteria.ScoringConfig``), else its own or (for a department) its province's report
schedule (``criteria.ReportSchedule``), else the methodology's reports rule, else the
national guidance.
"""
from django.db.models import Q

from backend.accounts.models import Office
from backend.criteria.schedules import due_date_in
from backend.criteria.selectors import configs_for, leadership_criteria, methodology_id_for, report_schedules_for

from .models import Task



def report_task_code(code) -> str:
    """The task code of a periodic report (``Q1`` → ``BC-Q1``); scoring finds reports by it."""
    return f"BC-{code}"


def _agency_office(agency_id):
    """The agency's Văn phòng (the office that writes its reports), when there is exactly one."""
    found = list(Office.objects.filter(agency_id=agency_id).filter(
        Q(name__startswith="Văn phòng") | Q(name__startswith="Văn Phòng") | Q(code__iexact="VP"))[:2])
    return found[0] if len(found) == 1 else None


def create_report_tasks(plan, actor=None, **_params) -> list[Task]:
    """Create the plan year's report tasks that do not exist yet; return the new ones.

    Their due dates follow the agency's schedule: a department's come from its province
    (``ReportSchedule``), the province's own from the national guidance
    (``backend.criteria.selectors.report_schedules_for``)."""
    config = configs_for([plan.agency_id], plan.year).get(plan.agency_id)
    criteria = leadership_criteria(methodology_id_for(plan.agency, plan.year, config))
    if not criteria:
        return []  # no methodology with a field 1: there is no field to file reports under
    field = criteria[0]
    _source, schedule = report_schedules_for(
        [plan.agency], plan.year, configs={plan.agency_id: config} if config else {},
        trees={field.methodology_id: criteria})[plan.agency_id]
    existing = set(Task.objects.filter(plan=plan).values_list("code", flat=True))
    office = _agency_office(plan.agency_id)
    new = [
        Task(plan=plan, kind=Task.Kind.REPORT, code=report_task_code(r["code"]),
             title=r.get("name") or report_task_code(r["code"]), field=field, lead_office=office,
             due_date=due_date_in(plan.year, r["due"]), created_by=actor,
             expected_output="Báo cáo định kỳ về công tác cải cách hành chính")
        for r in schedule
        if report_task_code(r["code"]) not in existing
    ]
    return Task.objects.bulk_create(new)
