from django.contrib import admin

from workflows.admin import ReadOnlyAdmin

from .models import ReformPlan, Task

# Plans and tasks change only through their services (history + event): read-only here.


@admin.register(ReformPlan)
class ReformPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "year", "state", "issue_deadline", "approved_at"]
    list_filter = ["state", "year", "agency"]
    search_fields = ["title"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "plan", "kind", "state", "lead_office", "assignee", "due_date", "overdue"]
    list_filter = ["state", "kind", "overdue", "plan", "lead_office"]
    search_fields = ["code", "title"]
