"""Inspections and findings over HTTP: thin views over selectors, services and the workflow."""
import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from backend.accounts.models import Office, User
from backend.api.inputs import MAX_TEXT, ExtendInput, ReasonInput, ReportInput, limit_to_visible, valid_input
from backend.accounts.selectors import offices_visible_to, users_visible_to
from backend.comments.api import CommentsMixin
from backend.evidence.api import EvidenceMixin
from backend.plans.models import Task
from backend.plans.selectors import tasks_visible_to
from backend.api.transitions import TransitionsMixin
from backend.deadlines.scan import due_within_q
from workflows.services import available_transitions

from . import services
from .access import (
    access_finding, access_inspection, check_may_edit_finding, check_may_edit_inspection,
    check_may_plan_inspection, check_may_raise_findings,
)
from .machines import OPEN_FINDING_STATES, FindingState, InspectionState, Severity, open_finding_ids
from .models import Finding, Inspection
from .selectors import findings_visible_to, inspections_visible_to



# --- inspections -------------------------------------------------------------------

class InspectionSerializer(serializers.ModelSerializer):
    offices = serializers.SerializerMethodField()
    inspectors = serializers.SerializerMethodField()
    open_findings = serializers.SerializerMethodField()
    findings_count = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "agency", "title", "offices", "inspectors", "start_date", "end_date", "state",
                  "started_at", "reported_at", "conclusion_document", "concluded_on", "closed_at", "created_by", "created_at", "updated_at",
                  "findings_count", "open_findings", "available_transitions"]

    # From the prefetch caches: no query per inspection.
    def get_offices(self, inspection) -> list[int]:
        return sorted(o.pk for o in inspection.offices.all())

    def get_inspectors(self, inspection) -> list[int]:
        return sorted(u.pk for u in inspection.inspectors.all())

    def get_open_findings(self, inspection) -> list[int]:
        return open_finding_ids(inspection)

    def get_findings_count(self, inspection) -> int:
        count = getattr(inspection, "findings_count", None)
        return count if count is not None else inspection.findings.count()

    def get_available_transitions(self, inspection) -> list[str]:
        return available_transitions(inspection, self.context["request"].user)


class InspectionInput(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    offices = serializers.PrimaryKeyRelatedField(queryset=Office.objects.all(), many=True)
    inspectors = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    start_date = serializers.DateField()
    end_date = serializers.DateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_visible(self, {"offices": offices_visible_to, "inspectors": users_visible_to})


class InspectionFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=InspectionState.choices)
    office = django_filters.NumberFilter(field_name="offices", distinct=True)
    inspector = django_filters.NumberFilter(field_name="inspectors", distinct=True)
    year = django_filters.NumberFilter(field_name="start_date", lookup_expr="year")

    class Meta:
        model = Inspection
        fields = ["state", "office", "inspector", "year"]


