"""Plans and tasks over HTTP: thin views over selectors, services and the workflow."""
import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from backend.accounts.models import Agency, Office, User
from backend.api.filtersets import RequestedFilterSet
from backend.api.inputs import (
    MAX_TEXT, CancelInput, ExtendInput, IssueInput, OptionalDocumentReference, ReasonInput, limit_to_visible,
    valid_input,
)
from backend.documents.models import Document
from backend.documents.selectors import documents_visible_to
from backend.accounts.selectors import is_platform_admin, offices_visible_to, users_visible_to
from backend.criteria.models import Criterion
from backend.comments.api import CommentsMixin
from backend.evidence.api import EvidenceMixin
from backend.workdays.calendar import add_working_days
from backend.api.transitions import TransitionsMixin
from backend.deadlines.scan import due_within_q
from workflows.services import available_transitions

from . import outcomes, services
from .access import (
    access_plan, access_task, check_may_create_plan, check_may_create_tasks, check_may_edit_plan,
    check_may_edit_task,
)
from .machines import OPEN_STATES, TaskState
from .models import ReformPlan, Task
from .selectors import led_or_supported_by, plans_visible_to, tasks_visible_to



# --- plans ----------------------------------------------------------------------

class PlanSerializer(serializers.ModelSerializer):
    available_transitions = serializers.SerializerMethodField()
    issued_on_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = ReformPlan
        fields = ["id", "agency", "year", "title", "issue_deadline", "state", "approved_at",
                  "issue_document", "issued_on", "closed_at", "issued_on_time", "created_at", "updated_at", "available_transitions"]

    def get_available_transitions(self, plan) -> list[str]:
        return available_transitions(plan, self.context["request"].user)


class PlanInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=500)
    # Set by the province (its scoring configuration); see services.plan_create.
    issue_deadline = serializers.DateField(required=False)


class PlanViewSet(TransitionsMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                  viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    queryset = ReformPlan.objects.none()  # names the model for the schema; the rows come from get_queryset
    transition_service = staticmethod(services.plan_transition)
    filterset_fields = ["year", "state", "agency"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    transition_inputs = {"approve": IssueInput}

    def get_object(self):
        return access_plan(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        return plans_visible_to(self.request.user)

    @extend_schema(request=PlanInput, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        check_may_create_plan(request.user)  # who first, then the body
        data = valid_input(PlanInput, request)
        plan = services.plan_create(actor=request.user, **data)
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanInput)
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        check_may_edit_plan(request.user, plan)
        data = valid_input(PlanInput, request, partial=True)
        plan = services.plan_update(plan=plan, actor=request.user, data=data)
        return Response(self.get_serializer(plan).data)


# --- tasks ----------------------------------------------------------------------

class DueDateWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    field = serializers.CharField()
    date = serializers.DateField()
    term_ends = serializers.DateField()
    message = serializers.CharField()


class TaskSerializer(serializers.ModelSerializer):
    available_transitions = serializers.SerializerMethodField()
    supporting_offices = serializers.SerializerMethodField()
    outcome = serializers.ChoiceField(choices=outcomes.OUTCOMES, read_only=True)
    outcome_label = serializers.CharField(read_only=True)
    term_ends_on = serializers.DateField(read_only=True, allow_null=True)
    # Not errors: a due date (or a proposed one) that is not a working day.
    warnings = DueDateWarningSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = [
            "id", "plan", "kind", "code", "title", "description", "field", "expected_output",
            "lead_office", "supporting_offices", "assignee", "due_date", "term_ends_on", "original_due_date",
            "source", "source_document", "superior_due_date", "progress", "state",
            "overdue", "overdue_since", "outcome", "outcome_label", "result_note", "assigned_at", "started_at",
            "submitted_at", "sent_document", "sent_on", "completed_at", "completed_on_time", "cancelled_at",
            "cancel_document",
            "extension_requested_until", "extension_reason",
            "created_at", "updated_at", "available_transitions", "warnings",
        ]

    def get_supporting_offices(self, task) -> list[int]:
        # From the prefetch cache: no query per task.
        return sorted(o.pk for o in task.supporting_offices.all())

    def get_available_transitions(self, task) -> list[str]:
        return available_transitions(task, self.context["request"].user)


class TaskInput(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ReformPlan.objects.all())
    kind = serializers.ChoiceField(choices=Task.Kind.choices, default=Task.Kind.TASK)
    code = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=500)
    field = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all())
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    expected_output = serializers.CharField(max_length=500, required=False, allow_blank=True)
    lead_office = serializers.PrimaryKeyRelatedField(queryset=Office.objects.all(), required=False,
                                                     allow_null=True)
    supporting_offices = serializers.PrimaryKeyRelatedField(
        queryset=Office.objects.all(), many=True, required=False)
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                  allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    source = serializers.ChoiceField(choices=Task.Source.choices, required=False)
    source_document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all(), required=False,
                                                         allow_null=True)
    superior_due_date = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_visible(self, TASK_REFERENCES)


# Where each reference of a task body may point: inside the caller's agency only.
TASK_REFERENCES = {
    "plan": plans_visible_to, "lead_office": offices_visible_to,
    "supporting_offices": offices_visible_to, "assignee": users_visible_to,
    "source_document": documents_visible_to,
}


class TaskUpdateInput(TaskInput):
    plan = None
    kind = None
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)


