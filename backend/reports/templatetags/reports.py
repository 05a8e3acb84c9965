"""Numbers as a Vietnamese document writes them: 96,7 (decimal comma), — for none."""
from django import template
from django.utils import formats

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
