"""Writes of the accounts app that users make themselves."""
from django.conf import settings
from django.utils.translation import gettext as _

from workflows.errors import TransitionInputError

from .models import User


def user_set_language(*, user: User, language: str) -> User:
    """The language the user's pages (and notifications) are written in from now on."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise TransitionInputError(_("unknown language"), {"language": [_("unknown language")]})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
