"""Pages: the user's language, and never a traceback; a lost database answers 503."""
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import get_resolver, get_urlconf
from django.utils import translation

from . import errors

log = logging.getLogger(__name__)

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


def database_unavailable(exc) -> bool:
    """An error of the database's operation (unreachable, restarting, a dropped
    connection), not of the request or of the code: the request may simply be retried."""
    return isinstance(exc, (OperationalError, InterfaceError))


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 (the URLconf's ``handler503``: the
    JSON error body under /api/, the site's page elsewhere), not 500 with a traceback.
    What fails in a middleware instead (the session, the user) reaches ``handler500``,
    which answers the same. Django reconnects by itself once the database is back
    (``CONN_HEALTH_CHECKS``): nothing here needs a restart."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        log.warning("database unavailable, 503 for %s %s: %s", request.method, request.path,
                    str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__)
        return get_resolver(get_urlconf()).resolve_error_handler(503)(request, exception)
