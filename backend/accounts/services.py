"""Writes of the accounts app: reference data (offices) and what users set for themselves."""
from django.conf import settings
from django.utils.translation import gettext as _

from workflows.errors import Forbidden, ValidationFailed

from .models import Office, User
from .selectors import is_platform_admin


def office_create(*, actor, agency, name, code="") -> Office:
    if not (is_platform_admin(actor) or actor.is_admin_role):
        raise Forbidden(_("only an administrator creates offices"))
    if not is_platform_admin(actor) and agency.pk != actor.agency_id:
        raise Forbidden(_("you administer your own agency only"))
    return Office.objects.create(agency=agency, name=name, code=code)


def user_set_language(*, user: User, language: str) -> User:
    """The language the user's pages (and notifications) are written in from now on."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationFailed(_("unknown language"), {"language": [_("unknown language")]})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
