from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from backend.accounts.selectors import agencies_visible_to

from .completeness import gaps, modelled_maxima
from .models import Criterion, Methodology
from .schedules import due_date_in
from .selectors import report_schedules_for


class CriterionSerializer(serializers.ModelSerializer):
    # What the catalogue's components can actually give (a sum's children may model less
    # than the decision declares): see backend/criteria/completeness.py.
    modelled_max_points = serializers.SerializerMethodField()
    complete = serializers.SerializerMethodField()

    class Meta:
        model = Criterion
        fields = ["id", "code", "name", "name_en", "max_points", "modelled_max_points", "complete",
                  "parent", "methodology", "rule_kind", "provenance"]

    def _maxima(self):
        return self.context["modelled_maxima"]

    def get_modelled_max_points(self, criterion) -> float:
        return float(self._maxima()[criterion.pk])

    def get_complete(self, criterion) -> bool:
        return self._maxima()[criterion.pk] == criterion.max_points


class MethodologySerializer(serializers.ModelSerializer):
    complete = serializers.SerializerMethodField()
    incomplete_criteria = serializers.SerializerMethodField()

    class Meta:
        model = Methodology
        fields = ["id", "code", "name", "decision", "issued_on", "is_template", "notes", "complete",
                  "incomplete_criteria"]

    def _gaps(self, methodology):
        return self.context["gaps"].get(methodology.pk, [])

    def get_complete(self, methodology) -> bool:
        return not self._gaps(methodology)

    def get_incomplete_criteria(self, methodology) -> list[dict]:
        return [g.as_json() for g in self._gaps(methodology)]


def _criteria_of(methodology_ids) -> list:
    return list(Criterion.objects.filter(methodology_id__in=methodology_ids).only(
        "id", "methodology_id", "parent_id", "code", "order", "max_points", "rule_kind"))


class CriterionViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue, flat; fields have ``parent: null``. ``?methodology=<code or id>``."""

    serializer_class = CriterionSerializer
    queryset = Criterion.objects.select_related("methodology").order_by("methodology_id", "order", "id")

    def get_queryset(self):
        qs = super().get_queryset()
        params = self.request.query_params
        methodology = params.get("methodology")
        if methodology:
            methodology_id = _id_param(methodology)
            qs = qs.filter(methodology__id=methodology_id) if methodology_id is not None \
                else qs.filter(methodology__code=methodology)
        parent = params.get("parent")
        if parent is not None:
            if parent in ("", "null", "none"):
                qs = qs.filter(parent__isnull=True)
            elif (parent_id := _id_param(parent)) is not None:
                qs = qs.filter(parent_id=parent_id)
            else:
                qs = qs.none()
        return qs

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # The whole catalogue of the listed methodologies: a sum's modelled maximum needs
        # its children, whatever the page or filter shows. One query.
        ids = set(self.get_queryset().order_by().values_list("methodology_id", flat=True).distinct()) \
            if not getattr(self, "swagger_fake_view", False) else set()
        context["modelled_maxima"] = modelled_maxima(_criteria_of(ids))
        return context


def _id_param(value: str):
    """An id from the query string, or None: '²' is a digit to str.isdigit, and twenty
    digits overflow the database's integer."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class MethodologyViewSet(viewsets.ReadOnlyModelViewSet):
    """The methodologies; ``complete`` is false when some sum's components do not add up
    to its declared maximum (``incomplete_criteria`` lists them)."""

    serializer_class = MethodologySerializer
    queryset = Methodology.objects.all()
    pagination_class = None

    def get_serializer_context(self):
        context = super().get_serializer_context()
        by_methodology = {}
        for c in _criteria_of(Methodology.objects.values_list("id", flat=True)):
            by_methodology.setdefault(c.methodology_id, []).append(c)
        context["gaps"] = {m: gaps(criteria) for m, criteria in by_methodology.items()}
        return context


class ReportScheduleQuery(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class ReportScheduleViewSet(viewsets.ViewSet):
    """When an agency's periodic reform reports are due in a plan year, and where the dates
    come from: ``agency_year`` (its configuration for the year), ``agency`` (its own
    schedule), ``province`` (its province's, for a department), ``methodology`` (the
    methodology's reports list) or ``national`` (581/BNV-CCHC: what the province itself
    follows). Administrators edit the schedules (Django admin, *Report schedules*)."""

    @extend_schema(parameters=[OpenApiParameter(n, OpenApiTypes.INT, OpenApiParameter.QUERY, required=False)
                               for n in ("agency", "year")], responses=OpenApiTypes.OBJECT)
    def list(self, request):
        query = ReportScheduleQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        agency_id = query.validated_data.get("agency") or request.user.agency_id
        if agency_id is None:
            raise ValidationError({"agency": [_("which agency? (required for a province administrator)")]})
        agency = agencies_visible_to(request.user).filter(pk=agency_id).first()
        if agency is None:
            raise NotFound(_("no such agency"))
        year = query.validated_data.get("year") or timezone.localdate().year
        source, reports = report_schedules_for([agency], year)[agency.pk]
        return Response({"agency": agency.pk, "year": year, "level": agency.level, "source": source,
                         "reports": [{"code": r["code"], "name": r.get("name", r["code"]), "due": r["due"],
                                      "due_date": due_date_in(year, r["due"])} for r in reports]})
