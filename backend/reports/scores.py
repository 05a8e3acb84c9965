"""The leadership criterion as a report: each component with its rule in words, the
measured value, the points and the evidence that backs them (counted and against)."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation

from backend.scoring import rules
from backend.scoring.selectors import evidence_of
from backend.scoring.values import value_in_words

EVIDENCE_PER_COMPONENT = 200


@dataclass
class ComponentLine:
    code: str
    name: str
    depth: int            # 0: a criterion, 1: one of its sub-criteria
    max_points: Decimal
    points: Decimal
    rule: str
    value: str            # the measured rate or fact, as written in the document
    counted: list = field(default_factory=list)   # evidence titles
    against: list = field(default_factory=list)
    counted_more: int = 0
    against_more: int = 0


@dataclass
class ScoreReport:
    agency: object
    year: int
    criterion_code: str
    criterion_name: str
    max_points: Decimal
    points: Decimal
    as_of: object
    lines: list


def _titles(items):
    return [str(item.get("title") or item.get("code") or item.get("id")) for item in items]


def score_report(agency, result) -> ScoreReport:
    """``result``: the agency's CriterionScore (scoring.selectors.criterion_score)."""
    language = translation.get_language() or "vi"
    lines = []
    for component in result.components:
        c = component.criterion
        evidence = evidence_of(result, component, EVIDENCE_PER_COMPONENT)
        words = rules.in_words(c, component.measure)
        lines.append(ComponentLine(
            code=c.code, name=c.name, depth=0 if component.parent is None or component.parent == result.field else 1,
            max_points=c.max_points, points=component.points, rule=words.get(language) or words.get("vi", ""),
            value=value_in_words(component) or "—",
            counted=_titles(evidence["counted"]), against=_titles(evidence["against"]),
            counted_more=max(evidence.get("counted_total", 0) - len(evidence["counted"]), 0),
            against_more=max(evidence.get("against_total", 0) - len(evidence["against"]), 0),
        ))
    return ScoreReport(agency=agency, year=result.year, criterion_code=result.field.code,
                       criterion_name=result.field.name, max_points=result.max_points, points=result.points,
                       as_of=result.scope.as_of, lines=lines)
