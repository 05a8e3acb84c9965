"""The scoring consumer of the event log: recompute the criterion when an event can move it."""
import logging

log = logging.getLogger(__name__)

# Subjects whose changes feed a measure. ``score`` itself is not one (no loop), and
# reminders (``*.due_soon``) change nothing that is measured.
SCORED_SUBJECTS = ("plan", "task", "inspection", "finding")


def _year_of(event):
    """The plan year an event's subject belongs to (None: the subject is gone)."""
    # Imported here: consumers are registered while apps load, before models are ready.
    from backend.inspections.models import Finding, Inspection  # noqa: PLC0415
    from backend.plans.models import ReformPlan, Task  # noqa: PLC0415

    if event.subject_type == "plan":
        return ReformPlan.objects.filter(pk=event.subject_id).values_list("year", flat=True).first()
    if event.subject_type == "task":
        return Task.objects.filter(pk=event.subject_id).values_list("plan__year", flat=True).first()
    if event.subject_type == "inspection":
        start = Inspection.objects.filter(pk=event.subject_id).values_list("start_date", flat=True).first()
    else:
        start = Finding.objects.filter(pk=event.subject_id).values_list(
            "inspection__start_date", flat=True).first()
    return start.year if start else None


class CriterionScorer:
    """Event → recompute the agency's leadership criterion for that year → store it.

    Idempotent: a second delivery recomputes the same numbers, stores them again and
    emits nothing (``score.changed`` only when the points move); the dispatcher's
    per-consumer marker normally stops it before that anyway.
    """

    name = "scoring.criterion"

    def handle(self, event):
        if event.subject_type not in SCORED_SUBJECTS or event.agency_id is None:
            return
        if event.type.endswith(".due_soon"):
            return
        from backend.accounts.models import Agency  # noqa: PLC0415

        from .services import score_refresh  # noqa: PLC0415

        year = _year_of(event)
        agency = Agency.objects.filter(pk=event.agency_id).first()
        if year is None or agency is None:
            return
        score_refresh(agency=agency, year=year, cause=event)


criterion_scorer = CriterionScorer()
