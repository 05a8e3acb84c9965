"""The state machines of plans and tasks: states, transitions, who may run them.

Each machine is an abstract model that the model beside it inherits
(``ReformPlan(PlanMachine)``, ``Task(TaskMachine)``). The transition methods are pure
(state and timestamps only; the moment comes in as ``at``, given by the service); ``workflows.services.run_transition`` does everything
around them, and ``services.plan_transition`` / ``task_transition`` are the entry points.

Reform plan: draft → approved → closed. Only the department head moves it.

Task: draft → assigned → in_progress → submitted → done, with returns and cancel.

    draft ──assign──▶ assigned ──start──▶ in_progress ──submit──▶ submitted ──approve──▶ done
                                              ▲                       │
                                              └──resume── returned ◀──return
    any open state ──cancel──▶ cancelled          any open state ──extend──▶ (same state)
    assigned/in_progress/returned ──request_extension──▶ (same state, a request pending)
    request pending ──approve_extension / reject_extension──▶ (same state, request cleared)

Overdue is not a state: an open task past its term carries a flag and a date. The date
(``overdue_since``) is the task's record of lateness (``workflows.timeliness``): a late
hand-in, a late extension or a late cancellation keeps it; approve and cancel clear the
flag; only an extension granted within the term gives a clean new term.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from backend.accounts.access import is_department_head, manages_office, same_agency
from backend.documents.access import check_document
from workflows.concurrency import ConcurrentTransitions
from workflows.errors import Forbidden, ValidationFailed
from workflows import timeliness


class PlanState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")
    CLOSED = "closed", _("closed")


def _head_of_agency(plan, user) -> bool:
    return is_department_head(user, plan.agency_id)


def check_issue(plan, actor, *, document=None):
    """A plan is issued by its signed plan document (of this agency, not dated ahead)."""
    check_document(document, agency_id=plan.agency_id)


class PlanMachine(ConcurrentTransitions, models.Model):
    state = FSMField(_("state"), default=PlanState.DRAFT, choices=PlanState.choices, protected=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Issued (ban hành) by its signed plan document; the document's date is the day that counts.
    issue_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("plan document"),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        abstract = True

    # How messages name the object and each transition in the reader's language; the
    # identifiers (subject_type, transition names) stay as they are in the API and events.
    subject_label = pgettext_lazy("subject", "plan")
    transition_labels = {
        # A plan is issued (ban hành); a task's result is reviewed (duyệt kết quả).
        "approve": pgettext_lazy("plan transition", "approve"),
        "close": pgettext_lazy("transition", "close"),
    }

    @transition(field=state, source=PlanState.DRAFT, target=PlanState.APPROVED,
                permission=_head_of_agency,
                # The report tasks that come with it: backend.plans.services.plan_transition.
                custom={"event": "plan.approved", "check": check_issue, "carries": ("document",),
                        "tracks": ("issue_document_id", "issued_on")})
    def approve(self, *, at, document):
        self.approved_at = at
        self.issue_document = document
        self.issued_on = document.date

    @transition(field=state, source=PlanState.APPROVED, target=PlanState.CLOSED,
                permission=_head_of_agency, custom={"event": "plan.closed"})
    def close(self, *, at):
        self.closed_at = at


# --- tasks ----------------------------------------------------------------------------

class TaskState(models.TextChoices):
    # Not yet given to anyone (a plan's draft is a dự thảo; a task's is chưa giao).
    DRAFT = "draft", pgettext_lazy("task state", "draft")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATES = [
    TaskState.DRAFT, TaskState.ASSIGNED, TaskState.IN_PROGRESS,
    TaskState.SUBMITTED, TaskState.RETURNED,
]
CLOSED_STATES = [TaskState.DONE, TaskState.CANCELLED]


# --- who may run a transition (django-fsm `permission=` callables) --------------

def _department_head(task, user) -> bool:
    return is_department_head(user, task.plan.agency_id)


def _assigner(task, user) -> bool:
    """Head, or the head of the task's lead office (or of any office while none is set)."""
    agency_id = task.plan.agency_id
    if is_department_head(user, agency_id):
        return True
    return same_agency(user, agency_id) and user.is_office_head and (
        task.lead_office_id is None or user.office_id == task.lead_office_id
    )


