"""The one place pages turn the project's errors into what the user reads.

Services refuse with the project's errors (``workflows.errors``, base ``DomainError``); a page shows the
error's own message (already in the user's language) in place: beside the form's
fields when the error names them, at the top of the form, or as a page message.
Views never catch DRF exceptions or a workflow error class of their own.

    with refusal_shown(request, form=form) as refusal:
        task_transition(task, "approve", actor=request.user)
    if refusal:                       # refused: re-render, with refusal.status
        return render(request, "web/plans/task.html", {...}, status=refusal.status)
"""
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from workflows import errors as wf

# The base class every service refusal derives from.
DOMAIN_ERROR = wf.DomainError

# The same statuses the API answers with (API.md), so a refused form is not a 200.
_STATUS_BY_CODE = {
    "not_found": 404,
    "permission_denied": 403,
    "validation_error": 400,
    "invalid_transition": 409,
    "invalid_state": 409,
    "conflict": 409,
}


@dataclass
class Refusal:
    """Falsy while nothing was refused; after a refusal: its message, code and status."""

    message: str = ""
    code: str = ""
    details: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.code)

    @property
    def status(self) -> int:
        return _STATUS_BY_CODE.get(self.code, 400) if self else 200

    def field_errors(self) -> dict:
        """field → messages, for the details that name a field (validation refusals)."""
        return {k: v if isinstance(v, list) else [v] for k, v in self.details.items()
                if k not in ("state", "available_transitions", "non_field_errors")}


def refusal_of(exc) -> Refusal:
    """A refusal as the user reads it; ``exc`` is a service error, Django's or django-fsm's."""
    if isinstance(exc, DOMAIN_ERROR):
        return Refusal(message=exc.message, code=exc.code, details=dict(exc.details))
    if isinstance(exc, ConcurrentTransition):
        return Refusal(message=_("changed by someone else at the same time; reload"), code="conflict")
    if isinstance(exc, PermissionDenied):
        return Refusal(message=str(exc) or _("you may not do this"), code="permission_denied")
    raise TypeError(f"not a refusal: {exc!r}")


@contextmanager
def refusal_shown(request=None, *, form=None):
    """Run a service call; if it refuses, show why (form errors, else a page message)."""
    refusal = Refusal()
    try:
        yield refusal
    except (DOMAIN_ERROR, ConcurrentTransition, PermissionDenied) as exc:
        found = refusal_of(exc)
        refusal.message, refusal.code, refusal.details = found.message, found.code, found.details
        if form is not None:
            placed = False
            for name, msgs in refusal.field_errors().items():
                if name in form.fields:
                    for msg in msgs:
                        form.add_error(name, str(msg))
                    placed = True
            if not placed:
                form.add_error(None, refusal.message)
        elif request is not None:
            messages.error(request, refusal.message)


def found_or_404(access, *args, **kwargs):
    """What an ``access_*`` helper fetches, for a page: an object the user may not see
    (or that does not exist) is the site's 404, as the API answers it."""
    with refusal_shown():
        return access(*args, **kwargs)
    raise Http404
