"""One error body for every 4xx: {"error": {"code", "message", "details"}} (API.md)."""
import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_fsm import ConcurrentTransition
from rest_framework import exceptions, status
from rest_framework.response import Response

from workflows import errors as domain

log = logging.getLogger(__name__)

_STATUS_BY_DOMAIN_ERROR = {
    domain.NotFound: status.HTTP_404_NOT_FOUND,
    domain.Forbidden: status.HTTP_403_FORBIDDEN,
    domain.ValidationFailed: status.HTTP_400_BAD_REQUEST,
    domain.Conflict: status.HTTP_409_CONFLICT,
    domain.InvalidTransition: status.HTTP_409_CONFLICT,
    domain.InvalidState: status.HTTP_409_CONFLICT,
}


def status_of(error: domain.DomainError) -> int:
    """The HTTP status of a domain refusal (its nearest listed class; 400 otherwise)."""
    for cls in type(error).__mro__:
        if cls in _STATUS_BY_DOMAIN_ERROR:
            return _STATUS_BY_DOMAIN_ERROR[cls]
    return status.HTTP_400_BAD_REQUEST

# DRF's default codes, renamed where API.md names them differently.
_CODE_BY_DRF_CODE = {
    "invalid": "validation_error",
    "parse_error": "validation_error",
    "authentication_failed": "not_authenticated",
    "not_authenticated": "not_authenticated",
    "permission_denied": "permission_denied",
    "not_found": "not_found",
    # DRF's throttles and the login lock-out (backend/web/lockout.py): one code for 429.
    "throttled": "too_many_attempts",
}


def error_body(code, message, details=None):
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def _flatten(detail):
    """DRF validation detail → field → list of plain strings."""
    if isinstance(detail, dict):
        return {str(k): _messages(v) for k, v in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _messages(value):
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _messages(v)]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def _first_message(details):
    for field, msgs in details.items():
        if msgs:
            return msgs[0] if field == "non_field_errors" else f"{field}: {msgs[0]}"
    return _("invalid input")


def exception_handler(exc, context):
    if isinstance(exc, domain.DomainError):
        return Response(error_body(exc.code, exc.message, exc.details), status=status_of(exc))
    if isinstance(exc, ConcurrentTransition):
        return Response(error_body("conflict", _("changed by someone else at the same time; reload")),
                        status=409)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        details = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(error_body("validation_error", _first_message(details), details), status=400)
    elif isinstance(exc, IntegrityError):
        # A unique constraint lost a race that validation could not see coming.
        log.info("integrity error mapped to 409: %s", exc)
        return Response(error_body("conflict", _("this conflicts with a record saved at the same time")),
                        status=409)
    elif isinstance(exc, DataError):
        # A value the database refuses (a NUL byte, a number out of range) that no
        # validator caught: the request's fault, not ours.
        log.warning("data error mapped to 400: %s", exc)
        message = _("a value in the request cannot be stored or searched for")
        return Response(error_body("validation_error", message, {"non_field_errors": [message]}), status=400)
    elif isinstance(exc, OperationalError) and "locked" in str(exc).lower():
        return Response(error_body("conflict", _("the record is busy; try again")), status=409)

    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django log it

    if isinstance(exc, exceptions.ValidationError):
        details = _flatten(exc.detail)
        return Response(error_body("validation_error", _first_message(details), details),
                        status=400)
    if isinstance(exc, exceptions.ParseError):
        details = {"body": [str(exc.detail)]}
        return Response(error_body("validation_error", str(exc.detail), details), status=400)

    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else "error"
    code = _CODE_BY_DRF_CODE.get(code, code)
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        code = "not_authenticated"
    detail = exc.detail
    message = detail if isinstance(detail, str) else _first_message(_flatten(detail))
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    return Response(error_body(code, message), status=exc.status_code, headers=headers)


# Django-level handlers, for what never reaches a DRF view (unknown URLs, crashes).
# csrf_exempt: a POST to an unknown URL is a 404, not Django's CSRF refusal (the API
# authenticates by token; DRF checks CSRF itself for session callers).
@csrf_exempt
def not_found(request, exception=None):
    return JsonResponse(error_body("not_found", _("no such resource")), status=404)


def server_error(request):
    return JsonResponse(error_body("server_error", _("something went wrong on our side")), status=500)


# How long a client should wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 5


def service_unavailable(request, exception=None):
    """The database cannot be reached (restarting, failing over): a clean 503 the client
    may retry, not a 500; the change was not made."""
    response = JsonResponse(error_body("service_unavailable", _("the service is briefly unavailable; try again "
                                                               "in a moment")), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request, exception=None):
    return JsonResponse(error_body("validation_error", _("bad request")), status=400)


def permission_denied(request, exception=None):
    return JsonResponse(error_body("permission_denied", _("you may not do this")), status=403)
