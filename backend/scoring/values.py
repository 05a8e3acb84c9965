"""A component's measured value in words, as the dashboard and the reports show it:
96,7 % for a rate, "on time" for a plan issued on time, never an identifier."""
from decimal import Decimal

from django.utils import formats
from django.utils.translation import pgettext

VALUE_WORDS = {
    "on_time": lambda: pgettext("scores", "on time"),
    "late": lambda: pgettext("scores", "late"),
    "missing": lambda: pgettext("scores", "missing"),
    True: lambda: pgettext("scores", "yes, met"),
    False: lambda: pgettext("scores", "no, not met"),
}


def value_in_words(component) -> str:
    """In the active language; "" when nothing measures the component."""
    m = component.measurement
    if m is None:
        return ""
    value = m.value
    if value is None:
        none_means = component.measure.none_means if component.measure else None
        # A lazy gettext: read in the active language.
        return str(none_means) if none_means else pgettext("scores", "nothing to measure yet")
    if isinstance(value, Decimal):
        return f"{formats.number_format(value * 100, 1, use_l10n=True)} %"
    words = VALUE_WORDS.get(value)
    return words() if words else str(value)
