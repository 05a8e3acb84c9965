"""Reads of the catalogue for a plan year: which methodology applies, its field 1, and
when the year's periodic reports are due."""
from django.db.models import Q

from .models import Criterion, ReportSchedule, ScoringConfig
from .schedules import effective_report_schedule

# Field 1 of every PAR Index version is direction and management of reform
# (Công tác chỉ đạo, điều hành CCHC): the leadership criterion.
LEADERSHIP_FIELD_CODE = "1"


def configs_for(agency_ids, year) -> dict:
    return {c.agency_id: c for c in ScoringConfig.objects.filter(agency_id__in=agency_ids, year=year)}


_LOOK_IT_UP = object()


def methodology_id_for(agency, year, config=_LOOK_IT_UP):
    """The methodology of the agency's plan year: its configuration's, else the agency's."""
    if config is _LOOK_IT_UP:
        config = ScoringConfig.objects.filter(agency_id=agency.pk, year=year).first()
    if config is not None and config.methodology_id:
        return config.methodology_id
    return agency.methodology_id


def leadership_criteria(methodology_id) -> list[Criterion]:
    """Field 1 of the methodology and everything under it, parents before children."""
    return _subtrees(Criterion.objects.filter(methodology_id=methodology_id)).get(methodology_id, [])


def _subtrees(criteria) -> dict:
    """methodology id → [field 1, its descendants in catalogue order (pre-order)]."""
    children, roots = {}, {}
    for c in sorted(criteria, key=lambda c: (c.order, c.code)):
        if c.parent_id is None:
            if c.code == LEADERSHIP_FIELD_CODE:
                roots[c.methodology_id] = c
        else:
            children.setdefault(c.parent_id, []).append(c)
    trees = {}
    for methodology_id, root in roots.items():
        ordered, stack = [], [root]
        while stack:
            node = stack.pop()
            ordered.append(node)
            stack.extend(reversed(children.get(node.pk, [])))
        trees[methodology_id] = ordered
    return trees


def report_schedules_for(agencies, year, *, configs=None, trees=None) -> dict:
    """agency id → (source, reports) for the plan year, for any number of agencies in a
    few queries (configurations, schedules by agency and by province, the catalogue).

    ``configs`` (``configs_for``) and ``trees`` (methodology id → its field-1 criteria)
    may be passed by a caller that has them already.
    """
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    configs = configs_for(ids, year) if configs is None else configs
    provinces = {a.province for a in agencies if a.province}
    rows = ReportSchedule.objects.filter(Q(agency_id__in=ids) | Q(agency__isnull=True, province__in=provinces))
    by_agency, by_province = {}, {}
    for row in rows:
        if row.agency_id is not None:
            by_agency[row.agency_id] = row
        else:
            by_province[row.province] = row
    if trees is None:
        methodology_ids = {methodology_id_for(a, year, configs.get(a.pk)) for a in agencies} - {None}
        trees = _subtrees(Criterion.objects.filter(methodology_id__in=methodology_ids))
    found = {}
    for a in agencies:
        config = configs.get(a.pk)
        found[a.pk] = effective_report_schedule(
            config=config, criteria=trees.get(methodology_id_for(a, year, config), []),
            agency_schedule=by_agency.get(a.pk), province_schedule=by_province.get(a.province),
            is_province=a.level == a.Level.PROVINCE)
    return found
