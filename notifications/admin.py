from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "recipient", "event_type", "title", "created_at", "read_at"]
    list_filter = ["event_type"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient", "event"]
    # Written only by the event consumer, in commit order; the admin only looks.
    readonly_fields = ["id", "recipient", "event", "event_type", "subject_type", "subject_id",
                       "title", "body", "url", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event_type", "enabled"]
    list_filter = ["event_type", "enabled"]
    raw_id_fields = ["user"]
