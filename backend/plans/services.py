"""Writes to plans and tasks: create, edit, and the one entry point of their transitions.

``plan_transition`` and ``task_transition`` are what the API and the pages call to move
a plan or a task; they run ``workflows.services.run_transition`` and, in the same
transaction, what a transition brings with it (a plan's report tasks on approval).
"""
from django.db import transaction
from django.utils.translation import gettext as _

from backend.criteria.selectors import province_issue_deadline
from workflows.errors import Forbidden, InvalidState, ValidationFailed

from workflows.services import run_transition
from workflows.updates import model_update

from .access import check_may_edit_task
from .access import may_create_plan, may_create_task, may_edit_plan, may_manage_task, may_update_progress
from .machines import OPEN_STATES, PlanState, TaskState
from .models import ReformPlan, Task
from .reports import create_report_tasks


def plan_transition(plan, name, *, actor, at=None, **params) -> ReformPlan:
    """Run transition ``name`` on ``plan`` (at ``at``, default now); approving also creates
    the year's report tasks."""
    with transaction.atomic():
        plan = run_transition(plan, name, actor=actor, at=at, **params)
        if name == "approve":
            # In the approval's transaction: a plan is never approved without them (SPEC §4).
            create_report_tasks(plan, actor)
    return plan


def task_transition(task, name, *, actor, at=None, **params) -> Task:
    """Run transition ``name`` on ``task`` (at ``at``, default now)."""
    return run_transition(task, name, actor=actor, at=at, **params)


def _province_deadline_refusal(deadline):
    return ValidationFailed(details={"issue_deadline": [
        _("the issue deadline is set by the province: %(date)s") % {"date": deadline.strftime("%d/%m/%Y")}]})


def plan_create(*, actor, year, title, issue_deadline=None) -> ReformPlan:
    """A draft plan. Its issue deadline is the province's (scoring configuration of the
    year); a body may repeat it, not change it. Where the province has not set one yet, the
    body's date stands until it does (``plan_set_issue_deadline``)."""
    if not may_create_plan(actor):
        raise Forbidden(_("only a department head creates plans"))
    if ReformPlan.objects.filter(agency_id=actor.agency_id, year=year).exists():
        raise ValidationFailed(details={"year": [_("this agency already has a plan for %(year)s") % {"year": year}]})
    provincial = province_issue_deadline(actor.agency_id, year)
    if provincial is not None:
        if issue_deadline is not None and issue_deadline != provincial:
            raise _province_deadline_refusal(provincial)
        issue_deadline = provincial
    elif issue_deadline is None:
        raise ValidationFailed(details={"issue_deadline": [
            _("the province has not set the issue deadline for this year yet; give the date it announced")]})
    return ReformPlan.objects.create(
        agency_id=actor.agency_id, year=year, title=title, issue_deadline=issue_deadline,
        created_by=actor,
    )


PLAN_FIELDS = {"year", "title"}  # while a draft; the issue deadline is the province's


def plan_update(*, plan, actor, data) -> ReformPlan:
    if not may_edit_plan(actor, plan):
        raise Forbidden(_("only the department head edits the plan"))
    if plan.state != PlanState.DRAFT:
        raise InvalidState(_("an approved or closed plan cannot be edited"), state=plan.state)
    if "issue_deadline" in data and data["issue_deadline"] != plan.issue_deadline:
        raise _province_deadline_refusal(plan.issue_deadline)
    data = {k: v for k, v in data.items() if k != "issue_deadline"}
    if "year" in data and data["year"] != plan.year and ReformPlan.objects.filter(
        agency_id=plan.agency_id, year=data["year"]
    ).exists():
        raise ValidationFailed(details={"year": [_("this agency already has a plan for that year")]})
    model_update(plan, data, PLAN_FIELDS)
    return plan


