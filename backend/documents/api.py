"""``/api/v1/documents/``: the agency's register of signed documents (văn bản)."""
import django_filters
from django.db.models import Q
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.api.inputs import MAX_TEXT, valid_input

from . import services
from .access import access_document
from .models import Document
from .selectors import documents_visible_to


class DocumentSerializer(serializers.ModelSerializer):
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "agency", "number", "date", "issuer", "summary", "kind", "url", "file_url"]

    def get_file_url(self, document) -> str | None:
        if not document.file:
            return None
        # Served only through the permission-checked download below.
        url = reverse("document-file", kwargs={"pk": document.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class DocumentInput(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    date = serializers.DateField()
    issuer = serializers.CharField(max_length=255)
    summary = serializers.CharField(max_length=MAX_TEXT)
    kind = serializers.ChoiceField(choices=Document.Kind.choices, default=Document.Kind.OTHER)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, max_length=255, allow_empty_file=True)

    def validate_url(self, value):
        if value and not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError(_("only http and https links are accepted"))
        return value


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices)
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    search = django_filters.CharFilter(method="filter_search", max_length=200)

    class Meta:
        model = Document
        fields = ["kind", "date_after", "date_before", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(summary__icontains=value)
                               | Q(issuer__icontains=value))


class DocumentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_object(self):
        return access_document(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        return documents_visible_to(self.request.user)

    @extend_schema(request=DocumentInput, responses={201: DocumentSerializer})
    def create(self, request, *args, **kwargs):
        values = valid_input(DocumentInput, request)
        document = services.document_create(actor=request.user, **values)
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="file", url_name="file")
    def download(self, request, pk=None):
        """The scan, to members of the document's agency (others: 404)."""
        document = self.get_object()
        if not document.file:
            raise Http404
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=document.file_name or "document",
                                content_type=document.content_type or "application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        return response
