"""``/api/v1/plans/{plan}/imports/``: upload a workbook for a preview, then confirm it;
``/api/v1/plans/import-template/``: the sample workbook."""
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.inputs import valid_input
from backend.plans.access import access_plan
from workflows.errors import Forbidden

from . import services
from .access import access_plan_import, may_import
from .models import PlanImport
from .workbook import check_size

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CellNoteSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Excel row number")
    column = serializers.CharField(allow_null=True, help_text="Excel column letter")
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    expected_output = serializers.CharField(allow_blank=True)
    field = serializers.IntegerField(allow_null=True)
    field_name = serializers.CharField(allow_blank=True)
    lead_office = serializers.IntegerField(allow_null=True)
    lead_office_name = serializers.CharField(allow_blank=True)
    lead_office_text = serializers.CharField(allow_blank=True)
    supporting_offices = serializers.ListField(child=serializers.IntegerField())
    supporting_office_names = serializers.ListField(child=serializers.CharField())
    due_date = serializers.DateField(allow_null=True)
    due_text = serializers.CharField(allow_blank=True)
    due_rule = serializers.CharField(allow_blank=True, help_text="how the deadline text was read")
    source = serializers.CharField()
    source_text = serializers.CharField(allow_blank=True)


class PlanImportSerializer(serializers.ModelSerializer):
    rows = ImportRowSerializer(many=True)
    problems = CellNoteSerializer(many=True)
    warnings = CellNoteSerializer(many=True)
    can_confirm = serializers.BooleanField(read_only=True)
    tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PlanImport
        fields = ["id", "plan", "state", "file_name", "sheet", "addition", "can_confirm", "rows", "problems",
                  "warnings", "created_by", "created_at", "imported_by", "imported_at", "tasks"]


class UploadInput(serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=True)


def _plan_for_import(request, plan_id):
    plan = access_plan(request.user, plan_id)
    if not may_import(request.user, plan):
        raise Forbidden(_("only the department head imports tasks into the plan"))
    return plan


class PlanImportListView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(responses=PlanImportSerializer(many=True))
    def get(self, request, plan_id):
        plan = _plan_for_import(request, plan_id)
        return Response(PlanImportSerializer(plan.imports.all()[:50], many=True).data)

    @extend_schema(request={"multipart/form-data": UploadInput}, responses={201: PlanImportSerializer})
    def post(self, request, plan_id):
        """A preview: every row as it will be imported, every problem by row and column.
        Nothing is added to the plan until the preview is confirmed."""
        plan = _plan_for_import(request, plan_id)
        upload = valid_input(UploadInput, request)["file"]
        check_size(upload.size)  # before reading it into memory
        data = upload.read()
        record = services.import_preview(actor=request.user, plan=plan, file_name=upload.name, data=data)
        return Response(PlanImportSerializer(record).data, status=status.HTTP_201_CREATED)


class PlanImportDetailView(APIView):
    @extend_schema(responses=PlanImportSerializer)
    def get(self, request, plan_id, pk):
        plan = _plan_for_import(request, plan_id)
        return Response(PlanImportSerializer(access_plan_import(request.user, plan, pk)).data)


class PlanImportConfirmView(APIView):
    @extend_schema(request=None, responses=PlanImportSerializer)
    def post(self, request, plan_id, pk):
        """Create every previewed row as a task, or none (400, the reasons by row)."""
        plan = _plan_for_import(request, plan_id)
        record = services.import_confirm(actor=request.user, plan=plan, import_id=pk)
        return Response(PlanImportSerializer(record).data)


class PlanImportTemplateView(APIView):
    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        """The sample workbook for the caller's agency: its PAR fields and offices."""
        data = services.template_for(request.user.agency)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="mau-ke-hoach-cchc.xlsx"'
        return response
