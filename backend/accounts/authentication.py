"""The API's authentication: tokens (and sessions), in the caller's language.

Both classes apply the caller's ``User.language`` when the request carries no
Accept-Language header (``backend.api.language``).
"""
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from backend.api.language import PreferredLanguageMixin


class TokenAuthentication(PreferredLanguageMixin, authentication.TokenAuthentication):
    """Refuses impossible keys before asking the database."""

    def authenticate_credentials(self, key):
        # PostgreSQL refuses a NUL byte in a query (DataError, a 500); no key holds one anyway.
        if "\x00" in key:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)


class SessionAuthentication(PreferredLanguageMixin, authentication.SessionAuthentication):
    pass