def _reviewer(task, user) -> bool:
    return manages_office(user, task.plan.agency_id, task.lead_office_id)


def _doer(task, user) -> bool:
    """The assignee, or an officer of the lead office."""
    if not same_agency(user, task.plan.agency_id):
        return False
    if task.assignee_id is not None and task.assignee_id == user.pk:
        return True
    return user.is_officer and task.lead_office_id is not None and user.office_id == task.lead_office_id


# --- conditions on the object itself (not on the request) ------------------------

def plan_is_approved(task) -> bool:
    return task.plan.state == "approved"


plan_is_approved.hint = _("the plan is not approved yet")


def extension_pending(task) -> bool:
    return task.extension_requested_until is not None


extension_pending.hint = _("no extension request is pending")


def no_extension_pending(task) -> bool:
    return task.extension_requested_until is None


no_extension_pending.hint = _("an extension request is already pending")


# --- preconditions on what the request brings (run by the workflow service) -------

def _required(field, value, message):
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationFailed(message, {field: [str(message)]})


def check_assign(task, actor, *, lead_office, assignee=None, due_date=None):
    agency_id = task.plan.agency_id
    errors = {}
    if lead_office is None or lead_office.agency_id != agency_id:
        errors["lead_office"] = [str(_("choose an office of this agency"))]
    elif actor.is_office_head and actor.office_id != lead_office.pk:
        raise Forbidden(_("an office head assigns tasks to their own office only"))
    if assignee is not None and lead_office is not None and not (
        assignee.agency_id == agency_id and assignee.works_in(lead_office.pk) and assignee.is_active
    ):
        errors["assignee"] = [str(_("the assignee must be an active member of the lead office"))]
    if due_date is None and task.due_date is None:
        errors["due_date"] = [str(_("a task needs a due date before it is assigned"))]
    elif due_date is not None and due_date < timezone.localdate():
        errors["due_date"] = [str(_("the due date cannot be in the past"))]
    if errors:
        raise ValidationFailed(_("the assignment is incomplete"), errors)


def check_submit(task, actor, *, result_note="", document=None):
    if task.kind == "report":
        # A report is sent by its outgoing document; its date is the day that counts.
        check_document(document, agency_id=task.plan.agency_id)
        return
    check_document(document, agency_id=task.plan.agency_id, required=False)
    if not (result_note or "").strip() and not task.result_note.strip() and not task.evidence.exists():
        raise ValidationFailed(
            _("attach evidence or write a result note before submitting"),
            {"result_note": [str(_("required when the task has no evidence"))]},
        )


def check_reason(task, actor, *, reason="", **_ignored):
    _required("reason", reason, _("a reason is required"))


def check_cancel(task, actor, *, reason="", document=None):
    """Once the plan is issued, dropping a task takes the plan's amendment document."""
    _required("reason", reason, _("a reason is required"))
    issued = task.plan.state != "draft"
    check_document(document, agency_id=task.plan.agency_id, required=issued)


def check_extend(task, actor, *, due_date=None, reason=""):
    _required("due_date", due_date, _("the new due date is required"))
    _required("reason", reason, _("a reason is required"))
    if task.due_date is not None and due_date <= task.due_date:
        raise ValidationFailed(
            _("the new due date must be later than the current one"),
            {"due_date": [str(_("must be after %(date)s") % {"date": task.due_date.isoformat()})]},
        )


def check_request_extension(task, actor, *, due_date=None, reason=""):
    _required("due_date", due_date, _("the proposed due date is required"))
    _required("reason", reason, _("a reason is required"))
    if task.due_date is not None and due_date <= task.due_date:
        raise ValidationFailed(
            _("the proposed due date must be later than the current one"),
            {"due_date": [str(_("must be after %(date)s") % {"date": task.due_date.isoformat()})]},
        )
    if due_date < timezone.localdate():
        raise ValidationFailed(
            _("the proposed due date cannot be in the past"),
            {"due_date": [str(_("the proposed due date cannot be in the past"))]},
        )


