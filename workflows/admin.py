from django.contrib import admin

from .models import Event, TransitionRecord


class ReadOnly:
    """One write path: what the services write (through ``run_transition``, with history
    and an event) is only read in the admin. Mixed into ``ModelAdmin`` and inlines."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.get_fields() if f.concrete]


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    """The log is written by the workflow only; the admin reads it."""


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["id", "type", "occurred_at", "agency", "actor", "subject_type", "subject_id"]
    list_filter = ["type", "subject_type", "agency"]
    search_fields = ["type"]


@admin.register(TransitionRecord)
class TransitionRecordAdmin(ReadOnlyAdmin):
    list_display = ["id", "subject_type", "subject_id", "transition", "from_state", "to_state", "actor", "at"]
    list_filter = ["subject_type", "transition"]
