"""Who may build and download an agency's evidence dossier: its department head, who
approves the self-assessment, and its administrators. The dossier holds every file of
the agency's year, more than an office or an officer may see."""
from django.utils.translation import gettext as _

from backend.accounts.access import fetch_visible, is_department_head, may_administer
from backend.accounts.selectors import is_platform_admin
from workflows.errors import Forbidden

from .models import Dossier


def may_build_dossiers(user) -> bool:
    """By role, before any agency is named (the head, an administrator)."""
    return user.is_authenticated and (user.is_head or user.is_admin_role or is_platform_admin(user))


def may_build_dossier(user, agency_id) -> bool:
    return is_department_head(user, agency_id) or may_administer(user, agency_id)


def check_may_build_dossier(user, agency_id) -> None:
    if not may_build_dossier(user, agency_id):
        raise Forbidden(_("only the department head or an administrator prepares the evidence dossier"))


def dossiers_visible_to(user):
    qs = Dossier.objects.select_related("agency", "requested_by")
    if is_platform_admin(user):
        return qs
    if not may_build_dossiers(user) or user.agency_id is None:
        return qs.none()
    return qs.filter(agency_id=user.agency_id)


def access_dossier(user, dossier_id, *, lock=False) -> Dossier:
    return fetch_visible(dossiers_visible_to(user), dossier_id, lock=lock)
