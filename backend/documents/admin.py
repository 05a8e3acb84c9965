from django.contrib import admin

from workflows.admin import ReadOnlyAdmin

from .models import Document

# Recorded by the agencies through their service (the register is evidence): read-only here.


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "issuer", "kind", "agency"]
    list_filter = ["kind", "agency"]
    search_fields = ["number", "summary", "issuer"]
