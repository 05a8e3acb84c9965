"""The site's error pages (403, 404, 500, CSRF refused), in its style and language.

``backend/urls.py`` sends page URLs here and /api/v1/ to the API's JSON errors.
No page shows a traceback; 500 renders without the request's context processors,
so a broken database cannot break the error page too.
"""
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language


def _page(request, template, status, context=None):
    response = render(request, template, context or {}, status=status)
    response.site_error_page = True
    return response


def page_not_found(request, exception=None):
    return _page(request, "web/errors/404.html", 404)


def permission_denied(request, exception=None):
    message = str(exception) if exception is not None and str(exception) else ""
    return _page(request, "web/errors/403.html", 403, {"message": message})


def bad_request(request, exception=None):
    return _page(request, "web/errors/400.html", 400)


def csrf_failure(request, reason=""):
    return _page(request, "web/errors/403_csrf.html", 403)


def _without_database(template, status):
    # Rendered without the request's context processors: they read the database.
    html = loader.get_template(template).render({"LANGUAGE_CODE": get_language(), "error_page": True})
    response = HttpResponse(html, status=status)
    response.site_error_page = True
    return response


def server_error(request):
    return _without_database("web/errors/500.html", 500)


def service_unavailable(request, exception=None):
    response = _without_database("web/errors/503.html", 503)
    response["Retry-After"] = "5"
    return response
