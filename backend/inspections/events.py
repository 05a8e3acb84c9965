"""The inspections app's events and what each carries (checked when written; see
``workflows.event_schemas``)."""
from workflows.event_schemas import (
    CHANGES, DATE, ID, TEXT, list_of, one_of, register_event_schema, states_of,
)

from .models import Finding, Inspection, Severity

# What a transition adds to its subject's payload (workflows.services.record_change).
TRANSITION = {"transition": TEXT, "from": TEXT, "to": TEXT, "reason": TEXT, "changes": CHANGES}

INSPECTION = {"title": TEXT, "offices": list_of(ID), "inspectors": list_of(ID), "state": states_of(Inspection)}
FINDING = {
    "inspection": ID, "office": ID, "inspectors": list_of(ID), "severity": one_of(*Severity.values),
    "due_date": DATE, "description": TEXT, "state": states_of(Finding),
    "referred_to": TEXT,  # the competent authority, once referred ("" before)
}

INSPECTION_TRANSITIONS = ("inspection.started", "inspection.reported", "inspection.closed")
# finding.raised is the first state change ("" → open), recorded like a transition.
FINDING_TRANSITIONS = ("finding.raised", "finding.acknowledged", "finding.remediation_submitted",
                       "finding.closed", "finding.reopened", "finding.deadline_extended",
                       "finding.referred")


def register_event_schemas():
    for type in INSPECTION_TRANSITIONS:
        register_event_schema(type, subject="inspection", payload={**INSPECTION, **TRANSITION})
    for type in FINDING_TRANSITIONS:
        register_event_schema(type, subject="finding", payload={**FINDING, **TRANSITION})
    # Written by the deadline pass, in bulk.
    register_event_schema("finding.overdue", subject="finding", payload={**FINDING, "overdue_since": DATE})
    # The follow-up task is done (inspections.consumers, once per finding and task).
    register_event_schema("finding.remediation_ready", subject="finding",
                          payload={**FINDING, "task": ID, "task_code": TEXT, "task_title": TEXT})
