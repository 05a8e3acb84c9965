"""Every 4xx (and 5xx) under ``/api/`` carries the one JSON error body of API.md.

DRF's views already answer so (``backend.api.errors.exception_handler``). What happens
around them does not: Django's CSRF refusal and its DEBUG pages (404, a 400 for a
refused request body, the 500 traceback) are HTML, some refusals have no body at all.
This middleware, outermost, gives any such answer under ``/api/`` the error body with a
code that says what its status means, and turns the request-body refusals Django raises
(too large, too many fields, unparsable multipart) into that body too, DEBUG or not.
"""
import json
import logging

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from .errors import error_body

log = logging.getLogger(__name__)

API_PREFIX = "/api/"

# Headers of the original answer that still hold for the error body.
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After", "Vary")


def _codes():
    return {
        400: ("validation_error", _("bad request")),
        401: ("not_authenticated", _("authentication credentials were not provided or are not valid")),
        403: ("permission_denied", _("you may not do this")),
        404: ("not_found", _("no such resource")),
        405: ("method_not_allowed", _("this method is not allowed here")),
        406: ("not_acceptable", _("this API answers in JSON only")),
        409: ("conflict", _("this conflicts with the current state")),
        413: ("request_too_large", _("the request body is too large")),
        415: ("unsupported_media_type", _("unsupported media type")),
        429: ("throttled", _("too many requests; try again later")),
    }


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_response(status, code=None, message=None, details=None):
    default_code, default_message = _codes().get(
        status, ("server_error", _("something went wrong on our side")) if status >= 500
        else ("error", _("the request was refused")))
    body = error_body(code or default_code, message or default_message, details)
    return JsonResponse(body, status=status)


def has_error_body(response) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    if getattr(response, "streaming", False):
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and {"code", "message", "details"} <= set(error)


def response_for_body_refusal(exc):
    """The error body for a request body Django would not read (None: not such a refusal)."""
    if isinstance(exc, RequestDataTooBig):
        return error_response(413)
    if isinstance(exc, MultiPartParserError):
        message = _("the multipart body cannot be read")
        return error_response(400, "validation_error", message, {"body": [message]})
    if isinstance(exc, (BadRequest, SuspiciousOperation)):
        return error_response(400)
    return None


class ApiErrorBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 400 or has_error_body(response):
            return response
        replacement = error_response(response.status_code)
        for header in KEPT_HEADERS:
            if response.has_header(header):
                replacement[header] = response[header]
        return replacement

    def process_exception(self, request, exception):
        if not is_api(request):
            return None
        response = response_for_body_refusal(exception)
        if response is not None:
            log.info("request body refused under %s: %r", request.path, exception)
        return response
