from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Agency, Office, User


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "level", "methodology"]
    search_fields = ["name", "short_name", "province"]
    inlines = [OfficeInline]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agency"]
    list_filter = ["agency"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "agency", "office", "is_active"]
    list_filter = ["role", "agency", "office", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Cơ quan và vai trò", {"fields": ("full_name", "role", "agency", "office", "language")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Cơ quan và vai trò", {"fields": ("full_name", "role", "agency", "office")}),
    )
