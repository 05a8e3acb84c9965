from django.contrib import admin

from workflows.admin import ReadOnlyAdmin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "recipient", "event_type", "title", "created_at", "read_at"]
    list_filter = ["event_type"]
    search_fields = ["title", "recipient__username"]
    # Written only by the event consumer, in commit order; the admin only looks.


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event_type", "enabled"]
    list_filter = ["event_type", "enabled"]
    raw_id_fields = ["user"]
