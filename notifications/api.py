"""HTTP face of notifications: the caller's list, read / read-all, unread count, preferences."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .models import Notification
from .rules import notified_event_types


class NotificationSerializer(serializers.ModelSerializer):
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "event", "event_type", "title", "body", "url", "subject_type", "subject_id",
                  "created_at", "read", "read_at"]


class ListQuery(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None)
    after = serializers.IntegerField(required=False, min_value=0, allow_null=True, default=None)

    def validate_after(self, value):
        # Nothing is after a number past any id; the database would refuse the number itself.
        return value if value is None else min(value, 2 ** 63 - 1)


class PreferenceSerializer(serializers.Serializer):
    event_type = serializers.CharField()
    enabled = serializers.BooleanField()

    def validate_event_type(self, value):
        if value not in notified_event_types():
            raise serializers.ValidationError(
                _("'%(type)s' is not an event type that notifies") % {"type": value})
        return value


class PreferencesSerializer(serializers.Serializer):
    event_types = PreferenceSerializer(many=True)


class PreferencesInput(serializers.Serializer):
    event_types = PreferenceSerializer(many=True, allow_empty=True)


UnreadCount = inline_serializer("UnreadCount", {"count": serializers.IntegerField()})
Marked = inline_serializer("MarkedRead", {"marked": serializers.IntegerField()})


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's notifications. Newest first; ``?after=<id>`` gives what came after, ascending."""

    serializer_class = NotificationSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            query = ListQuery(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            return selectors.notifications_of(self.request.user, **query.validated_data)
        return selectors.notifications_of(self.request.user)

    @extend_schema(parameters=[
        OpenApiParameter("unread", bool, description="true: unread only; false: read only"),
        OpenApiParameter("after", int, description="only ids after this one, in ascending id order"),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(user=request.user, notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: Marked})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})

    @extend_schema(responses={200: UnreadCount})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"count": selectors.unread_count_of(request.user.pk)})

    @extend_schema(
        methods=["GET"], responses={200: PreferencesSerializer},
        description="Every event type that can notify the caller, on unless turned off.",
    )
    @extend_schema(
        methods=["PATCH", "PUT"], request=PreferencesInput, responses={200: PreferencesSerializer},
        description="Turn event types on or off for the caller; types not listed keep their setting.",
    )
    @action(detail=False, methods=["get", "patch", "put"])
    def preferences(self, request):
        if request.method in ("PATCH", "PUT"):
            data = PreferencesInput(data=request.data)
            data.is_valid(raise_exception=True)
            services.preferences_update(
                user=request.user,
                changes={p["event_type"]: p["enabled"] for p in data.validated_data["event_types"]},
            )
        return Response({"event_types": selectors.preferences_of(request.user)})
