"""Reading the criterion: which method and schedule apply, and the score computed from data.

``criterion_scores`` computes the leadership criterion for a set of agencies with one
aggregate query per measure, whatever the number of agencies (a province ranking costs
what one agency costs). Nothing here writes; ``services.score_refresh`` stores.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from backend.accounts.models import Agency
from backend.accounts.selectors import agencies_visible_to, is_platform_admin
from backend.criteria.completeness import gaps, modelled_maxima
from backend.criteria.models import Criterion
from backend.criteria.selectors import _subtrees, configs_for, methodology_id_for, report_schedules_for

from . import rules
from .measures import MEASURES, ItemLists, Measurement, Scope, sources_of
from .models import ManualAssessment, Score, ScoreChange

# --- the computed criterion ---------------------------------------------------------------

@dataclass
class ComponentScore:
    criterion: Criterion
    parent: Criterion | None
    source: str  # "sum" | "measured" | "manual" | "survey"
    points: Decimal
    measure: object = None           # measures.Measure, when one measures it
    measurement: Measurement | None = None
    assessment: ManualAssessment | None = None

    @property
    def pending(self) -> bool:
        """Hand-scored but nobody has scored it yet."""
        return self.source in ("manual", "survey") and self.assessment is None

    def as_json(self) -> dict:
        c = self.criterion
        return {
            "code": c.code, "criterion": c.pk, "parent": self.parent.code if self.parent else None,
            "kind": c.rule_kind, "source": self.source, "measure": c.rule.get("measure"),
            "max_points": float(c.max_points), "points": float(self.points),
            **(self.measurement.as_json() if self.measurement else {"value": None}),
        }


@dataclass
class CriterionScore:
    agency_id: int
    year: int
    field: Criterion
    points: Decimal
    components: list = field(default_factory=list)
    scope: Scope | None = None
    # What the methodology's components can give in all (≤ max_points), and the sums
    # whose components do not add up (backend/criteria/completeness.py).
    modelled_max_points: Decimal | None = None
    gaps: list = field(default_factory=list)

    @property
    def methodology_id(self):
        return self.field.methodology_id

    @property
    def max_points(self):
        return self.field.max_points

    @property
    def complete(self) -> bool:
        """The modelled components add up to the criterion's declared maximum."""
        return not self.gaps

    def components_json(self) -> list[dict]:
        return [c.as_json() for c in self.components]

    def component(self, code) -> ComponentScore:
        return next(c for c in self.components if c.criterion.code == code)


def _source_of(criterion):
    """Who gives the points: the children, a measure, or a person (manual / survey)."""
    kind = criterion.rule_kind
    if kind == Criterion.RuleKind.SUM:
        return "sum"
    if kind == Criterion.RuleKind.SURVEY:
        return "survey"
    if kind == Criterion.RuleKind.MANUAL or criterion.rule.get("measure") not in MEASURES:
        # A yes/no no event can observe (e.g. "all reports complete per the template")
        # is answered by the head, like a manual component.
        return "manual"
    return "measured"


def criterion_scores(agencies, year, *, as_of=None, assume_tasks=None, assume_findings=None,
                     by=None) -> dict:
    """agency id → CriterionScore for each agency that has a methodology with a field 1.

    One query per measure the agencies' methodologies use, plus a few for the catalogue,
    configurations and assessments: independent of the number of agencies and tasks.
    """
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    configs = configs_for(ids, year)
    methodology_of = {a.pk: methodology_id_for(a, year, configs.get(a.pk)) or None for a in agencies}
    trees = _subtrees(Criterion.objects.filter(methodology_id__in={m for m in methodology_of.values() if m}))
    scored = [a for a in ids if methodology_of[a] in trees]
    if not scored:
        return {}

    scope = Scope(agency_ids=scored, year=year, as_of=as_of or by or timezone.localdate(),
                  assume_tasks=assume_tasks, assume_findings=assume_findings, by=by)
    schedules = report_schedules_for([a for a in agencies if a.pk in scored], year, configs=configs,
                                     trees=trees)
    scope.schedules = {a: schedules[a][1] for a in scored}
    # One computation per (measure, population): the rule's "sources" choose the tasks counted.
    needed = {(c.rule.get("measure"), sources_of(c.rule)) for a in scored for c in trees[methodology_of[a]]
              if c.rule.get("measure") in MEASURES}
    # What each agency's catalogue says of a measure it uses (e.g. "cancelled_after_due").
    scope.rules = {(a, c.rule["measure"]): c.rule for a in scored for c in trees[methodology_of[a]]
                   if c.rule.get("measure") in MEASURES}
    measured = {key: MEASURES[key[0]].run(scope, key[1]) for key in sorted(needed)}
    assessments = {(m.agency_id, m.criterion_id): m for m in ManualAssessment.objects.filter(
        agency_id__in=scored, year=year).select_related("assessed_by")}

    results = {}
    shape = {m: (modelled_maxima(tree)[tree[0].pk], gaps(tree)) for m, tree in trees.items()}
    for agency_id in scored:
        tree = trees[methodology_of[agency_id]]
        by_pk = {c.pk: c for c in tree}
        nodes = {}
        # Children before parents: sums need their children's points.
        for c in reversed(tree):
            source = _source_of(c)
            measure = MEASURES.get(c.rule.get("measure"))
            measurement = measured[(measure.name, sources_of(c.rule))][agency_id] if measure is not None else None
            assessment = assessments.get((agency_id, c.pk))
            if source == "sum":
                pts = sum((nodes[k.pk].points for k in tree if k.parent_id == c.pk), rules.points(0))
                pts = min(pts, rules.points(c.max_points))
            elif source == "measured":
                pts = rules.evaluate(c, measurement.value, if_none_default=measure.if_none,
                                     facts=measurement.facts)
            else:
                pts = rules.hand_scored_points(c, assessment)
            nodes[c.pk] = ComponentScore(criterion=c, parent=by_pk.get(c.parent_id), source=source,
                                         points=pts, measure=measure, measurement=measurement,
                                         assessment=assessment)
        root = tree[0]
        modelled, found_gaps = shape[methodology_of[agency_id]]
        results[agency_id] = CriterionScore(
            agency_id=agency_id, year=year, field=root, points=nodes[root.pk].points,
            components=[nodes[c.pk] for c in tree[1:]], scope=scope,
            modelled_max_points=modelled, gaps=found_gaps)
    return results


