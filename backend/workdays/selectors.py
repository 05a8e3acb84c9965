"""Reads of the calendar overrides: national ones for everyone, an agency's for its people."""
from django.db.models import Q

from backend.accounts.selectors import is_platform_admin

from .models import CalendarOverride


def overrides_visible_to(user):
    qs = CalendarOverride.objects.select_related("agency")
    if is_platform_admin(user):
        return qs
    return qs.filter(Q(agency__isnull=True) | Q(agency_id=user.agency_id))


def may_edit_overrides(user, agency_id) -> bool:
    """The province's administrator for any scope; an agency's head or admin for its own."""
    if is_platform_admin(user):
        return True
    return (
        agency_id is not None and user.is_authenticated and user.agency_id == agency_id
        and (user.is_head or user.is_admin_role)
    )


def may_edit_some_overrides(user) -> bool:
    """By role, before the body names the agency (``may_edit_overrides`` then checks it)."""
    return is_platform_admin(user) or (user.is_authenticated and (user.is_head or user.is_admin_role))
