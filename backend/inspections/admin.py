from django.contrib import admin

from workflows.admin import ReadOnly, ReadOnlyAdmin

from .models import Finding, Inspection

# Inspections and findings change only through their services (history + event): read-only here.


class FindingInline(ReadOnly, admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["office", "severity", "due_date", "state", "overdue"]
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "start_date", "end_date", "state"]
    list_filter = ["state", "agency"]
    search_fields = ["title"]
    inlines = [FindingInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "inspection", "office", "severity", "due_date", "state", "overdue"]
    list_filter = ["state", "severity", "overdue", "office"]
    search_fields = ["description"]
