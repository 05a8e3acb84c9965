"""Writes to the reference data of accounts: offices."""
from django.utils.translation import gettext as _

from workflows.errors import Forbidden

from .models import Office
from .selectors import is_platform_admin


def office_create(*, actor, agency, name, code="") -> Office:
    if not (is_platform_admin(actor) or actor.is_admin_role):
        raise Forbidden(_("only an administrator creates offices"))
    if not is_platform_admin(actor) and agency.pk != actor.agency_id:
        raise Forbidden(_("you administer your own agency only"))
    return Office.objects.create(agency=agency, name=name, code=code)
