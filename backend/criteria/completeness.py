"""Whether a methodology's modelled components add up to the maxima it declares.

A ``sum`` criterion's points are its children's, so its *modelled* maximum is what its
children can give (each child's own modelled maximum, never more than the parent's
declared one). A catalogue that transcribes only part of a decision (the Cà Mau 2013
table: field 1 worth 20 points, its sub-items 1.1–1.3 worth 10) is *incomplete*: an
agency scored on it can never reach the declared maximum. The API and pages say so, and
the province ranking divides by the modelled maximum (par-index-method.md §7: index =
points / maximum), saying so too. Reads only; no query of its own.
"""
from dataclasses import dataclass
from decimal import Decimal

from .models import Criterion


@dataclass(frozen=True)
class Gap:
    """A ``sum`` criterion whose children do not add up to its declared maximum."""

    criterion: Criterion
    children_points: Decimal  # what the children's modelled maxima add up to

    def as_json(self) -> dict:
        return {"code": self.criterion.code, "max_points": float(self.criterion.max_points),
                "modelled_max_points": float(min(self.children_points, self.criterion.max_points)),
                "children_points": float(self.children_points)}


def modelled_maxima(criteria) -> dict:
    """criterion pk → its modelled maximum, for every criterion given (one or more whole
    methodologies: a node's children must be among them)."""
    criteria = list(criteria)
    children = {}
    for c in criteria:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    found = {}

    def of(c):
        if c.pk not in found:
            if c.rule_kind == Criterion.RuleKind.SUM:
                below = sum((of(k) for k in children.get(c.pk, [])), Decimal(0))
                found[c.pk] = min(below, Decimal(c.max_points))
            else:
                found[c.pk] = Decimal(c.max_points)
        return found[c.pk]

    for c in criteria:
        of(c)
    return found


def gaps(criteria) -> list[Gap]:
    """Every ``sum`` criterion (in catalogue order) whose children's modelled maxima do not
    add up to its declared maximum (less: incomplete; more: inconsistent)."""
    criteria = sorted(criteria, key=lambda c: (c.order, c.code))
    maxima = modelled_maxima(criteria)
    children = {}
    for c in criteria:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    found = []
    for c in criteria:
        if c.rule_kind != Criterion.RuleKind.SUM:
            continue
        below = sum((maxima[k.pk] for k in children.get(c.pk, [])), Decimal(0))
        if below != Decimal(c.max_points):
            found.append(Gap(criterion=c, children_points=below))
    return found