class InspectionViewSet(TransitionsMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                        viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionSerializer
    transition_service = staticmethod(services.inspection_transition)
    filterset_class = InspectionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    transition_inputs = {"report": ReportInput}

    def get_object(self):
        return access_inspection(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Inspection.objects.none()
        return inspections_visible_to(self.request.user)

    @extend_schema(request=InspectionInput, responses={201: InspectionSerializer})
    def create(self, request, *args, **kwargs):
        check_may_plan_inspection(request.user)  # who first, then the body
        data = valid_input(InspectionInput, request)
        inspection = services.inspection_create(actor=request.user, **data)
        inspection = self.get_queryset().get(pk=inspection.pk)
        return Response(self.get_serializer(inspection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionInput)
    def partial_update(self, request, *args, **kwargs):
        inspection = self.get_object()
        check_may_edit_inspection(request.user, inspection)
        data = valid_input(InspectionInput, request, partial=True)
        services.inspection_update(inspection=inspection, actor=request.user, data=data)
        inspection = self.get_queryset().get(pk=inspection.pk)
        return Response(self.get_serializer(inspection).data)


# --- findings ----------------------------------------------------------------------

class FindingSerializer(serializers.ModelSerializer):
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["id", "inspection", "office", "description", "severity", "due_date", "state",
                  "overdue", "overdue_since", "follow_up_task", "remediation_note", "acknowledged_at",
                  "remediation_submitted_at", "closed_at", "remediated_on_time", "referred_to",
                  "referred_at", "created_by",
                  "created_at", "updated_at", "available_transitions"]

    def get_available_transitions(self, finding) -> list[str]:
        return available_transitions(finding, self.context["request"].user)


class FindingInput(serializers.Serializer):
    inspection = serializers.PrimaryKeyRelatedField(queryset=Inspection.objects.all())
    office = serializers.PrimaryKeyRelatedField(queryset=Office.objects.all())
    description = serializers.CharField(max_length=MAX_TEXT)
    severity = serializers.ChoiceField(choices=Severity.choices)
    due_date = serializers.DateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_visible(self, {"inspection": inspections_visible_to, "office": offices_visible_to})


class FindingUpdateInput(serializers.Serializer):
    description = serializers.CharField(max_length=MAX_TEXT, required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    due_date = serializers.DateField(required=False)
    follow_up_task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.all(), required=False,
                                                        allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_visible(self, {"follow_up_task": tasks_visible_to})


class SubmitRemediationInput(serializers.Serializer):
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class ReferInput(serializers.Serializer):
    authority = serializers.CharField(max_length=255)
    reason = serializers.CharField(max_length=MAX_TEXT)


class CloseInput(serializers.Serializer):
    comment = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class FindingFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=FindingState.choices)
    severity = django_filters.MultipleChoiceFilter(choices=Severity.choices)
    office = django_filters.NumberFilter(field_name="office")
    inspection = django_filters.NumberFilter(field_name="inspection")
    follow_up_task = django_filters.NumberFilter(field_name="follow_up_task")
    overdue = django_filters.BooleanFilter(field_name="overdue")
    open = django_filters.BooleanFilter(method="filter_open")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_within = django_filters.NumberFilter(method="filter_due_within", min_value=0, max_value=366,
                                             label="open, due within N working days from today")

    class Meta:
        model = Finding
        fields = ["state", "office", "inspection", "overdue", "severity", "follow_up_task", "open",
                  "due_before", "due_after", "due_within"]

    def filter_open(self, queryset, name, value):
        return (queryset.filter(state__in=OPEN_FINDING_STATES) if value
                else queryset.exclude(state__in=OPEN_FINDING_STATES))

    def filter_due_within(self, queryset, name, value):
        return queryset.filter(state__in=OPEN_FINDING_STATES).filter(
            due_within_q(int(value), agency_path="inspection__agency_id"))


class FindingViewSet(TransitionsMixin, EvidenceMixin, CommentsMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FindingSerializer
    transition_service = staticmethod(services.finding_transition)
    filterset_class = FindingFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    transition_inputs = {
        "submit_remediation": SubmitRemediationInput,
        "close": CloseInput,
        "reopen": ReasonInput,
        "extend": ExtendInput,
        "refer": ReferInput,
    }

    def get_object(self):
        return access_finding(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        return findings_visible_to(self.request.user)

    @extend_schema(request=FindingInput, responses={201: FindingSerializer})
    def create(self, request, *args, **kwargs):
        check_may_raise_findings(request.user)
        data = valid_input(FindingInput, request)
        finding = services.finding_raise(actor=request.user, **data)
        finding = self.get_queryset().get(pk=finding.pk)
        return Response(self.get_serializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FindingUpdateInput)
    def partial_update(self, request, *args, **kwargs):
        finding = self.get_object()
        check_may_edit_finding(request.user, finding)
        data = valid_input(FindingUpdateInput, request, partial=True)
        services.finding_update(finding=finding, actor=request.user, data=data)
        finding = self.get_queryset().get(pk=finding.pk)
        return Response(self.get_serializer(finding).data)