def plan_set_issue_deadline(*, agency_id, year, deadline) -> int:
    """The province set (or moved) the issue deadline of the agency's plan year (its scoring
    configuration, saved by an administrator): the plan, if any, takes it. Returns the
    number of plans changed."""
    if deadline is None:
        return 0
    return ReformPlan.objects.filter(agency_id=agency_id, year=year).exclude(
        issue_deadline=deadline).update(issue_deadline=deadline)


SUPERIOR_SOURCES = {Task.Source.PROVINCE, Task.Source.CHAIRMAN, Task.Source.HOME_AFFAIRS, Task.Source.SUPERIOR}


def _check_task_source(*, plan, data, errors, task=None):
    """A task a superior assigned names its assigning document; the superior's deadline
    belongs to such a task only, and the task's own due date does not go past it."""
    def value(name):
        return data[name] if name in data else getattr(task, name, None)

    source = value("source") or Task.Source.OWN
    document = value("source_document")
    superior_due = value("superior_due_date")
    if document is not None and document.agency_id != plan.agency_id:
        errors["source_document"] = [_("no such document")]
    if source in SUPERIOR_SOURCES:
        if document is None:
            errors["source_document"] = [_("a task assigned by a superior names the assigning document")]
        due = value("due_date")
        if superior_due is not None and due is not None and due > superior_due:
            errors["due_date"] = [_("the due date cannot be later than the superior's (%(date)s)")
                                  % {"date": superior_due.strftime("%d/%m/%Y")}]
    elif superior_due is not None:
        errors["superior_due_date"] = [_("only a task assigned by a superior has a superior's due date")]


def _check_task_references(*, plan, data, errors, task=None):
    agency = plan.agency
    field = data.get("field")
    if field is not None:
        if field.parent_id is not None:
            errors["field"] = [_("choose a PAR field (a top-level entry of the catalogue)")]
        elif agency.methodology_id and field.methodology_id != agency.methodology_id:
            errors["field"] = [_("this field belongs to another methodology than the agency's")]
    lead_office = data.get("lead_office")
    if lead_office is not None and lead_office.agency_id != agency.pk:
        errors["lead_office"] = [_("choose an office of this agency")]
    for office in data.get("supporting_offices") or []:
        if office.agency_id != agency.pk:
            errors["supporting_offices"] = [_("choose offices of this agency")]
            break
    # An edit changes one of the pair: check the assignee against the office the task will have.
    if "assignee" in data or "lead_office" in data:
        assignee = data["assignee"] if "assignee" in data else getattr(task, "assignee", None)
        office = data["lead_office"] if "lead_office" in data else getattr(task, "lead_office", None)
        if assignee is not None and (
            assignee.agency_id != agency.pk or (office is not None and not assignee.works_in(office.pk))
        ):
            errors["assignee"] = [_("the assignee must be a member of the lead office")]


def task_create(*, actor, plan, **data) -> Task:
    if plan.agency_id != actor.agency_id:
        raise ValidationFailed(details={"plan": [_("no such plan")]})
    if not may_create_task(actor, plan):
        raise Forbidden(_("only a department head or an office head creates tasks"))
    if plan.state == PlanState.CLOSED:
        raise InvalidState(_("the plan is closed; no task can be added"), state=plan.state)
    if actor.is_office_head:
        data.setdefault("lead_office", actor.office)
        if data["lead_office"] is None or data["lead_office"].pk != actor.office_id:
            raise Forbidden(_("an office head adds tasks for their own office only"))
    errors = {}
    _check_task_references(plan=plan, data=data, errors=errors)
    if data.get("superior_due_date") is not None and data.get("due_date") is None:
        data["due_date"] = data["superior_due_date"]  # the department's term is the superior's
    _check_task_source(plan=plan, data=data, errors=errors)
    if Task.objects.filter(plan=plan, code=data.get("code")).exists():
        errors["code"] = [_("a task with this code already exists in the plan")]
    if errors:
        raise ValidationFailed(details=errors)
    supporting = data.pop("supporting_offices", None) or []
    with transaction.atomic():
        task = Task.objects.create(plan=plan, created_by=actor, **data)
        task.supporting_offices.set(supporting)
    return task


