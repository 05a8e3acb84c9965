"""``GET/POST …/{id}/evidence/`` for any subject that carries evidence (tasks, findings)."""
import os

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.inputs import limit_to_visible, valid_input
from backend.documents.models import Document
from backend.documents.selectors import documents_visible_to

from . import services
from .access import access_evidence
from backend.documents.filetypes import content_type_for, is_viewable
from .models import Evidence
from .access import check_may_attach


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "kind", "name", "url", "document", "note", "size", "content_type", "uploaded_by",
                  "uploaded_at"]

    def get_url(self, evidence) -> str:
        if evidence.kind == Evidence.Kind.FILE:
            # Files are served only through the permission-checked download below.
            url = reverse("evidence-file", kwargs={"pk": evidence.pk})
            request = self.context.get("request")
            return request.build_absolute_uri(url) if request else url
        if evidence.kind == Evidence.Kind.DOCUMENT and not evidence.url:
            url = reverse("document-detail", kwargs={"pk": evidence.document_id})
            request = self.context.get("request")
            return request.build_absolute_uri(url) if request else url
        return evidence.url


class EvidenceInput(serializers.Serializer):
    file = serializers.FileField(required=False, max_length=255, allow_empty_file=True)
    url = serializers.URLField(required=False, max_length=2000)
    # A signed document of the caller's agency (another agency's does not exist for them).
    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_visible(self, {"document": documents_visible_to})
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate_url(self, value):
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError(_("only http and https links are accepted"))
        return value

    def validate(self, attrs):
        if sum(bool(attrs.get(k)) for k in ("file", "url", "document")) != 1:
            raise serializers.ValidationError(
                {"file": [_("send either a file or a url, not both or neither")]})
        return attrs


class EvidenceLinkInput(serializers.Serializer):
    """The JSON body, as the schema tells it: a link."""
    url = serializers.URLField(max_length=2000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class EvidenceFileInput(serializers.Serializer):
    """The multipart body, as the schema tells it: the file in ``file``."""
    file = serializers.FileField(max_length=255)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class EvidenceMixin:
    @extend_schema(methods=["GET"], responses={200: EvidenceSerializer(many=True)})
    @extend_schema(methods=["POST"], request={"application/json": EvidenceLinkInput,
                                              "multipart/form-data": EvidenceFileInput},
                   responses={201: EvidenceSerializer})
    @action(detail=True, methods=["get", "post"])
    def evidence(self, request, pk=None):
        subject = self.get_object()
        if request.method == "GET":
            items = subject.evidence.select_related("uploaded_by").order_by("id")
            page = self.paginate_queryset(items)
            return self.get_paginated_response(
                EvidenceSerializer(page, many=True, context={"request": request}).data
            )
        # Who and which state first: a caller who may not attach hears that, not "bad body".
        check_may_attach(subject, request.user)
        values = valid_input(EvidenceInput, request)
        if values.get("document"):
            item = services.evidence_add_document(subject=subject, actor=request.user,
                                                  document=values["document"], note=values["note"])
        elif values.get("file"):
            item = services.evidence_add_file(subject=subject, actor=request.user,
                                              upload=values["file"], note=values["note"])
        else:
            item = services.evidence_add_link(subject=subject, actor=request.user,
                                              url=values["url"], note=values["note"])
        return Response(EvidenceSerializer(item, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class EvidenceFileView(APIView):
    """``GET /api/v1/evidence/{id}/file/``: the uploaded file, to those who may see its task
    or finding (other agencies: 404). Evidence files are never served as public media."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        evidence = access_evidence(request.user, pk, kind=Evidence.Kind.FILE)
        try:
            handle = evidence.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        # The type derived from the checked extension (older rows kept the uploader's),
        # shown in the browser only when that is safe; nosniff keeps the browser to it.
        extension = os.path.splitext(evidence.name)[1].lstrip(".").lower()
        response = FileResponse(handle, as_attachment=not is_viewable(extension), filename=evidence.name,
                                content_type=content_type_for(extension))
        response["X-Content-Type-Options"] = "nosniff"
        return response
