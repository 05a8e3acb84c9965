from django.contrib import admin

from backend.criteria.models import ScoringConfig

from .models import ManualAssessment, Score, ScoreChange


@admin.register(ScoringConfig)
class ScoringConfigAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "methodology"]
    list_filter = ["year", "methodology"]


class ScoreChangeInline(admin.TabularInline):
    model = ScoreChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "old_points", "points", "cause"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """Derived data: recomputed from events, never edited by hand."""

    list_display = ["agency", "year", "points", "max_points", "methodology", "computed_at"]
    list_filter = ["year", "methodology"]
    readonly_fields = ["agency", "year", "methodology", "criterion", "points", "max_points",
                       "components", "computed_at"]
    inlines = [ScoreChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(ManualAssessment)
class ManualAssessmentAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "criterion", "points", "assessed_by", "assessed_at"]
    list_filter = ["year"]
    readonly_fields = ["assessed_by", "assessed_at"]
