"""The plans app's events and what each carries (checked when written; see
``workflows.event_schemas``). The notification rules and the scoring consumer are
written against these keys."""
from workflows.event_schemas import (
    CHANGES, DATE, ID, INTEGER, TEXT, list_of, nullable, one_of, register_event_schema, states_of,
)

from .models import ReformPlan, Task

# What a transition adds to its subject's payload (workflows.services.record_change).
TRANSITION = {"transition": TEXT, "from": TEXT, "to": TEXT, "reason": TEXT, "changes": CHANGES}

PLAN = {"year": INTEGER, "title": TEXT, "issue_deadline": DATE, "state": states_of(ReformPlan)}
TASK = {
    "code": TEXT, "title": TEXT, "kind": one_of(*Task.Kind.values), "plan": ID,
    "lead_office": nullable(ID), "assignee": nullable(ID), "due_date": nullable(DATE),
    "state": states_of(Task), "supporting_offices": list_of(ID),
}

PLAN_TRANSITIONS = ("plan.approved", "plan.closed")
TASK_TRANSITIONS = (
    "task.assigned", "task.started", "task.submitted", "task.completed", "task.returned",
    "task.resumed", "task.cancelled", "task.deadline_extended", "task.extension_requested",
    "task.extension_approved", "task.extension_rejected",
)


def register_event_schemas():
    for type in PLAN_TRANSITIONS:
        register_event_schema(type, subject="plan", payload={**PLAN, **TRANSITION})
    for type in TASK_TRANSITIONS:
        register_event_schema(type, subject="task", payload={**TASK, **TRANSITION})
    # Written by the deadline pass, in bulk.
    register_event_schema("task.overdue", subject="task", payload={**TASK, "overdue_since": DATE})
    register_event_schema("task.due_soon", subject="task", payload={**TASK, "days_left": INTEGER})
