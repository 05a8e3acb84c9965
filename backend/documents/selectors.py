"""Reads of the document register, scoped to what the caller may see: their agency's."""
from backend.accounts.selectors import is_platform_admin

from .models import Document


def documents_visible_to(user):
    qs = Document.objects.all()
    if is_platform_admin(user):
        return qs
    if not user.is_authenticated or user.agency_id is None:
        return qs.none()
    return qs.filter(agency_id=user.agency_id)
