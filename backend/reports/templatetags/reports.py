"""Numbers as a Vietnamese document writes them: 96,7 (decimal comma), — for none."""
from django import template
from django.utils import formats

from backend.inspections.machines import FindingState, InspectionState

register = template.Library()


@register.filter
def rate(value):
    if value is None:
        return "—"
    return formats.number_format(value, 1, use_l10n=True)


@register.filter
def points(value):
    if value is None:
        return "—"
    return formats.number_format(value, 2, use_l10n=True)


@register.filter
def finding_state(value, kind="finding"):
    """An inspection's or a finding's state, as its machine names it in the reader's language."""
    choices = InspectionState if kind == "inspection" else FindingState
    try:
        return choices(value).label
    except ValueError:
        return value
