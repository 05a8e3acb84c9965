"""The API's authentication: expiring, revocable tokens (and sessions), in the caller's language.

Tokens are django-rest-knox's: many per user (one per device or script), stored as a
digest only, each with an expiry (``PAR_TOKEN_TTL_HOURS``), deleted by logout, by
logout-all, by a password change and when the account is disabled. Both classes apply
the caller's ``User.language`` when the request carries no Accept-Language header
(``backend.api.language``).
"""
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from knox import auth as knox_auth
from knox.settings import knox_settings
from rest_framework import authentication, exceptions

from backend.api.language import PreferredLanguageMixin

# What knox hands out: its prefix then hex characters. Anything else is refused before
# the database is asked (a NUL byte would make PostgreSQL refuse the query: a 500).
_TOKEN_SHAPE = re.compile(
    r"[0-9a-f]{%d}" % knox_settings.AUTH_TOKEN_CHARACTER_LENGTH,
)


def user_of_token(key: str):
    """The active user a token string stands for; AuthenticationFailed otherwise.

    Shared by the API and the WebSocket (``notifications.auth``): one rule for both.
    """
    return TokenAuthentication().authenticate_credentials(key.encode("latin-1", "replace"))[0]


class TokenAuthentication(PreferredLanguageMixin, knox_auth.TokenAuthentication):
    """knox's token check, with impossible keys refused up front and no write on a read:
    an expired token is refused, not deleted here (logins and the periodic job purge them)."""

    def authenticate_credentials(self, token):
        try:
            key = token.decode("ascii") if isinstance(token, bytes) else token
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        prefix = knox_settings.TOKEN_PREFIX
        if not (key.startswith(prefix) and _TOKEN_SHAPE.fullmatch(key[len(prefix):])):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key.encode("ascii"))

    def _cleanup_token(self, auth_token) -> bool:
        # knox deletes expired tokens (the caller's others too) while authenticating;
        # here a read never writes: the expired token is simply not valid.
        return auth_token.expiry is not None and auth_token.expiry <= timezone.now()


class SessionAuthentication(PreferredLanguageMixin, authentication.SessionAuthentication):
    pass

