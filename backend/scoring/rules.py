"""Points from a measured value, by the rule kinds of the catalogue (par-index-method.md §3).

Every number here comes from the criterion's data (``Criterion.max_points`` and
``Criterion.rule``, schema in ``backend/criteria/models.py``); this module knows the
*kinds* of rule only. ``evaluate`` gives the points, ``in_words`` says the same rule
in each language of the site (gettext), as the API shows it next to the points.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import pgettext

from backend.criteria.models import Criterion
from backend.plans.models import Task

K = Criterion.RuleKind
POINT_PLACES = Decimal("0.01")
HAND_SCORED = (K.MANUAL, K.SURVEY)


def dec(value) -> Decimal:
    return Decimal(str(value))


def points(value) -> Decimal:
    return dec(value).quantize(POINT_PLACES, ROUND_HALF_UP)


def _none_points(criterion, chosen):
    return criterion.max_points if chosen == "max" else dec(chosen)


def _if_none(criterion, default, facts):
    """Points when the measure has nothing to measure: the rule's data, else the measure's default.

    ``if_none`` is a number, ``"max"``, or ``{"points", "requires": <fact>, "otherwise"}``:
    the points only when the measurement's fact holds (e.g. full points for "no
    findings" only when an inspection was carried out), else ``otherwise`` (default 0).
    """
    chosen = criterion.rule.get("if_none", default)
    if isinstance(chosen, dict):
        met = bool((facts or {}).get(chosen.get("requires")))
        return _none_points(criterion, chosen.get("points", 0) if met else chosen.get("otherwise", 0))
    return _none_points(criterion, chosen)


def passes(rate: Decimal, band: dict) -> bool:
    edge = dec(band["min"])
    return rate >= edge if band.get("inclusive", False) else rate > edge


def evaluate(criterion, value, *, if_none_default=0, facts=None) -> Decimal:
    """Points of a measured component. ``value`` is the measure's (rate, fact or None);
    ``facts`` the measurement's named facts (for a conditional ``if_none``)."""
    rule, kind, top = criterion.rule, criterion.rule_kind, dec(criterion.max_points)
    if kind == K.TIMELINESS:
        result = rule.get(value if value in ("on_time", "late") else "missing", 0)
    elif kind == K.YES_NO:
        result = rule.get("yes", top) if value is True else rule.get("no", 0)
    elif value is None:
        result = _if_none(criterion, if_none_default, facts)
    elif kind == K.RATE_BANDS:
        result = next((b["points"] for b in rule.get("bands", []) if passes(dec(value), b)),
                      rule.get("otherwise", 0))
    elif kind == K.PROPORTIONAL:
        result = top * dec(value) if dec(value) >= dec(rule.get("floor", 0)) else 0
    elif kind == K.ALL_OF:
        result = top if dec(value) >= 1 else 0
    else:
        raise ValueError(f"rule kind {kind!r} is not evaluated from a measure")
    return min(points(result), points(top))


def allowed_hand_points(criterion):
    """What a person may give a hand-scored component, by its rule: a sorted list of the
    only values allowed (a yes/no gives 0 or its maximum; timeliness, bands, all-of their
    listed points), or ``(low, high)`` for any value in a range (manual, survey: 0 to
    the maximum; proportional: 0, or from max × floor to max)."""
    rule, kind, top = criterion.rule, criterion.rule_kind, points(criterion.max_points)

    def listed(values):
        return sorted({min(points(v), top) for v in values})

    if kind == K.YES_NO:
        return listed([rule.get("no", 0), rule.get("yes", top)])
    if kind == K.TIMELINESS:
        return listed([rule.get("on_time", 0), rule.get("late", 0), rule.get("missing", 0)])
    if kind == K.RATE_BANDS:
        return listed([b["points"] for b in rule.get("bands", [])] + [rule.get("otherwise", 0)])
    if kind == K.ALL_OF:
        return listed([0, top])
    if kind == K.PROPORTIONAL and dec(rule.get("floor", 0)) > 0:
        return (points(top * dec(rule["floor"])), top)  # and 0: below the floor
    return (points(0), top)


def hand_points_error(criterion, given):
    """Why ``given`` points break the component's rule (a message), or None."""
    allowed, given = allowed_hand_points(criterion), dec(given)
    if isinstance(allowed, list):
        if given in allowed:
            return None
        values = ", ".join(_num(v) for v in allowed)
        if criterion.rule_kind == K.YES_NO:
            return pgettext("score rule", "a yes/no component takes %(values)s points, nothing in between") % {
                "values": values}
        return pgettext("score rule", "this component's rule gives only %(values)s points") % {"values": values}
    low, high = allowed
    if given > high:
        return pgettext("score rule", "at most %(max)s points") % {"max": _num(high)}
    if criterion.rule_kind == K.PROPORTIONAL and 0 < given < low:
        return pgettext("score rule", "below the rule's floor the points are 0; otherwise from %(low)s to "
                                      "%(high)s") % {"low": _num(low), "high": _num(high)}
    return None