# Where someone is still doing the work: a draft has nobody yet, a submission awaits review.
EXTENSION_STATES = [TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.RETURNED]


class TaskMachine(ConcurrentTransitions, models.Model):
    state = FSMField(_("state"), default=TaskState.DRAFT, choices=TaskState.choices, protected=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_on_time = models.BooleanField(null=True, blank=True)
    # A report is sent by its outgoing document (số, ngày gửi): that date judges it.
    sent_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("outgoing document"),
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    # The plan amendment (văn bản điều chỉnh, bổ sung kế hoạch) that dropped the task.
    cancel_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("amendment document"),
    )
    result_note = models.TextField(_("result note"), blank=True)
    # An officer's pending request for more time (one at a time), until the head decides.
    extension_requested_until = models.DateField(_("extension requested until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension request"), blank=True)

    class Meta:
        abstract = True

    # How messages name the object and each transition in the reader's language; the
    # identifiers (subject_type, transition names) stay as they are in the API and events.
    subject_label = pgettext_lazy("subject", "task")
    transition_labels = {
        "assign": pgettext_lazy("transition", "assign"),
        "start": pgettext_lazy("transition", "start"),
        "submit": pgettext_lazy("transition", "submit"),
        "approve": pgettext_lazy("transition", "approve"),
        "return": pgettext_lazy("transition", "return"),
        "resume": pgettext_lazy("transition", "resume"),
        "cancel": pgettext_lazy("transition", "cancel"),
        "extend": pgettext_lazy("transition", "extend"),
        "request_extension": pgettext_lazy("transition", "request_extension"),
        "approve_extension": pgettext_lazy("transition", "approve_extension"),
        "reject_extension": pgettext_lazy("transition", "reject_extension"),
    }

    @transition(field=state, source=TaskState.DRAFT, target=TaskState.ASSIGNED,
                permission=_assigner, conditions=[plan_is_approved],
                custom={"event": "task.assigned", "check": check_assign,
                        "tracks": ("lead_office_id", "assignee_id", "due_date")})
    def assign(self, *, at, lead_office, assignee=None, due_date=None):
        self.lead_office = lead_office
        self.assignee = assignee
        if due_date is not None:
            self.due_date = due_date
        self.assigned_at = at

    @transition(field=state, source=TaskState.ASSIGNED, target=TaskState.IN_PROGRESS,
                permission=_doer, custom={"event": "task.started"})
    def start(self, *, at):
        self.started_at = at

    @transition(field=state, source=TaskState.IN_PROGRESS, target=TaskState.SUBMITTED,
                permission=_doer, custom={"event": "task.submitted", "check": check_submit, "carries": ("document",),
                                          "tracks": ("sent_document_id", "sent_on")})
    def submit(self, *, at, result_note="", document=None):
        if result_note:
            self.result_note = result_note
        self.submitted_at = at
        if document is not None:
            # The outgoing document: a report is sent on its date, not on the click.
            self.sent_document = document
            self.sent_on = document.date
        if not timeliness.on_time(self.handed_in_on, self.due_date, self.term_calendar):
            self._record_lateness()

    @transition(field=state, source=TaskState.SUBMITTED, target=TaskState.DONE,
                permission=_reviewer, custom={"event": "task.completed"})
    def approve(self, *, at, comment=""):
        self.completed_at = at
        self.progress = 100
        # On time follows the approved submission, not the approval (SPEC §4); lateness
        # once recorded (a late extension) stays.
        self.completed_on_time = self.overdue_since is None and timeliness.on_time(
            self.handed_in_on, self.due_date, self.term_calendar)
        self.overdue = False

    @transition(field=state, source=TaskState.SUBMITTED, target=TaskState.RETURNED,
                permission=_reviewer, custom={"event": "task.returned", "name": "return", "check": check_reason})
    def send_back(self, *, at, reason):
        self.submitted_at = None
        self.sent_document = None
        self.sent_on = None

    @transition(field=state, source=TaskState.RETURNED, target=TaskState.IN_PROGRESS,
                permission=_doer, custom={"event": "task.resumed"})
    def resume(self, *, at):
        pass

    @transition(field=state, source=OPEN_STATES, target=TaskState.CANCELLED,
                permission=_department_head, custom={"event": "task.cancelled", "check": check_cancel, "carries": ("document",),
                                                     "tracks": ("cancel_document_id",)})
    def cancel(self, *, at, reason, document=None):
        self.cancelled_at = at
        self.cancel_document = document
        # Cancelled after its term: the lateness stays in the record; whether it counts
        # is the scoring rule's data ("cancelled_after_due").
        if self._past_term_at(at):
            self._record_lateness()
        self.overdue = False

    # target=None: the state stays; only the due date moves.
    @transition(field=state, source=OPEN_STATES, target=None,
                permission=_department_head, custom={"event": "task.deadline_extended", "check": check_extend,
                        "tracks": ("due_date",)})
    def extend(self, *, at, due_date, reason):
        self._move_due_date(at, due_date)
        # The head has decided the date: a pending request is answered by it.
        self._clear_extension_request()

    @transition(field=state, source=EXTENSION_STATES, target=None,
                permission=_doer, conditions=[no_extension_pending],
                custom={"event": "task.extension_requested", "check": check_request_extension,
                        "tracks": ("extension_requested_until",)})
    def request_extension(self, *, at, due_date, reason):
        self.extension_requested_until = due_date
        self.extension_reason = reason

    # The due date becomes the requested one; the old one stays in the history (changes).
    @transition(field=state, source=OPEN_STATES, target=None,
                permission=_department_head, conditions=[extension_pending],
                custom={"event": "task.extension_approved",
                        "tracks": ("due_date", "extension_requested_until", "extension_reason", "overdue",
                                   "overdue_since")})
    def approve_extension(self, *, at, comment=""):
        self._move_due_date(at, self.extension_requested_until)
        self._clear_extension_request()

    @transition(field=state, source=OPEN_STATES, target=None,
                permission=_department_head, conditions=[extension_pending],
                custom={"event": "task.extension_rejected", "check": check_reason,
                        "tracks": ("extension_requested_until", "extension_reason")})
    def reject_extension(self, *, at, reason):
        self._clear_extension_request()

    def _past_term_at(self, at) -> bool:
        return timeliness.past_term(self.due_date, timeliness.day_of(at), self.term_calendar)

    def _record_lateness(self):
        if self.overdue_since is None and self.due_date is not None:
            self.overdue_since = timeliness.overdue_since(self.due_date, self.term_calendar)

    def _move_due_date(self, at, due_date):
        """An extension. Granted within the term: a clean new term. Granted after it (the
        task already overdue): the lateness stays in the record and the flag stays, so
        the task counts as late whatever the new date (par-index-method.md §9)."""
        if self.original_due_date is None:
            self.original_due_date = self.due_date
        if self._past_term_at(at):
            self._record_lateness()
        else:
            self.overdue = False
            self.overdue_since = None
        self.due_date = due_date

    def _clear_extension_request(self):
        self.extension_requested_until = None
        self.extension_reason = ""


def supports(task, user) -> bool:
    """A member (officer or head) of one of the task's supporting offices (đơn vị phối hợp)."""
    if not same_agency(user, task.plan.agency_id) or user.office_id is None:
        return False
    # `.all()` reads the prefetch of lists (tasks_visible_to): no query per task.
    return any(user.works_in(office.pk) for office in task.supporting_offices.all())


def may_add_evidence(task, user) -> bool:
    """Those who do or review the work attach its evidence, and the offices that support it."""
    return _doer(task, user) or _reviewer(task, user) or (
        same_agency(user, task.plan.agency_id) and user.works_in(task.lead_office_id)
    ) or supports(task, user)
