"""What each user may see of agencies, offices and people: their own agency only."""
from .models import Agency, Office, User


def is_platform_admin(user) -> bool:
    """An admin with no agency manages every agency (the province's administrator)."""
    return user.is_authenticated and (user.is_superuser or (user.is_admin_role and user.agency_id is None))


def agencies_visible_to(user):
    qs = Agency.objects.select_related("methodology")
    return qs if is_platform_admin(user) else qs.filter(pk=user.agency_id)


def offices_visible_to(user):
    qs = Office.objects.all()
    return qs if is_platform_admin(user) else qs.filter(agency_id=user.agency_id)


def users_visible_to(user):
    qs = User.objects.filter(is_active=True)
    return qs if is_platform_admin(user) else qs.filter(agency_id=user.agency_id)
