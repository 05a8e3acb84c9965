"""The calendar over HTTP: overrides (read by all, edited by head/admin) and a calculator."""
import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import Agency
from backend.api.inputs import limit_to_visible, valid_input
from workflows.errors import Forbidden
from backend.accounts.selectors import agencies_visible_to, is_platform_admin

from . import services
from .calendar import MAX_WORKING_DAYS, WorkingCalendar, holiday_name, holidays_of, is_provisional
from .models import CalendarOverride
from .selectors import may_edit_some_overrides, overrides_visible_to


class CalendarOverrideSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarOverride
        fields = ["id", "agency", "date", "kind", "note", "created_by", "created_at"]


class CalendarOverrideInput(serializers.Serializer):
    # Absent: the caller's own agency (the national calendar for the province's admin).
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False,
                                                allow_null=True)
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=CalendarOverride.Kind.choices)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_visible(self, {"agency": agencies_visible_to})


class CalendarOverrideFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    national = django_filters.BooleanFilter(field_name="agency", lookup_expr="isnull")

    class Meta:
        model = CalendarOverride
        fields = ["agency", "kind", "year", "date_after", "date_before", "national"]


class CalendarOverrideViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin,
                              viewsets.ReadOnlyModelViewSet):
    """Days off and working days that differ from the national calendar.

    Everyone reads the national ones and their agency's; the department head (or an
    administrator) edits the agency's, the province's administrator the national ones.
    """

    serializer_class = CalendarOverrideSerializer
    queryset = CalendarOverride.objects.none()  # names the model for the schema; the rows come from get_queryset
    filterset_class = CalendarOverrideFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        return overrides_visible_to(self.request.user).order_by("date", "id")

    @extend_schema(request=CalendarOverrideInput, responses={201: CalendarOverrideSerializer})
    def create(self, request, *args, **kwargs):
        if not may_edit_some_overrides(request.user):  # who first, then the body
            raise Forbidden(_("only the department head or an administrator edits the agency's calendar"))
        values = valid_input(CalendarOverrideInput, request)
        if "agency" not in values:
            values["agency"] = None if is_platform_admin(request.user) else request.user.agency
        override = services.override_create(actor=request.user, **values)
        return Response(self.get_serializer(override).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.override_delete(actor=self.request.user, override=instance)


class WorkingDaysQuery(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField(required=False, min_value=-MAX_WORKING_DAYS,
                                    max_value=MAX_WORKING_DAYS)
    end = serializers.DateField(required=False)
    agency = serializers.IntegerField(required=False, min_value=1)

    def validate_start(self, value):
        # Far from today the arithmetic overflows and no holiday table exists.
        if not 1950 <= value.year <= 2150:
            raise ValidationError(_("choose a date between 1950 and 2150"))
        return value

    validate_end = validate_start

    def validate(self, attrs):
        if ("days" in attrs) == ("end" in attrs):
            raise ValidationError({"days": [_("give either days or end")]})
        if "end" in attrs and abs((attrs["end"] - attrs["start"]).days) > 2 * MAX_WORKING_DAYS:
            raise ValidationError({"end": [_("the span is too long")]})
        return attrs


class WorkingDaysView(APIView):
    """Working-day arithmetic on an agency's calendar.

    ``?start=&days=N`` → the date N working days after start (before it if N < 0);
    ``?start=&end=`` → how many working days lie after start up to and including end.
    ``agency`` defaults to the caller's.
    """

    @extend_schema(
        parameters=[OpenApiParameter("start", str, required=True), OpenApiParameter("days", int),
                    OpenApiParameter("end", str), OpenApiParameter("agency", int)],
        responses={200: inline_serializer("WorkingDays", {
            "start": serializers.DateField(), "days": serializers.IntegerField(),
            "end": serializers.DateField(), "agency": serializers.IntegerField(allow_null=True),
            "start_is_working_day": serializers.BooleanField(),
            "end_is_working_day": serializers.BooleanField(),
            "end_holiday": serializers.CharField(),
            "provisional": serializers.BooleanField(),
        })},
    )
    def get(self, request):
        query = WorkingDaysQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        agency_id = params.get("agency", request.user.agency_id)
        if agency_id is not None and not agencies_visible_to(request.user).filter(pk=agency_id).exists():
            raise ValidationError({"agency": [_("no such agency")]})
        calendar = WorkingCalendar(agency_id)
        start = params["start"]
        if "days" in params:
            days, end = params["days"], calendar.add_working_days(start, params["days"])
        else:
            end, days = params["end"], calendar.working_days_between(start, params["end"])
        return Response({
            "start": start, "days": days, "end": end, "agency": agency_id,
            "start_is_working_day": calendar.is_working_day(start),
            "end_is_working_day": calendar.is_working_day(end),
            "end_holiday": holiday_name(end),
            "provisional": is_provisional(start.year) or is_provisional(end.year),
        })


class HolidaysQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=1995, max_value=2100)


class HolidaysView(APIView):
    """A year's national days off (not weekends) and Saturdays worked in exchange, named
    in the reader's language (Vietnamese by default), and whether the year is
    ``provisional``: its official holiday notice is not known to the calendar yet, so the
    swap days may still change. The agency's own overrides: ``/calendar-overrides/``."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True)],
        responses={200: inline_serializer("Holidays", {
            "year": serializers.IntegerField(), "provisional": serializers.BooleanField(),
            "days": inline_serializer("Holiday", {
                "date": serializers.DateField(), "name": serializers.CharField(),
                "kind": serializers.ChoiceField(choices=["day_off", "working_day"]),
            }, many=True),
        })},
    )
    def get(self, request):
        query = HolidaysQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        return Response({"year": year, "provisional": is_provisional(year), "days": holidays_of(year)})
