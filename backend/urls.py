import sys

from django.contrib import admin
from django.urls import include, path

from backend.api import errors as api_errors
from backend.web import errors as page_errors
from backend.web.middleware import database_unavailable, wants_page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("api/v1/", include("backend.api.urls")),
    # The web pages, "/" their home (the API docs stay at /api/v1/docs/).
    path("", include("backend.web.urls")),
    # No public /media/: evidence files go out through /api/v1/evidence/{id}/file/,
    # which checks who is asking.
]


def _by_interface(page_view, api_view):
    """A browser on a page URL gets the site's error page; the API (and any client that
    does not ask for HTML) the JSON error body of API.md."""
    def handler(request, *args, **kwargs):
        view = page_view if wants_page(request) else api_view
        return view(request, *args, **kwargs)
    return handler


handler400 = _by_interface(page_errors.bad_request, api_errors.bad_request)
handler403 = _by_interface(page_errors.permission_denied, api_errors.permission_denied)
handler404 = _by_interface(page_errors.page_not_found, api_errors.not_found)
handler503 = _by_interface(page_errors.service_unavailable, api_errors.service_unavailable)
_server_error = _by_interface(page_errors.server_error, api_errors.server_error)


def handler500(request):
    # The database lost in a middleware (the session, the user) ends here, not in
    # DatabaseUnavailableMiddleware (which sees views' errors only): still a 503.
    if database_unavailable(sys.exc_info()[1]):
        return handler503(request)
    return _server_error(request)
