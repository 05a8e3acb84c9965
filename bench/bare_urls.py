"""The product's URLs plus ``/bench/bare-tasks/``: a bare DRF list over the same rows.

The baseline the task list (``/api/v1/tasks/``) is divided by in bench/load.py: the same
model, the same fields but ``available_transitions``, the same page size, token
authentication and JSON renderer; no visibility rule, no filterset, no per-task work.
"""
from django.urls import path
from rest_framework import generics, serializers

from backend.plans.models import Task
from backend.urls import urlpatterns as product_urlpatterns


class BareTaskSerializer(serializers.ModelSerializer):
    supporting_offices = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    outcome = serializers.CharField(read_only=True)

    class Meta:
        model = Task
        fields = [
            "id", "plan", "kind", "code", "title", "description", "field", "expected_output",
            "lead_office", "supporting_offices", "assignee", "due_date", "progress", "state",
            "overdue", "overdue_since", "outcome", "result_note", "assigned_at", "started_at",
            "submitted_at", "completed_at", "completed_on_time", "cancelled_at",
            "extension_requested_until", "extension_reason", "created_at", "updated_at",
        ]


class BareTaskList(generics.ListAPIView):
    serializer_class = BareTaskSerializer
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        rows = Task.objects.filter(plan_id=params["plan"])
        if "office" in params:
            rows = rows.filter(lead_office_id=params["office"])
        return rows.prefetch_related("supporting_offices")


urlpatterns = [path("bench/bare-tasks/", BareTaskList.as_view()), *product_urlpatterns]