def hand_scored_points(criterion, assessment) -> Decimal:
    """Manual and survey components: what the person gave, never more than the maximum."""
    if assessment is None:
        return points(0)
    return min(points(assessment.points), points(criterion.max_points))


# --- the rule in words ------------------------------------------------------------------
# Gettext messages (context "score rule"), said in each language under translation.override;
# numbers take the active language's decimal mark (1,5 in Vietnamese).

def _num(value):
    return f"{dec(value).normalize():f}".replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _pct(value):
    return _num(dec(value) * 100) + "%"


def _pts(value):
    if dec(value) == 1:
        return pgettext("score rule", "%(n)s pt") % {"n": _num(value)}
    return pgettext("score rule", "%(n)s pts") % {"n": _num(value)}


def _bands(rule):
    parts = []
    for band in rule.get("bands", []):
        edge = {"edge": _pct(band["min"])}
        if band.get("inclusive"):
            cond = pgettext("score rule", "%(edge)s or more") % edge
        else:
            cond = pgettext("score rule", "above %(edge)s") % edge
        parts.append(f"{cond}: {_pts(band['points'])}")
    parts.append(f"{pgettext('score rule', 'otherwise')}: {_pts(rule.get('otherwise', 0))}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _points_rule(criterion, measure):
    rule, kind, top = criterion.rule, criterion.rule_kind, criterion.max_points
    if_none_default = measure.if_none if measure is not None else 0
    if kind == K.SUM:
        return pgettext("score rule", "Sum of the sub-criteria.")
    if kind == K.TIMELINESS:
        return pgettext("score rule", "On time: %(on_time)s; late: %(late)s; missing: %(missing)s.") % {
            "on_time": _pts(rule.get("on_time", 0)), "late": _pts(rule.get("late", 0)),
            "missing": _pts(rule.get("missing", 0))}
    if kind == K.YES_NO:
        text = pgettext("score rule", "Yes: %(yes)s; no: %(no)s.") % {
            "yes": _pts(rule.get("yes", top)), "no": _pts(rule.get("no", 0))}
        if measure is None:
            text = f"{pgettext('score rule', 'Answered by the department head with evidence.')} {text}"
        return text
    if kind == K.RATE_BANDS:
        text = _bands(rule) + "."
    elif kind == K.PROPORTIONAL:
        text = pgettext("score rule", "Points = %(top)s × the rate when the rate is %(floor)s or more; "
                                      "below %(floor)s: 0.") % {"top": _num(top), "floor": _pct(rule.get("floor", 0))}
    elif kind == K.ALL_OF:
        text = pgettext("score rule", "All on time: %(top)s; otherwise 0.") % {"top": _pts(top)}
    elif kind == K.MANUAL:
        return pgettext("score rule", "Scored by hand (at most %(top)s) with evidence or a written "
                                      "explanation.") % {"top": _pts(top)}
    elif kind == K.SURVEY:
        return pgettext("score rule", "From the sociological survey (at most %(top)s); never "
                                      "self-scored.") % {"top": _pts(top)}
    else:
        return ""
    chosen = rule.get("if_none", if_none_default)
    when_none = (measure.none_means if measure is not None and measure.none_means
                 else pgettext("score rule", "Nothing to measure"))
    if isinstance(chosen, dict):
        facts = measure.facts if measure is not None else {}
        fact = facts.get(chosen.get("requires"), chosen.get("requires", ""))
        text += " " + pgettext("score rule", "%(when)s: %(points)s when %(fact)s; otherwise %(otherwise)s.") % {
            "when": when_none, "points": _pts(top if chosen.get("points") == "max" else chosen.get("points", 0)),
            "fact": fact,
            "otherwise": _pts(top if chosen.get("otherwise") == "max" else chosen.get("otherwise", 0))}
        return text
    none_pts = _pts(top if chosen == "max" else chosen)
    if measure is not None and measure.none_means:
        text += f" {when_none}: {none_pts}."
    elif chosen != 0:
        text += f" {when_none}: {none_pts}."
    return text


def _population(sources):
    labels = dict(Task.Source.choices)
    names = ", ".join(str(labels.get(s, s)) for s in sources)
    return pgettext("score rule", "Only tasks assigned by: %(sources)s.") % {"sources": names}


def in_words(criterion, measure=None) -> dict:
    """{language: text} for every language of the site: what is measured, then how points
    follow from it."""
    out = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            rule = _points_rule(criterion, measure)
            if measure is not None:
                if getattr(measure, "by_source", False) and criterion.rule.get("sources"):
                    rule = f"{_population(criterion.rule['sources'])} {rule}"
                rule = f"{measure.definition}{_cancelled_after_due(criterion, measure)} {rule}"
            out[language] = rule
    return out


def _cancelled_after_due(criterion, measure) -> str:
    """What the rule does with a task cancelled after its term (measures that count tasks)."""
    if measure.cancelled_after_due is None:
        return ""
    if criterion.rule.get("cancelled_after_due", measure.cancelled_after_due) == "not_counted":
        return " " + pgettext("score rule", "Tasks cancelled after their due date are not counted.")
    return " " + pgettext("score rule", "Tasks cancelled after their due date count against.")
