"""Writes of the scoring app: storing the recomputed criterion, and hand-scored components.

``score_refresh`` is what the event consumer and the periodic ``scores_refresh`` call:
recompute under a lock on the agency-year's Score row, store it with its time, and,
only when the points moved, append a history row and emit ``score.changed`` in the
same transaction. Reads (the API) never come here: they compute and return.
"""
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.access import is_department_head
from backend.accounts.models import Agency
from backend.accounts.selectors import is_platform_admin
from backend.criteria.models import Criterion
from backend.criteria.selectors import configs_for, leadership_criteria, methodology_id_for
from workflows.errors import Forbidden, ValidationFailed
from workflows.events import emit_event

from . import rules
from .models import ManualAssessment, Score, ScoreChange
from .selectors import _source_of, criterion_score, criterion_scores, score_is_current


def _lock_score(agency_id, year):
    return Score.objects.select_for_update().filter(agency_id=agency_id, year=year).first()


def score_refresh(*, agency, year, cause=None, actor=None) -> Score | None:
    """Recompute and store the agency's criterion for the year; None if it has no methodology.

    The computation runs after the lock is taken, so two refreshes racing on
    PostgreSQL store in order and the later one sees every committed change.
    """
    with transaction.atomic():
        score = _lock_score(agency.pk, year)
        result = criterion_score(agency, year)
        if result is None:
            return None
        now = timezone.now()
        values = {"methodology_id": result.methodology_id, "criterion": result.field,
                  "points": result.points, "max_points": result.max_points,
                  "components": result.components_json(), "computed_at": now}
        if score is None:
            try:
                with transaction.atomic():
                    score = Score.objects.create(agency=agency, year=year, **values)
                # The first computation starts the history; there is no change to announce.
                ScoreChange.objects.create(score=score, at=now, points=score.points, cause=cause)
                return score
            except IntegrityError:
                score = _lock_score(agency.pk, year)  # a concurrent refresh created it: update it
        old_points = score.points
        old_components = {c["code"]: c.get("points") for c in score.components}
        for name, value in values.items():
            setattr(score, name, value)
        score.save()
        if Decimal(old_points) != result.points:
            ScoreChange.objects.create(score=score, at=now, points=result.points, old_points=old_points,
                                       cause=cause)
            changed = [c["code"] for c in values["components"] if old_components.get(c["code"]) != c["points"]]
            emit_event(type="score.changed", subject=score, actor=actor, occurred_at=now, payload={
                "old_points": float(old_points), "new_points": float(result.points),
                "cause_event": cause.pk if cause is not None else None,
                "components": changed,
            })
        return score


def scores_refresh(*, year=None, today=None) -> dict:
    """The periodic job: store every score whose stored value no longer matches the data.

    Events move the score as they happen; this catches what no event announces: the
    passage of time (a scheduled report falling due, the plan's issue deadline passing)
    and edits that change no state. One set-wise computation per year for all
    agencies (one aggregate query per measure); only agencies whose points or
    components moved are refreshed (locked, stored, ``score.changed`` when the points
    moved). Returns ``{"checked": n, "refreshed": m}``.
    """
    today = today or timezone.localdate()
    # Last year's too: its open tasks and reports keep falling due into January.
    years = [year] if year is not None else [today.year - 1, today.year]
    agencies = {a.pk: a for a in Agency.objects.all()}  # criterion_scores skips the unscored
    checked = refreshed = 0
    for y in years:
        stored = {s.agency_id: s for s in Score.objects.filter(year=y)}
        # The current year for every scored agency; an earlier one only where it is stored.
        scope = agencies.values() if y == today.year else [agencies[a] for a in stored]
        for agency_id, result in criterion_scores(scope, y).items():
            checked += 1
            score = stored.get(agency_id)
            if score_is_current(score, result):
                continue
            if score_refresh(agency=agencies[agency_id], year=y) is not None:
                refreshed += 1
    return {"checked": checked, "refreshed": refreshed}


# --- hand-scored components --------------------------------------------------------------

def _check_may_assess(actor, agency, criterion):
    if _source_of(criterion) == "survey":
        # The survey is run by others; the unit never scores it itself.
        if not (is_platform_admin(actor) or (actor.is_admin_role and actor.agency_id == agency.pk)):
            raise Forbidden(_("survey results are entered by an administrator"))
    elif not is_department_head(actor, agency.pk):
        raise Forbidden(_("only the department head scores components by hand"))


def manual_assessment_record(*, actor, agency, year, criterion: Criterion, points, explanation="",
                             evidence_url="") -> tuple[ManualAssessment, bool]:
    """Record (or replace) the hand-given points of a component; the score follows at once."""
    _check_may_assess(actor, agency, criterion)
    config = configs_for([agency.pk], year).get(agency.pk)
    tree = {c.pk: c for c in leadership_criteria(methodology_id_for(agency, year, config))}
    errors = {}
    if criterion.pk not in tree or criterion.parent_id is None:
        errors["criterion"] = [_("not a component of this agency's leadership criterion for that year")]
    elif _source_of(criterion) not in ("manual", "survey"):
        errors["criterion"] = [_("this component is measured from the plan's data, not scored by hand")]
    elif (problem := rules.hand_points_error(criterion, points)) is not None:
        # Validated against the component's own rule: a yes/no takes 0 or its maximum.
        errors["points"] = [problem]
    if not (explanation or "").strip() and not (evidence_url or "").strip():
        errors["explanation"] = [_("give a written explanation or an evidence link")]
    if errors:
        raise ValidationFailed(details=errors)

    with transaction.atomic():
        assessment, created = ManualAssessment.objects.select_for_update().update_or_create(
            agency=agency, year=year, criterion=criterion,
            defaults={"points": points, "explanation": explanation.strip(), "evidence_url": evidence_url.strip(),
                      "assessed_by": actor, "assessed_at": timezone.now()},
        )
        score_refresh(agency=agency, year=year, actor=actor)
    return assessment, created
