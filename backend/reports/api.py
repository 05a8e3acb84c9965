"""``GET /api/v1/plans/{id}/report.pdf`` and ``.xlsx``: the plan's progress report, as a
document to print (A4, the layout of Decree 30) or a workbook to edit and sign."""
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from backend.plans.access import access_plan

from .output import pdf_of
from .selectors import plan_progress_report, progress_context
from .workbooks import progress_workbook

CONTENT_TYPES = {"pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(data: bytes, ext: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


def progress_file(user, plan, ext) -> HttpResponse:
    if ext == "pdf":
        data = pdf_of("reports/progress.html", progress_context(user, plan))
    else:
        data = progress_workbook(*plan_progress_report(user, plan))
    return download(data, ext, f"bao-cao-tien-do-ke-hoach-{plan.year}")


class PlanProgressReportView(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY})
    def get(self, request, plan_id, ext):
        """The plan's progress by PAR field and by lead office, with the overdue tasks."""
        return progress_file(request.user, access_plan(request.user, plan_id), ext)
