"""Query-string filters of the API's lists: only on lists, and no number out of range.

One backend for every list (``DEFAULT_FILTER_BACKENDS``), so a new endpoint cannot forget:

- a list's filterset runs on that list only. Detail, history, evidence, comments and
  transition routes ignore the list's query string (it was validated and run there too:
  ``?office=<20 digits>`` broke a finding's detail);
- every number a filter reads is bounded before it reaches the database: an id by its
  column's range (SQLite and PostgreSQL raise on integers past 64 bits), a year by what a
  date can hold (``year=0`` made the ``__year`` lookup raise). Out of range is a 400
  ``validation_error``, like any other bad filter value; except for a comparison
  (``after=<20 digits>``: ``id > n``), whose meaning is clear, so the number is brought
  into range (nothing is after it). Ids are whole numbers.
"""
from django import forms
from django.db import connection, models
from django_filters import filters
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field

# What a date's year can be (datetime.MINYEAR, MAXYEAR).
YEAR_RANGE = (1, 9999)
# A number with no column to bound it (a method filter): what any database integer holds.
BIGINT_RANGE = (-(2 ** 63) + 1, 2 ** 63 - 1)
LIST_ACTIONS = (None, "list")
COMPARISONS = ("gt", "gte", "lt", "lte")


class ClampedIntegerField(forms.IntegerField):
    """A whole number, brought into ``[low, high]`` (for a comparison, same answer)."""

    def __init__(self, *, low, high, **kwargs):
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value if value is None else min(max(value, self.low), self.high)


def _integer_column(model, field_name):
    """The integer column a filter compares with (an id for a relation), else None."""
    field = get_model_field(model, field_name) if model is not None and field_name else None
    if field is None:
        return None
    if field.is_relation:
        field = field.target_field
    return field if isinstance(field, (models.IntegerField, models.AutoField)) else None


def _range_of(model, number_filter):
    if number_filter.lookup_expr in ("year", "iso_year"):
        return YEAR_RANGE, True
    column = _integer_column(model, number_filter.field_name)
    if column is not None:
        low, high = connection.ops.integer_field_range(column.get_internal_type())
        return (low if low is not None else BIGINT_RANGE[0], high if high is not None else BIGINT_RANGE[1]), True
    return BIGINT_RANGE, False


def bound_numbers(filterset):
    """Give every number filter of ``filterset`` its range (in place; before its form exists)."""
    model = filterset._meta.model
    for number_filter in filterset.filters.values():
        if not isinstance(number_filter, filters.NumberFilter):
            continue
        (low, high), whole = _range_of(model, number_filter)
        if whole and number_filter.lookup_expr in COMPARISONS and not number_filter.method:
            number_filter.field_class = ClampedIntegerField
            number_filter.extra.update(low=low, high=high)
            continue
        number_filter.extra["min_value"] = max(low, number_filter.extra.get("min_value", low))
        number_filter.extra["max_value"] = min(high, number_filter.extra.get("max_value", high))
        if whole:
            number_filter.field_class = forms.IntegerField
    return filterset


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, on lists only, with every number bounded."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        return bound_numbers(filterset) if filterset is not None else None

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) not in LIST_ACTIONS:
            return queryset
        return super().filter_queryset(request, queryset, view)

    def to_html(self, request, queryset, view):
        if getattr(view, "action", None) not in LIST_ACTIONS:
            return None
        return super().to_html(request, queryset, view)