def criterion_score(agency, year, **kwargs) -> CriterionScore | None:
    return criterion_scores([agency], year, **kwargs).get(agency.pk)


def evidence_lists(result: CriterionScore, component: ComponentScore) -> ItemLists:
    """Which items count for and against one component, read when asked (``ItemLists``)."""
    lists = (component.measure.evidence_for(result.scope, result.agency_id, sources_of(component.criterion.rule))
             if component.measure is not None else ItemLists([], []))
    a = component.assessment
    if component.source in ("manual", "survey") and a is not None:
        # The person's assessment is the evidence of a hand-scored point; a measure under
        # it (e.g. inspection coverage in a hand-scored criterion) is shown as support.
        lists.counted_first.append({"type": "assessment", "id": a.pk, "title": a.explanation[:200] or a.evidence_url,
                                    "url": a.evidence_url or None})
    return lists


def evidence_of(result: CriterionScore, component: ComponentScore, limit) -> dict:
    """The first ``limit`` items for and against one component, with the full counts."""
    return evidence_lists(result, component).cut(limit)


# --- who sees what ------------------------------------------------------------------------

def score_agency_for(user, agency_id):
    """The agency the user asks about, if they may see it (else None: a 404, not a 403)."""
    return agencies_visible_to(user).filter(pk=agency_id).first()


def may_see_ranking(user, province) -> bool:
    """The province's administrators only (platform admins, who belong to no agency).

    The ranking shows every agency's points, and nobody sees another agency's data
    (SPEC §2): an agency's own admin, head or inspector sees their own agency's score,
    never the others'. Decided in issue 11; docs/deploy.md "Who sees the ranking".
    """
    return is_platform_admin(user)


def stored_score(agency_id, year):
    return Score.objects.filter(agency_id=agency_id, year=year).first()


def score_read(agency, year):
    """(the stored Score or None, the criterion computed now); (None, None) if unscored.

    A read computes and returns; it never stores (the event consumer and the periodic
    ``services.scores_refresh`` do), so a GET writes nothing and announces nothing.
    """
    result = criterion_score(agency, year)
    if result is None:
        return None, None
    return stored_score(agency.pk, year), result


def score_is_current(score, result) -> bool:
    """Whether the stored score says what the data says now."""
    return (score is not None and score.points == result.points
            and score.components == result.components_json())


def province_ranking(province, year, *, as_of=None) -> list[dict]:
    """Every agency of the province ranked by the criterion, as a share of its maximum.

    Shares, not raw points: agencies scored with different methodologies have different
    maxima (par-index-method.md §7: index % = points / maximum). The maximum is the
    *modelled* one: a methodology whose components do not add up to its declared
    maximum (``complete: false``) is judged on what its components can give, not on
    points nobody can earn; each row says which. Ties: more points, then name.
    """
    agencies = list(Agency.objects.filter(province=province).order_by("name"))
    scores = criterion_scores(agencies, year, as_of=as_of)
    rows = []
    for agency in agencies:
        s = scores.get(agency.pk)
        share = (s.points / s.modelled_max_points) if s and s.modelled_max_points else None
        rows.append({"agency": {"id": agency.pk, "name": agency.name, "short_name": agency.short_name},
                     "methodology": s.methodology_id if s else None,
                     "points": float(s.points) if s else None,
                     "max_points": float(s.max_points) if s else None,
                     "modelled_max_points": float(s.modelled_max_points) if s else None,
                     "complete": s.complete if s else None,
                     "index": float(round(share, 4)) if share is not None else None})
    rows.sort(key=lambda r: (r["index"] is None, -(r["index"] or 0), -(r["points"] or 0),
                             r["agency"]["name"]))
    rank = 0
    previous = None
    for position, row in enumerate(rows, start=1):
        key = (row["index"], row["points"])
        if row["index"] is not None and key != previous:
            rank = position
        row["rank"] = rank if row["index"] is not None else None
        previous = key
    return rows


def score_trend(agency_id, year, *, days=30) -> dict | None:
    """The stored score and how it moved over the last ``days``, from its history only.

    Read-only (a page's GET): nothing is computed or stored here; the scoring consumer
    keeps the stored score current. None when the year has no score yet.
    """
    score = Score.objects.select_related("criterion").filter(agency_id=agency_id, year=year).first()
    if score is None:
        return None
    history = list(ScoreChange.objects.filter(score=score).order_by("at", "id").values_list("at", "points"))
    since = timezone.now() - datetime.timedelta(days=days)
    before = [points for at, points in history if at <= since]
    # Points then: the last step before the window; a younger history starts at its first step.
    then = before[-1] if before else (history[0][1] if history else score.points)
    return {"score": score, "criterion": score.criterion, "points": score.points,
            "max_points": score.max_points, "change": score.points - then, "days": days,
            "history": history}
