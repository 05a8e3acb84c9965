from django.contrib import admin

from .models import Criterion, Methodology, ReportSchedule


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["code", "name", "parent", "max_points", "rule_kind", "order"]


@admin.register(Methodology)
class MethodologyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "decision", "is_template"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "methodology", "parent", "max_points", "rule_kind"]
    list_filter = ["methodology", "rule_kind"]
    search_fields = ["code", "name"]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    """A province's report dates for its departments (or one agency's own)."""

    list_display = ["__str__", "province", "agency", "decided_by"]
    search_fields = ["province", "agency__name", "decided_by"]
