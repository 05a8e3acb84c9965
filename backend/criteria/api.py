from rest_framework import serializers, viewsets

from .models import Criterion, Methodology


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "name", "name_en", "max_points", "parent", "methodology",
                  "rule_kind", "provenance"]


class MethodologySerializer(serializers.ModelSerializer):
    class Meta:
        model = Methodology
        fields = ["id", "code", "name", "decision", "issued_on", "is_template", "notes"]


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


def _id_param(value: str):
    """An id from the query string, or None: '²' is a digit to str.isdigit, and twenty
    digits overflow the database's integer."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class MethodologyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MethodologySerializer
    queryset = Methodology.objects.all()
    pagination_class = None
