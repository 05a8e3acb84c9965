"""The project's refusals: one small hierarchy that every service raises.

Services (workflow, plans, inspections, evidence, comments, workdays, scoring,
accounts …) raise only these, never an HTTP framework's exceptions; the API's error
handler (``backend.api.errors``) and the web pages turn each into their answer. Each
carries ``code`` (the error body's code), ``message`` (for a person, already in the
reader's language) and ``details`` (a dict; for ``ValidationFailed`` field → messages).

    DomainError
    ├── NotFound          not_found            404
    ├── Forbidden         permission_denied    403
    ├── ValidationFailed  validation_error     400
    ├── Conflict          conflict             409
    ├── InvalidTransition invalid_transition   409
    └── InvalidState      invalid_state        409
"""
from django.utils.translation import gettext


class DomainError(Exception):
    code = "error"

    def __init__(self, message, details=None):
        super().__init__(message)
        self.message = str(message)
        self.details = details or {}


class NotFound(DomainError):
    """No such object, or none the user may see (the two are not told apart)."""
    code = "not_found"


class Forbidden(DomainError):
    """The user's role, office or assignment does not allow this."""
    code = "permission_denied"


class ValidationFailed(DomainError):
    """What the request brings is missing or wrong; ``details``: field → list of messages.

    ``ValidationFailed(details={...})`` without a message names the first problem, the
    way the API has always worded it ("field: message").
    """
    code = "validation_error"

    def __init__(self, message=None, details=None):
        details = {str(field): [str(m) for m in (msgs if isinstance(msgs, (list, tuple)) else [msgs])]
                   for field, msgs in (details or {}).items()}
        if message is None:
            message = _first_message(details)
        super().__init__(message, details)


class Conflict(DomainError):
    """Someone else changed the object at the same moment, or the change clashes with one."""
    code = "conflict"


class InvalidTransition(DomainError):
    """The object's current state (or a condition on it) does not allow the transition."""
    code = "invalid_transition"

    def __init__(self, message, *, state, available):
        super().__init__(message, {"state": state, "available_transitions": list(available)})


class InvalidState(DomainError):
    """An edit (not a transition) that the object's current state does not allow."""
    code = "invalid_state"

    def __init__(self, message, *, state):
        super().__init__(message, {"state": state})


def _first_message(details) -> str:
    for field, msgs in details.items():
        if msgs:
            return msgs[0] if field == "non_field_errors" else f"{field}: {msgs[0]}"
    return gettext("invalid input")


# The workflow service's refusals are the general ones under the names it has always used.
WorkflowError = DomainError
TransitionNotFound = NotFound
TransitionForbidden = Forbidden
TransitionConflict = Conflict
TransitionInputError = ValidationFailed
