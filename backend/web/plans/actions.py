"""How the plan pages word the workflow's transitions: buttons, and what a plan's states mean.

The names are the workflow's (API, events, history); the words are an official's: a
plan is *ban hành* (issued) when the head approves it.
"""
from django.utils.translation import pgettext_lazy

TASK_BUTTONS = {
    "assign": pgettext_lazy("plans", "Assign"),
    "start": pgettext_lazy("plans", "Start"),
    "submit": pgettext_lazy("plans", "Submit the result"),
    "approve": pgettext_lazy("plans", "Approve the result"),
    "return": pgettext_lazy("plans", "Return"),
    "resume": pgettext_lazy("plans", "Resume"),
    "cancel": pgettext_lazy("plans", "Cancel the task"),
    "extend": pgettext_lazy("plans", "Extend the due date"),
    "request_extension": pgettext_lazy("plans", "Request an extension"),
    "approve_extension": pgettext_lazy("plans", "Approve the extension"),
    "reject_extension": pgettext_lazy("plans", "Reject the extension"),
}

# The head's review comes first, the doer's work next, the rarer ones last.
TASK_BUTTON_ORDER = list(TASK_BUTTONS)

# A transition that needs nothing from the user is run by its button alone.
NO_INPUT = {"start", "resume"}

PLAN_BUTTONS = {
    "approve": pgettext_lazy("plans", "Issue the plan"),
    "close": pgettext_lazy("plans", "Close the plan"),
}

PLAN_STATES = {
    "draft": pgettext_lazy("plans", "draft, not yet issued"),
    "approved": pgettext_lazy("plans", "issued"),
    "closed": pgettext_lazy("plans", "closed"),
}

PLAN_DONE = {
    "approve": pgettext_lazy("plans", "The plan is issued."),
    "close": pgettext_lazy("plans", "The plan is closed."),
}


def task_buttons(available) -> list[dict]:
    """The buttons for the transitions the user may run now, in a steady order."""
    return [{"name": name, "label": TASK_BUTTONS.get(name, name), "direct": name in NO_INPUT}
            for name in TASK_BUTTON_ORDER if name in available]


def plan_buttons(available) -> list[dict]:
    return [{"name": name, "label": PLAN_BUTTONS.get(name, name)} for name in PLAN_BUTTONS if name in available]
