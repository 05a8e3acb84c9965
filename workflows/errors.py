"""What a workflow service refuses with. The API layer turns each into its HTTP error."""


class WorkflowError(Exception):
    code = "workflow_error"

    def __init__(self, message, details=None):
        super().__init__(message)
        self.message = str(message)
        self.details = details or {}


class TransitionNotFound(WorkflowError):
    """No transition of that name exists for this kind of object."""
    code = "not_found"


class TransitionForbidden(WorkflowError):
    """The actor's role, office or assignment does not allow this transition."""
    code = "permission_denied"


class InvalidTransition(WorkflowError):
    """The object's current state (or a condition on it) does not allow the transition."""
    code = "invalid_transition"

    def __init__(self, message, *, state, available):
        super().__init__(message, {"state": state, "available_transitions": list(available)})


class TransitionConflict(WorkflowError):
    """Someone else changed the object at the same moment."""
    code = "conflict"


class TransitionInputError(WorkflowError):
    """The data given with the transition is missing or wrong; details: field → messages."""
    code = "validation_error"


class InvalidState(WorkflowError):
    """An edit (not a transition) that the object's current state does not allow."""
    code = "invalid_state"

    def __init__(self, message, *, state):
        super().__init__(message, {"state": state})