def tasks_create(*, actor, plan, rows) -> list[Task]:
    """Many tasks at once (a plan's table imported): the checks of ``task_create`` on each
    row, then one INSERT for the tasks and one for their supporting offices. All or none:
    any refused row raises ``ValidationFailed`` whose ``details`` are keyed by the row's
    index and the field (``"3.code"``: messages), and nothing is written."""
    if plan.agency_id != actor.agency_id:
        raise ValidationFailed(details={"plan": [_("no such plan")]})
    if not may_create_task(actor, plan) or not actor.is_head:
        raise Forbidden(_("only a department head creates tasks in bulk"))
    if plan.state == PlanState.CLOSED:
        raise InvalidState(_("the plan is closed; no task can be added"), state=plan.state)
    taken = set(Task.objects.filter(plan=plan).values_list("code", flat=True))
    errors, seen = {}, set()
    for index, data in enumerate(rows):
        row_errors = {}
        _check_task_references(plan=plan, data=data, errors=row_errors)
        if data.get("code") in taken or data.get("code") in seen:
            row_errors["code"] = [_("a task with this code already exists in the plan")]
        seen.add(data.get("code"))
        errors.update({f"{index}.{name}": messages for name, messages in row_errors.items()})
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        tasks = Task.objects.bulk_create([
            Task(plan=plan, created_by=actor, **{k: v for k, v in data.items() if k != "supporting_offices"})
            for data in rows
        ])
        Through = Task.supporting_offices.through
        Through.objects.bulk_create([
            Through(task_id=task.pk, office_id=office.pk)
            for task, data in zip(tasks, rows) for office in data.get("supporting_offices") or []
        ])
    return tasks


# Which fields who may change, and when (anything else moves by a transition).
MANAGER_FIELDS = {"code", "title", "description", "expected_output", "field", "supporting_offices",
                  "source", "source_document", "superior_due_date"}
DRAFT_ONLY_FIELDS = {"lead_office", "assignee", "due_date"}
DOER_FIELDS = {"progress"}


def task_update(*, task, actor, data) -> Task:
    if not data:
        return task
    check_may_edit_task(actor, task)
    names = set(data)
    is_manager = may_manage_task(actor, task)
    if names & (MANAGER_FIELDS | DRAFT_ONLY_FIELDS) and not is_manager:
        raise Forbidden(_("only the department head or the lead office's head edits the task"))
    if names & DOER_FIELDS and not may_update_progress(actor, task):
        raise Forbidden(_("only the assignee or the lead office updates progress"))
    # Who first (above), then the state.
    if task.state not in OPEN_STATES:
        raise InvalidState(_("a done or cancelled task cannot be edited"), state=task.state)
    if names & DOER_FIELDS:
        if task.state != TaskState.IN_PROGRESS:
            raise InvalidState(_("progress is updated while the task is in progress"), state=task.state)
    if names & DRAFT_ONLY_FIELDS and task.state != TaskState.DRAFT:
        raise ValidationFailed(details={
            name: [_("after assignment, change this with a transition (assign, extend)")]
            for name in names & DRAFT_ONLY_FIELDS
        })
    if actor.is_office_head and "lead_office" in data and (
        data["lead_office"] is None or data["lead_office"].pk != actor.office_id
    ):
        raise Forbidden(_("an office head keeps tasks in their own office"))
    errors = {}
    _check_task_references(plan=task.plan, data=data, errors=errors, task=task)
    if names & {"source", "source_document", "superior_due_date", "due_date"}:
        _check_task_source(plan=task.plan, data=data, errors=errors, task=task)
    if "code" in data and Task.objects.filter(plan=task.plan, code=data["code"]).exclude(pk=task.pk).exists():
        errors["code"] = [_("a task with this code already exists in the plan")]
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        model_update(task, data, MANAGER_FIELDS | DRAFT_ONLY_FIELDS | DOER_FIELDS)
    return task
