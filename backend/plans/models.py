"""The annual reform plan (kế hoạch CCHC năm) and its tasks (nhiệm vụ)."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from backend.workdays import terms
from backend.workdays.terms import term_calendar
from workflows import timeliness
from workflows.setwise import ids_in

from . import outcomes
from .machines import OPEN_STATES, PlanMachine, TaskMachine, TaskState, may_add_evidence, supports


class ReformPlan(PlanMachine):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=500)
    issue_deadline = models.DateField(_("issue deadline"))
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reform plan")
        verbose_name_plural = _("reform plans")
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="plan_one_per_agency_year"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    # --- what the workflow service and the event log need to know -----------------
    subject_type = "plan"
    lock_related = ("agency",)

    @property
    def event_agency_id(self):
        return self.agency_id

    def event_payload(self) -> dict:
        return {"year": self.year, "title": self.title, "issue_deadline": self.issue_deadline,
                "state": self.state}

    @property
    def issued_on_time(self):
        """Judged by the signed plan document's date (a plan issued before documents were
        recorded: by the day it was approved)."""
        if self.issued_on is not None:
            return self.issued_on <= self.issue_deadline
        if self.approved_at is None:
            return None
        return timeliness.on_time(self.approved_at, self.issue_deadline, term_calendar(self.agency_id))


class Task(TaskMachine):
    class Kind(models.TextChoices):
        TASK = "task", _("task")
        REPORT = "report", _("periodic report")

    class Source(models.TextChoices):
        """Who assigned the task (cấp giao): a superior, or the agency's own plan."""
        PROVINCE = "province", _("Provincial People's Committee")
        CHAIRMAN = "chairman", _("Chairman of the Provincial People's Committee")
        HOME_AFFAIRS = "home_affairs", _("Department of Home Affairs")
        SUPERIOR = "superior", _("another superior")
        OWN = "own", _("the agency's own plan")

    plan = models.ForeignKey(ReformPlan, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TASK)
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    field = models.ForeignKey(
        "criteria.Criterion", on_delete=models.PROTECT, related_name="tasks",
        verbose_name=_("PAR field"),
    )
    expected_output = models.CharField(_("expected output"), max_length=500, blank=True)
    lead_office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="led_tasks"
    )
    supporting_offices = models.ManyToManyField(
        "accounts.Office", blank=True, related_name="supported_tasks"
    )
    assignee = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_tasks"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    source = models.CharField(_("assigned by"), max_length=16, choices=Source.choices, default=Source.OWN)
    # The assigning document (văn bản giao nhiệm vụ) and the deadline the superior set.
    source_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assigning document"),
    )
    superior_due_date = models.DateField(_("superior's due date"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # Set by the deadline scan, once, with its event; cleared by approve/cancel and by an
    # extension granted within the term. ``overdue_since`` is the task's record of
    # lateness (workflows.timeliness): set by the scan, or by a late hand-in, a late
    # extension or a late cancellation; only an extension within the term clears it.
    overdue = models.BooleanField(_("overdue"), default=False)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    # The due date before the first extension (None: never extended).
    original_due_date = models.DateField(_("original due date"), null=True, blank=True)
    # The due date the last task.due_soon reminder was sent for: one reminder per task
    # and due date; moving the due date (extend) re-arms it by itself.
    due_soon_notified_for = models.DateField(_("due-soon reminder sent for"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)


    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan_id", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="task_unique_code_per_plan"),
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="task_progress_0_100"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_date"], name="task_state_due"),
            models.Index(fields=["overdue", "state"], name="task_overdue_state"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    subject_type = "task"
    lock_related = ("plan",)

    @property
    def event_agency_id(self):
        return self.plan.agency_id

    @classmethod
    def attach_supporting_office_ids(cls, tasks):
        """Give each task the sorted ids of its supporting offices for ``event_payload``,
        in one query whatever the number of tasks (the deadline pass's thousands): a
        prefetch into ``.all()`` would build a manager and a queryset per task, and
        send every task id as a parameter of its own."""
        ids = {task.pk: [] for task in tasks}
        through = cls.supporting_offices.through.objects
        for task_id, office_id in through.filter(task_id__in=ids_in(ids)).values_list("task_id", "office_id"):
            ids[task_id].append(office_id)
        for task in tasks:
            task._supporting_office_ids = sorted(ids[task.pk])

    def event_payload(self) -> dict:
        # The supporting offices (đơn vị phối hợp) are told too: attached in bulk by a
        # set-wise reader, else `.all()` (which reads a prefetch where there is one).
        offices = getattr(self, "_supporting_office_ids", None)
        if offices is None:
            offices = sorted(o.pk for o in self.supporting_offices.all())
        return {
            "code": self.code, "title": self.title, "kind": self.kind, "plan": self.plan_id,
            "lead_office": self.lead_office_id, "assignee": self.assignee_id,
            "due_date": self.due_date, "state": self.state,
            "supporting_offices": offices,
        }

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def may_add_evidence(self, user) -> bool:
        return may_add_evidence(self, user)

    @cached_property
    def working_calendar(self):
        """The agency's working days (lists attach it in bulk: ``outcomes.with_term_calendars``)."""
        return terms.working_calendars([self.plan.agency_id], [timezone.localdate().year])[self.plan.agency_id]

    @cached_property
    def term_calendar(self):
        """What the timeliness rule takes: the calendar, or None when due dates do not move."""
        return terms.for_terms(self.working_calendar)

    @property
    def term_ends_on(self):
        """The last day of the term (a due date on a day off runs to the next working day)."""
        return timeliness.term_end(self.due_date, self.term_calendar)

    @property
    def warnings(self) -> list[dict]:
        """Not errors: the due date (or the proposed one) is not a working day."""
        calendar = self.working_calendar
        return (terms.due_date_warnings(self.due_date, calendar)
                + terms.due_date_warnings(self.extension_requested_until, calendar, "extension_requested_until"))

    @property
    def handed_in_on(self):
        """The day that counts for timeliness: the one place that says which.

        The day the work was submitted (approved, when nothing was submitted first).
        A report sent by its outgoing document counts from the document's date.
        """
        if self.sent_on is not None:
            return self.sent_on
        return timeliness.day_of(self.submitted_at or self.completed_at)

    def may_contribute(self, user) -> bool:
        """A supporting office's member writes its contribution note (comment kind ``contribution``)."""
        return supports(self, user)

    @property
    def outcome(self) -> str:
        """The government's four-way classification (par-index-method.md §4): ``plans.outcomes``."""
        return outcomes.outcome_of(self, timezone.localdate())

    @property
    def outcome_label(self):
        return outcomes.label_of(self, self.outcome)
