"""Filtersets that build only the filters a request names."""
import django_filters


class RequestedFilterSet(django_filters.FilterSet):
    """Builds only the filters the query string names.

    django-filter copies every declared filter and builds a form field for each on every
    request (a ModelChoiceFilter copies its queryset too): on the task list that was a
    quarter of the request, spent on filters the request did not use. A filter absent from
    the query filters nothing and refuses nothing, so leaving it out changes no answer.
    The schema (drf-spectacular) still reads every filter from ``base_filters``.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if data is not None:
            named = {key.removeprefix(f"{prefix}-") if prefix else key for key in data}
            # A filter may read several parameters (due_after / due_before of a range).
            self.base_filters = {
                name: f for name, f in type(self).base_filters.items()
                if name in named or any(key.startswith(f"{name}_") for key in named)
            }
        super().__init__(data, queryset, request=request, prefix=prefix)
