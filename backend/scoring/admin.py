from django.contrib import admin

from backend.criteria.models import ScoringConfig
from backend.plans.services import plan_set_issue_deadline
from workflows.admin import ReadOnly, ReadOnlyAdmin

from .models import ManualAssessment, Score, ScoreChange


@admin.register(ScoringConfig)
class ScoringConfigAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "methodology", "plan_issue_deadline"]
    list_filter = ["year", "methodology"]

    def save_model(self, request, obj, form, change):
        # The province's issue deadline is the plan's: the department cannot set its own.
        super().save_model(request, obj, form, change)
        plan_set_issue_deadline(agency_id=obj.agency_id, year=obj.year, deadline=obj.plan_issue_deadline)


class ScoreChangeInline(ReadOnly, admin.TabularInline):
    model = ScoreChange
    extra = 0


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    """Derived data: recomputed from events, never edited by hand."""

    list_display = ["agency", "year", "points", "max_points", "methodology", "computed_at"]
    list_filter = ["year", "methodology"]
    inlines = [ScoreChangeInline]


@admin.register(ManualAssessment)
class ManualAssessmentAdmin(ReadOnlyAdmin):
    """Written by ``manual_assessment_record`` (the score follows, with its event)."""

    list_display = ["agency", "year", "criterion", "points", "assessed_by", "assessed_at"]
    list_filter = ["year"]
