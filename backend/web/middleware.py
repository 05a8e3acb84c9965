"""Pages: the user's language, and never a traceback."""
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation

from . import errors

# What is not a page: the API answers JSON in its own language rules; sockets are ASGI.
NOT_PAGES = ("/api/", "/ws/")


def is_page(path: str) -> bool:
    return not path.startswith(NOT_PAGES)


def wants_page(request) -> bool:
    """An error for a browser (it asks for HTML) on a page URL; anything else gets the JSON body."""
    return is_page(request.path_info) and "text/html" in request.headers.get("Accept", "")


def page_language(request) -> str:
    """The signed-in user's ``language``; before login the switch's cookie; else Vietnamese.

    The browser's Accept-Language is not asked: the product speaks Vietnamese unless its
    user chose otherwise (an official's browser is often set to English).
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = getattr(user, "language", "")
    else:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class PageLanguageMiddleware:
    """After authentication: pages speak ``page_language``; the API keeps its own rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_page(request.path_info):
            language = page_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has ended is sent to the login page as a whole page
    (``HX-Redirect``), not with the login form swapped into the part it was refreshing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (getattr(request, "htmx", False) and response.status_code == 302
                and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response


class PageErrorsMiddleware:
    """With DEBUG on, Django answers 404 and 500 with its technical pages (URL list,
    traceback). A page URL gets the site's own error page instead, DEBUG or not; the
    exception is still logged by Django. Off DEBUG the URLconf's handlers already do it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (settings.DEBUG and response.status_code in (404, 500) and wants_page(request)
                and not getattr(response, "site_error_page", False)):
            if response.status_code == 404:
                return errors.page_not_found(request)
            return errors.server_error(request)
        return response