class AssignInput(serializers.Serializer):
    lead_office = serializers.PrimaryKeyRelatedField(queryset=Office.objects.all())
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                  allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    # "Due N working days after assignment": computed on the agency's working-day calendar.
    due_in_working_days = serializers.IntegerField(required=False, min_value=1, max_value=1000,
                                                   write_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_visible(self, TASK_REFERENCES)

    def validate(self, attrs):
        days = attrs.pop("due_in_working_days", None)
        if days is not None:
            if attrs.get("due_date") is not None:
                raise serializers.ValidationError(
                    {"due_in_working_days": [_("give either due_date or due_in_working_days")]})
            agency = self.context["request"].user.agency_id
            attrs["due_date"] = add_working_days(timezone.localdate(), days, agency)
        return attrs


class SubmitInput(OptionalDocumentReference):
    """``document``: the outgoing document that sends a report (required for reports)."""
    result_note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class ApproveInput(serializers.Serializer):
    comment = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


# request_extension takes the same body: the proposed date and why.
RequestExtensionInput = ExtendInput


class ApproveExtensionInput(serializers.Serializer):
    comment = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


def _callers_plans(request):
    return plans_visible_to(request.user) if request is not None else ReformPlan.objects.none()


def _callers_offices(request):
    return offices_visible_to(request.user) if request is not None else Office.objects.none()


def _callers_colleagues(request):
    # Former members too: their tasks stay findable.
    if request is None:
        return User.objects.none()
    return User.objects.all() if is_platform_admin(request.user) else User.objects.filter(
        agency_id=request.user.agency_id)


@extend_schema_field(OpenApiTypes.INT)
class OfficeIdFilter(django_filters.ModelChoiceFilter):
    """An office by its id, filtered by a method (the schema says: an integer)."""


class TaskFilter(RequestedFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=TaskState.choices)
    # References resolve inside the caller's agency: another agency's plan, office or
    # person answers like one that does not exist (and a 20-digit id is no crash).
    plan = django_filters.ModelChoiceFilter(queryset=_callers_plans)
    # office: the tasks the office leads or supports (đơn vị chủ trì hoặc phối hợp);
    # lead_office / supporting_office: one role only.
    office = OfficeIdFilter(method="filter_office", queryset=_callers_offices)
    lead_office = django_filters.ModelChoiceFilter(field_name="lead_office", queryset=_callers_offices)
    supporting_office = OfficeIdFilter(method="filter_supporting_office", queryset=_callers_offices)
    assignee = django_filters.ModelChoiceFilter(queryset=_callers_colleagues)
    overdue = django_filters.BooleanFilter(field_name="overdue")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    search = django_filters.CharFilter(method="filter_search", max_length=200)
    open = django_filters.BooleanFilter(method="filter_open")
    due_within = django_filters.NumberFilter(method="filter_due_within", min_value=0, max_value=366,
                                             label="open, due within N working days from today")
    extension_requested = django_filters.BooleanFilter(field_name="extension_requested_until",
                                                        lookup_expr="isnull", exclude=True)
    # The outcome as the task object shows it (backend.plans.outcomes), today.
    outcome = django_filters.ChoiceFilter(choices=[(o, o) for o in outcomes.OUTCOMES], method="filter_outcome")

    class Meta:
        model = Task
        fields = ["plan", "state", "office", "lead_office", "supporting_office", "assignee", "field", "kind",
                  "overdue",
                  "due_before", "due_after", "search", "open", "due_within", "extension_requested", "outcome"]

    def filter_office(self, queryset, name, value):
        return queryset.filter(led_or_supported_by(value))

    def filter_supporting_office(self, queryset, name, value):
        return queryset.filter(pk__in=Task.supporting_offices.through.objects.filter(
            office_id=value.pk).values("task_id"))

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )

    def filter_open(self, queryset, name, value):
        return queryset.filter(state__in=OPEN_STATES) if value else queryset.exclude(state__in=OPEN_STATES)

    def filter_outcome(self, queryset, name, value):
        agency_ids = list(Agency.objects.values_list("pk", flat=True))
        return queryset.filter(outcomes.TaskOutcomes(timezone.localdate(), agency_ids).q(value))

    def filter_due_within(self, queryset, name, value):
        return queryset.filter(state__in=OPEN_STATES).filter(due_within_q(int(value)))


class TaskViewSet(TransitionsMixin, EvidenceMixin, CommentsMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                  viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    queryset = Task.objects.none()  # names the model for the schema; the rows come from get_queryset
    transition_service = staticmethod(services.task_transition)
    filterset_class = TaskFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    transition_inputs = {
        "assign": AssignInput,
        "submit": SubmitInput,
        "approve": ApproveInput,
        "return": ReasonInput,
        "cancel": CancelInput,
        "extend": ExtendInput,
        "request_extension": RequestExtensionInput,
        "approve_extension": ApproveExtensionInput,
        "reject_extension": ReasonInput,
    }

    def get_object(self):
        return access_task(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        return tasks_visible_to(self.request.user)

    def paginate_queryset(self, queryset):
        # Each task's outcome and warnings read its agency's calendar: load it once.
        page = super().paginate_queryset(queryset)
        if page is None or getattr(queryset, "model", None) is not Task:  # e.g. the history
            return page
        return outcomes.with_term_calendars(page)

    @extend_schema(request=TaskInput, responses={201: TaskSerializer})
    def create(self, request, *args, **kwargs):
        check_may_create_tasks(request.user)
        data = valid_input(TaskInput, request)
        task = services.task_create(actor=request.user, **data)
        task = self.get_queryset().get(pk=task.pk)
        return Response(self.get_serializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskUpdateInput)
    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        check_may_edit_task(request.user, task)
        data = valid_input(TaskUpdateInput, request, partial=True)
        services.task_update(task=task, actor=request.user, data=data)
        task = self.get_queryset().get(pk=task.pk)
        return Response(self.get_serializer(task).data)

