"""Writes of the accounts app: reference data (offices) and what users set for themselves."""
from django.conf import settings
from django.utils import timezone
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


# --- API tokens (django-rest-knox's, reached through the user's reverse relation) -----------

def token_issue(*, user: User):
    """A new API token for one more device or script: ``(token string, expiry)``.

    Only its digest is stored; the string is shown this once. The user's spent tokens go
    first (a read never deletes them).
    """
    user.auth_token_set.filter(expiry__lte=timezone.now()).delete()
    # knox's manager creates the digest and returns (row, token string).
    instance, token = user.auth_token_set.create(expiry=settings.REST_KNOX["TOKEN_TTL"])
    return token, instance.expiry


def tokens_revoke(*, user: User, token=None) -> int:
    """End one token of the user (a logout), or all of them (logout everywhere)."""
    tokens = user.auth_token_set.all()
    if token is not None:
        tokens = tokens.filter(pk=token.pk)
    deleted, _per_model = tokens.delete()
    return deleted


def expired_tokens_purge() -> int:
    """Delete API tokens past their expiry (they are refused anyway); returns how many.

    A periodic job: a token's own owner clears theirs at their next login, and reads never
    write, so the tokens of people who do not come back would otherwise stay.
    """
    tokens = User._meta.get_field("auth_token_set").related_model  # knox's, by the reverse relation
    deleted, _per_model = tokens.objects.filter(expiry__lte=timezone.now()).delete()
    return deleted
