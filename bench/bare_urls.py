"""The product's URLs plus ``/bench/bare-tasks/``: a bare DRF list over the same rows.

The baseline the task list (``/api/v1/tasks/``) is divided by in bench/load.py. The same
rows (``plan`` and ``office``: the tasks the office leads or supports, as the task list's
``office`` filter), the same order, page size, token authentication and JSON renderer,
and the same fields but ``available_transitions`` (taken from the product's serializer,
so the two cannot drift apart). Written the way any DRF list should be: the plan joined,
the supporting offices prefetched, the agency's working calendar (which ``outcome``,
``term_ends_on`` and ``warnings`` read) loaded once per page. No visibility rule, no
filterset, no per-task permission work.

bench/load.py checks before measuring that both answer the same rows with the same values,
and prints the queries each runs per request: a baseline that does something else (an
N+1, other rows, fewer fields) is seen, not measured.
"""
from django.db.models import Q
from django.urls import path
from rest_framework import generics, serializers

from backend.plans import outcomes
from backend.plans.api import TaskSerializer
from backend.plans.models import Task
from backend.urls import urlpatterns as product_urlpatterns


class BareTaskSerializer(serializers.ModelSerializer):
    supporting_offices = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    outcome = serializers.CharField(read_only=True)
    outcome_label = serializers.CharField(read_only=True)
    term_ends_on = serializers.DateField(read_only=True)
    warnings = serializers.ReadOnlyField()

    class Meta:
        model = Task
        fields = [name for name in TaskSerializer.Meta.fields if name != "available_transitions"]


class BareTaskList(generics.ListAPIView):
    serializer_class = BareTaskSerializer
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        rows = Task.objects.filter(plan_id=params["plan"])
        if "office" in params:
            office = params["office"]
            supported = Task.supporting_offices.through.objects.filter(office_id=office).values("task_id")
            rows = rows.filter(Q(lead_office_id=office) | Q(pk__in=supported))
        return rows.select_related("plan").prefetch_related("supporting_offices")

    def paginate_queryset(self, queryset):
        # ``outcome`` reads the agency's calendar: once for the page, not once per task.
        page = super().paginate_queryset(queryset)
        return None if page is None else outcomes.with_term_calendars(page)


urlpatterns = [path("bench/bare-tasks/", BareTaskList.as_view()), *product_urlpatterns]
