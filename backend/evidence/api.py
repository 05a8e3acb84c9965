"""``GET/POST …/{id}/evidence/`` for any subject that carries evidence (tasks, findings)."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from . import services
from .models import Evidence


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "kind", "name", "url", "note", "size", "content_type", "uploaded_by", "uploaded_at"]

    def get_url(self, evidence) -> str:
        if evidence.kind == Evidence.Kind.FILE and evidence.file:
            request = self.context.get("request")
            url = evidence.file.url
            return request.build_absolute_uri(url) if request else url
        return evidence.url


class EvidenceInput(serializers.Serializer):
    file = serializers.FileField(required=False, max_length=255, allow_empty_file=True)
    url = serializers.URLField(required=False, max_length=2000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate_url(self, value):
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError(_("only http and https links are accepted"))
        return value

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("url")):
            raise serializers.ValidationError(
                {"file": [_("send either a file or a url, not both or neither")]})
        return attrs


class EvidenceMixin:
    @extend_schema(request=EvidenceInput, responses={200: EvidenceSerializer(many=True),
                                                     201: EvidenceSerializer})
    @action(detail=True, methods=["get", "post"])
    def evidence(self, request, pk=None):
        subject = self.get_object()
        if request.method == "GET":
            items = subject.evidence.select_related("uploaded_by").order_by("id")
            page = self.paginate_queryset(items)
            return self.get_paginated_response(
                EvidenceSerializer(page, many=True, context={"request": request}).data
            )
        data = EvidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("file"):
            item = services.evidence_add_file(subject=subject, actor=request.user,
                                              upload=values["file"], note=values["note"])
        else:
            item = services.evidence_add_link(subject=subject, actor=request.user,
                                              url=values["url"], note=values["note"])
        return Response(EvidenceSerializer(item, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)
