from django.contrib import admin

from .models import Finding, Inspection


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["office", "severity", "due_date", "state", "overdue"]
    readonly_fields = ["state", "overdue"]
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "start_date", "end_date", "state"]
    list_filter = ["state", "agency"]
    search_fields = ["title"]
    filter_horizontal = ["offices", "inspectors"]
    # State moves only through the workflow service, never by editing here.
    readonly_fields = ["state", "started_at", "reported_at", "closed_at"]
    inlines = [FindingInline]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "inspection", "office", "severity", "due_date", "state", "overdue"]
    list_filter = ["state", "severity", "overdue", "office"]
    search_fields = ["description"]
    raw_id_fields = ["follow_up_task", "inspection"]
    readonly_fields = [
        "state", "acknowledged_at", "remediation_submitted_at", "closed_at", "remediated_on_time",
        "overdue", "overdue_since",
    ]
