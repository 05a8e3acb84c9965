from django.contrib import admin

from .models import ReformPlan, Task


@admin.register(ReformPlan)
class ReformPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "year", "state", "issue_deadline", "approved_at"]
    list_filter = ["state", "year", "agency"]
    search_fields = ["title"]
    readonly_fields = ["state", "approved_at", "closed_at"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "plan", "kind", "state", "lead_office", "assignee", "due_date", "overdue"]
    list_filter = ["state", "kind", "overdue", "plan", "lead_office"]
    search_fields = ["code", "title"]
    raw_id_fields = ["assignee"]
    filter_horizontal = ["supporting_offices"]
    # State moves only through the workflow service, never by editing here.
    readonly_fields = [
        "state", "assigned_at", "started_at", "submitted_at", "completed_at", "cancelled_at",
        "completed_on_time", "overdue", "overdue_since", "due_soon_notified_for",
        "extension_requested_until", "extension_reason",
    ]
