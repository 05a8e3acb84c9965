"""How the plan pages word the workflow's transitions: buttons, and what a plan's states mean.

The names are the workflow's (API, events, history); the words are an official's: a
plan is *ban hành* (issued) when the head approves it.
"""
from django.utils.translation import pgettext_lazy

TASK_BUTTONS = {
    "assign": pgettext_lazy("button", "Assign"),
    "start": pgettext_lazy("button", "Start"),
    "submit": pgettext_lazy("button", "Submit the result"),
    "approve": pgettext_lazy("button", "Approve the result"),
    "return": pgettext_lazy("button", "Return"),
    "resume": pgettext_lazy("button", "Resume"),
    "cancel": pgettext_lazy("button", "Cancel the task"),
    "extend": pgettext_lazy("button", "Extend the due date"),
    "request_extension": pgettext_lazy("button", "Request an extension"),
    "approve_extension": pgettext_lazy("button", "Approve the extension"),
    "reject_extension": pgettext_lazy("button", "Reject the extension"),
}

# The head's review comes first, the doer's work next, the rarer ones last.
TASK_BUTTON_ORDER = list(TASK_BUTTONS)

# A transition that needs nothing from the user is run by its button alone.
NO_INPUT = {"start", "resume"}

PLAN_BUTTONS = {
    "approve": pgettext_lazy("button", "Issue the plan"),
    "close": pgettext_lazy("button", "Close the plan"),
}

PLAN_STATES = {
    "draft": pgettext_lazy("plan state", "draft, not yet issued"),
    "approved": pgettext_lazy("plan state", "issued"),
    "closed": pgettext_lazy("plan state", "closed"),
}

PLAN_DONE = {
    "approve": pgettext_lazy("plan", "The plan is issued."),
    "close": pgettext_lazy("plan", "The plan is closed."),
}


def task_buttons(available) -> list[dict]:
    """The buttons for the transitions the user may run now, in a steady order."""
    return [{"name": name, "label": TASK_BUTTONS.get(name, name), "direct": name in NO_INPUT}
            for name in TASK_BUTTON_ORDER if name in available]


def plan_buttons(available) -> list[dict]:
    return [{"name": name, "label": PLAN_BUTTONS.get(name, name)} for name in PLAN_BUTTONS if name in available]
