"""Reports as files: a document to print (A4, the layout of Decree 30) or a workbook to
edit and sign.

    GET /api/v1/plans/{id}/report.pdf | .xlsx            the plan's progress
    GET /api/v1/scores/report.pdf | .xlsx?agency=&year=  the leadership criterion's self-assessment
"""
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from backend.plans.access import access_plan
from backend.scoring.selectors import score_agency_for
from workflows.errors import NotFound, ValidationFailed

from .output import pdf_of
from .selectors import plan_progress_report, progress_context, score_context, score_report_for
from .workbooks import progress_workbook, score_workbook

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


class ScoreReportQuery(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


def score_file(user, agency_id, year, ext) -> HttpResponse:
    agency = score_agency_for(user, agency_id) if agency_id else None
    if agency is None:
        raise NotFound(_("no such agency"))
    year = year or timezone.localdate().year
    if ext == "pdf":
        context = score_context(agency, year)
        data = pdf_of("reports/score.html", context) if context else None
    else:
        found = score_report_for(agency, year)
        data = score_workbook(*found) if found else None
    if data is None:
        raise NotFound(_("the agency has no methodology to be scored with"))
    return download(data, ext, f"bao-cao-tu-danh-gia-chi-dao-dieu-hanh-{year}")


class ScoreReportView(APIView):
    @extend_schema(parameters=[OpenApiParameter("agency", int), OpenApiParameter("year", int)],
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY})
    def get(self, request, ext):
        """The criterion's components, rules, values, points and evidence."""
        query = ScoreReportQuery(data=request.query_params)
        if not query.is_valid():
            raise ValidationFailed(details=query.errors)
        params = query.validated_data
        return score_file(request.user, params.get("agency") or request.user.agency_id, params.get("year"), ext)
