"""HTTP face of the workflow: the transitions endpoint, object history, the event log."""
import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.accounts.selectors import is_platform_admin

from workflows.models import Event, TransitionRecord
from workflows.services import check_transition, transitions_of


class EmptyInput(serializers.Serializer):
    pass


class TransitionRecordSerializer(serializers.ModelSerializer):
    # `from` is a Python keyword: those two fields are added in get_fields.
    by = serializers.IntegerField(source="actor_id", allow_null=True)
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = TransitionRecord
        fields = ["id", "transition", "by", "by_name", "at", "reason", "data"]

    def get_by_name(self, record) -> str:
        return str(record.actor) if record.actor else ""

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(source="from_state", read_only=True)
        fields["to"] = serializers.CharField(source="to_state", read_only=True)
        return fields


class TransitionsMixin:
    """Adds ``POST …/{id}/transitions/{name}/`` and ``GET …/{id}/history/`` to a viewset.

    ``transition_inputs`` maps a transition's public name to the serializer that
    validates its body; the validated data become the keyword arguments of
    ``transition_service``, the app's one entry point for its transitions (e.g.
    ``backend.plans.services.plan_transition``), which the pages call too.

    Each transition of the viewset's model (its state machine says which) gets its own
    route, ``…/transitions/assign/``, so the OpenAPI schema gives each its exact body
    (``transition_inputs``, else an empty object) and clients and the fuzzer need not
    guess. A name no machine knows still reaches the generic route (kept out of the
    schema): ``404 not_found`` or ``409 invalid_transition``, as API.md says.
    """

    transition_inputs: dict = {}
    transition_service = None  # (obj, name, *, actor, **params) → obj; set by each viewset

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        model = cls.serializer_class.Meta.model
        for name in transitions_of(model):
            attribute = f"transition_{name}"
            if attribute not in cls.__dict__:
                setattr(cls, attribute, _transition_route(cls, name))

    def run_transition_request(self, request, name):
        obj = self.get_object()
        # Who and which state first: a caller who may not act hears that, not "bad body".
        check_transition(obj, name, actor=request.user)
        input_serializer = self.transition_inputs.get(name, EmptyInput)(
            data=request.data if request.data is not None else {}, context={"request": request}
        )
        input_serializer.is_valid(raise_exception=True)
        obj = self.transition_service(obj, name, actor=request.user, **input_serializer.validated_data)
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data)

    @extend_schema(exclude=True)
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/.]+)")
    def transitions(self, request, pk=None, name=None):
        return self.run_transition_request(request, name)

    @extend_schema(responses={200: TransitionRecordSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        obj = self.get_object()
        records = TransitionRecord.objects.filter(
            subject_type=obj.subject_type, subject_id=obj.pk
        ).select_related("actor").order_by("id")
        page = self.paginate_queryset(records)
        data = TransitionRecordSerializer(page, many=True).data
        return self.get_paginated_response(data)


def _transition_route(viewset, name):
    """The action of one named transition: its route and its schema (body, answer)."""
    body = viewset.transition_inputs.get(name, EmptyInput)
    basename = viewset.serializer_class.Meta.model._meta.model_name

    def route(self, request, pk=None):
        return self.run_transition_request(request, name)

    # Named before decorating: the action's method mapping records the function's name.
    route.__name__ = route.__qualname__ = f"transition_{name}"
    route = action(detail=True, methods=["post"], url_path=f"transitions/{name}",
                   url_name=f"transition-{name}")(route)
    return extend_schema(
        operation_id=f"{basename}_transition_{name}",
        summary=f"{name} ({basename})",
        description=f"Runs the `{name}` transition; answers the {basename} after the change.",
        request={"application/json": body},
        responses={200: viewset.serializer_class},
    )(route)


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "type", "occurred_at", "actor", "agency", "subject_type", "subject_id", "payload"]


class EventFilter(django_filters.FilterSet):
    after = django_filters.NumberFilter(field_name="id", lookup_expr="gt")
    type = django_filters.CharFilter(field_name="type")
    subject_type = django_filters.CharFilter(field_name="subject_type")
    subject_id = django_filters.NumberFilter(field_name="subject_id")

    class Meta:
        model = Event
        fields = ["after", "type", "subject_type", "subject_id"]


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The agency's event log in ascending id; poll with ``?after=<last id seen>``."""

    serializer_class = EventSerializer
    queryset = Event.objects.none()  # names the model for the schema; the rows come from get_queryset
    filterset_class = EventFilter

    def get_queryset(self):
        user = self.request.user
        qs = Event.objects.order_by("id")
        return qs if is_platform_admin(user) else qs.filter(agency_id=user.agency_id)
