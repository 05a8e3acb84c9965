"""Importing a plan's tasks from a workbook: a preview first, then all rows or none.

``import_preview`` reads the file and stores what it would create, with every problem
by row and column; nothing else is written. ``import_confirm`` creates the tasks through
the plans' own ``task_create`` (the same checks as a task typed in a form) in one
transaction: one refused row leaves the plan as it was. Into a draft plan the rows are
the plan; into an issued one they are additions (*bổ sung*), marked as such.
"""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import Office
from backend.criteria.models import Criterion
from backend.plans.machines import PlanState
from backend.plans.models import ReformPlan, Task
from backend.plans.services import tasks_create
from workflows.errors import Conflict, Forbidden, InvalidState, ValidationFailed

from .access import access_plan_import, may_import
from .models import PlanImport
from .table import read_table
from .template import template_workbook
from .workbook import read_sheet


def _fields_of(methodology_id):
    """The methodology's PAR fields in their order (codes 1, 2, … 10)."""
    fields = Criterion.objects.filter(methodology_id=methodology_id, parent=None)
    return sorted(fields, key=lambda f: (len(f.code), f.code))


def template_for(agency) -> bytes:
    """The sample workbook for ``agency``: its PAR fields as sections, its offices listed."""
    year = timezone.localdate().year
    if agency is None:
        return template_workbook(fields=[], offices=[], year=year)
    latest = agency.plans.order_by("-year").values_list("year", flat=True).first()
    return template_workbook(fields=_fields_of(agency.methodology_id),
                             offices=list(Office.objects.filter(agency=agency).order_by("name")),
                             year=latest or year)


def _check(actor, plan):
    if not may_import(actor, plan):
        raise Forbidden(_("only the department head imports tasks into the plan"))
    if plan.state == PlanState.CLOSED:
        raise InvalidState(_("the plan is closed; no task can be added"), state=plan.state)


def import_preview(*, actor, plan, file_name, data: bytes) -> PlanImport:
    """Read ``data`` (an .xlsx) against ``plan``; store and return the preview."""
    _check(actor, plan)
    sheet = read_sheet(data)
    reading = read_table(
        sheet, plan_year=plan.year,
        offices=list(Office.objects.filter(agency_id=plan.agency_id)),
        fields=_fields_of(plan.agency.methodology_id),
        existing_codes=set(Task.objects.filter(plan=plan).values_list("code", flat=True)),
    )
    return PlanImport.objects.create(
        plan=plan, file_name=(file_name or "")[:255], sheet=sheet.title[:255], rows=reading.rows,
        problems=reading.problems, warnings=reading.warnings,
        addition=plan.state != PlanState.DRAFT, created_by=actor,
    )


def import_confirm(*, actor, plan, import_id) -> PlanImport:
    """Create every previewed row as a task of ``plan``, or none (and say why, by row)."""
    with transaction.atomic():
        plan = ReformPlan.objects.select_for_update().get(pk=plan.pk)
        _check(actor, plan)
        record = access_plan_import(actor, plan, import_id, lock=True)
        if record.state != PlanImport.State.PREVIEW:
            raise Conflict(_("this file was already imported"))
        if record.problems:
            raise ValidationFailed(_("the preview has problems: correct the file and upload it again"),
                                   {"file": [p["message"] for p in record.problems[:20]]})
        if not record.rows:
            raise ValidationFailed(_("the file has no task rows"), {"file": [_("the file has no task rows")]})
        offices = {o.pk: o for o in Office.objects.filter(agency_id=plan.agency_id)}
        fields = {f.pk: f for f in _fields_of(plan.agency.methodology_id)}
        data, errors = [], []
        for row in record.rows:
            field = fields.get(row["field"])
            if field is None:
                errors.append(_("row %(row)s: the PAR field no longer exists") % {"row": row["row"]})
            data.append({
                "code": row["code"], "title": row["title"], "description": row["description"],
                "expected_output": row["expected_output"], "field": field,
                "lead_office": offices.get(row["lead_office"]),
                "supporting_offices": [offices[pk] for pk in row["supporting_offices"] if pk in offices],
                "due_date": datetime.date.fromisoformat(row["due_date"]) if row["due_date"] else None,
            })
        if errors:
            raise ValidationFailed(_("nothing was imported"), {"file": errors[:50]})
        try:
            created = tasks_create(actor=actor, plan=plan, rows=data)
        except ValidationFailed as exc:
            # Keyed by the row's index in the preview: said by its Excel row number.
            by_row = [_("row %(row)s: %(message)s") % {"row": record.rows[int(key.split(".")[0])]["row"],
                                                        "message": m}
                      for key, messages in exc.details.items() if key.split(".")[0].isdigit() for m in messages]
            raise ValidationFailed(_("nothing was imported"), {"file": by_row[:50] or [exc.message]}) from exc
        record.state = PlanImport.State.IMPORTED
        record.imported_by, record.imported_at = actor, timezone.now()
        record.save(update_fields=["state", "imported_by", "imported_at"])
        record.tasks.set(created)
    return record
