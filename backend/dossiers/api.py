"""``/api/v1/dossiers/``: the evidence dossier of an agency's year.

    POST /api/v1/dossiers/ {"agency"?, "year"?}   ask for one (202; 200 with the one
                                                  already being built)
    GET  /api/v1/dossiers/?agency=&year=&state=   the dossiers asked for, newest first
    GET  /api/v1/dossiers/{id}/                   its state and progress
    GET  /api/v1/dossiers/{id}/download/          the zip, once ready (409 before)
"""
import django_filters
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.api.inputs import valid_input
from backend.scoring.selectors import score_agency_for
from workflows.errors import Forbidden, InvalidState, NotFound

from . import services
from .access import access_dossier, dossiers_visible_to, may_build_dossiers
from .models import Dossier


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(source="items_done", help_text="items gone through")
    total = serializers.IntegerField(source="items_total", help_text="items to go through")
    percent = serializers.IntegerField()


class DossierSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    progress = ProgressSerializer(source="*", read_only=True)
    files = serializers.IntegerField(source="files_count", read_only=True)
    links = serializers.IntegerField(source="links_count", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = ["id", "agency", "year", "state", "state_label", "progress", "requested_by", "requested_at",
                  "started_at", "finished_at", "files", "links", "size", "points", "max_points", "download_url"]

    def get_download_url(self, dossier) -> str | None:
        if dossier.state != Dossier.State.READY:
            return None
        url = reverse("dossier-download", kwargs={"pk": dossier.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class DossierInput(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                      help_text="default: the caller's agency")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                    help_text="default: the current year")


class DossierFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Dossier.State.choices)

    class Meta:
        model = Dossier
        fields = ["agency", "year", "state"]


def zip_response(dossier) -> FileResponse:
    """The dossier's zip, streamed from disk (the API and the page serve it alike)."""
    if dossier.state != Dossier.State.READY or not dossier.file:
        raise InvalidState(_("the dossier is not ready yet"), state=dossier.state)
    try:
        handle = dossier.file.open("rb")
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise NotFound(_("the dossier's file is gone; ask for a new one")) from exc
    return FileResponse(handle, as_attachment=True, filename=dossier.download_name, content_type="application/zip")


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DossierSerializer
    filterset_class = DossierFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return dossiers_visible_to(self.request.user)

    def get_object(self):
        return access_dossier(self.request.user, self.kwargs["pk"])

    @extend_schema(request=DossierInput, responses={202: DossierSerializer, 200: DossierSerializer})
    def create(self, request, *args, **kwargs):
        """Ask for the dossier; it is built in the background and its requester is
        notified (``dossier.ready``) when it can be downloaded."""
        if not may_build_dossiers(request.user):  # who, before reading the body
            raise Forbidden(_("only the department head or an administrator prepares the evidence dossier"))
        values = valid_input(DossierInput, request)
        agency = score_agency_for(request.user, values.get("agency") or request.user.agency_id)
        if agency is None:
            raise NotFound(_("no such agency"))
        dossier, created = services.dossier_request(actor=request.user, agency=agency,
                                                    year=values.get("year") or timezone.localdate().year)
        return Response(self.get_serializer(dossier).data,
                        status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        """The zip: a folder per component with its files, the index workbook, the
        self-assessment report. Streamed from disk."""
        return zip_response(self.get_object())
