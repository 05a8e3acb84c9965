"""Which language the API answers in: the request's Accept-Language, else the caller's own.

``LocaleMiddleware`` has already chosen from the header (no header: Vietnamese, the
``LANGUAGE_CODE``). It runs before DRF knows who the caller is, so a token user's
``User.language`` can only be applied once DRF has authenticated them: the API's
authentication classes do that through ``PreferredLanguageMixin``.
"""
from django.conf import settings
from django.utils import translation


def activate_preferred_language(request, user) -> None:
    """Answer in ``user.language`` when the request names no language of its own."""
    if request.META.get("HTTP_ACCEPT_LANGUAGE") or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    language = getattr(user, "language", "")
    if language and translation.check_for_language(language):
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PreferredLanguageMixin:
    """For a DRF authentication class: once the caller is known, use their language."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            activate_preferred_language(request, result[0])
        return result
