"""The scoring consumer of the event log: recompute the criterion when events can move it.

Imported by ``ScoringConfig.ready()`` (the models are loaded by then)."""
import logging

from backend.accounts.models import Agency
from backend.inspections.models import Finding, Inspection
from backend.plans.models import ReformPlan, Task
from workflows.event_schemas import event_schema, registered_event_types
from workflows.setwise import ids_in

from . import services

log = logging.getLogger(__name__)

# Subjects whose changes feed a measure. ``score`` itself is not one (no loop), and
# reminders (``*.due_soon``) change nothing that is measured.
SCORED_SUBJECTS = ("plan", "task", "inspection", "finding")


def scored_event_types() -> frozenset:
    """The declared event types (``workflows.event_schemas``) that can move a score:
    about a scored subject, and not a reminder."""
    return frozenset(t for t in registered_event_types()
                     if event_schema(t).subject_type in SCORED_SUBJECTS and not t.endswith(".due_soon"))


def _plan_of(event):
    """The plan a task event's payload names (a task never changes plan), or None."""
    plan = (event.payload or {}).get("plan") if event.subject_type == "task" else None
    return plan if type(plan) is int else None


def _years_of(events) -> dict:
    """(subject type, id) → the plan year its subject belongs to; one query per subject type.

    A task event names its plan: the plans' years are read (a deadline pass's ten
    thousand tasks share a plan or two), not each task's. Other subjects are read: a
    subject that is gone has no year (its event moves nothing).
    """
    year_of = {
        "plan": (ReformPlan, "year", False),
        "task": (Task, "plan__year", False),
        "inspection": (Inspection, "start_date", True),
        # A finding counts in the year its remediation is due (carried-over ones included).
        "finding": (Finding, "due_date", True),
    }
    ids, plans = {}, {}
    for event in events:
        plan = _plan_of(event)
        if plan is not None:
            plans.setdefault(plan, set()).add(event.subject_id)
        else:
            ids.setdefault(event.subject_type, set()).add(event.subject_id)
    years = {}
    if plans:
        for plan, year in ReformPlan.objects.filter(pk__in=ids_in(plans)).values_list("pk", "year"):
            years.update(dict.fromkeys((("task", pk) for pk in plans[plan]), year))
    for subject_type, subject_ids in ids.items():
        model, path, is_date = year_of[subject_type]
        for pk, value in model.objects.filter(pk__in=ids_in(subject_ids)).values_list("pk", path):
            if value is not None:
                years[(subject_type, pk)] = value.year if is_date else value
    return years


class CriterionScorer:
    """Events → the (agency, year) pairs they touch → each recomputed and stored once.

    Coalesced: a batch (the events of one commit, one deadline pass, one sweep) marks
    its agency-years dirty and recomputes each once, whatever the number of events; the
    last event of a pair is the recorded cause. Idempotent: a second delivery
    recomputes the same numbers, stores them again and emits nothing
    (``score.changed`` only when the points move); the dispatcher's per-consumer marker
    normally stops it before that anyway.
    """

    name = "scoring.criterion"

    @property
    def event_types(self):
        """What the dispatcher hands it (read when it dispatches: every app has declared
        its event types by then)."""
        return scored_event_types()

    def handle(self, event):
        self.handle_batch([event])

    def handle_batch(self, events):
        scored = [e for e in events if e.subject_type in SCORED_SUBJECTS and e.agency_id is not None
                  and not e.type.endswith(".due_soon")]
        if not scored:
            return
        years = _years_of(scored)
        dirty = {}
        for event in sorted(scored, key=lambda e: e.pk or 0):
            year = years.get((event.subject_type, event.subject_id))
            if year is not None:
                dirty[(event.agency_id, year)] = event
        agencies = Agency.objects.in_bulk({agency_id for agency_id, _year in dirty})
        for (agency_id, year), cause in sorted(dirty.items()):
            if agency_id in agencies:
                services.score_refresh(agency=agencies[agency_id], year=year, cause=cause)


criterion_scorer = CriterionScorer()
