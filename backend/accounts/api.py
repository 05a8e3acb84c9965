"""Auth, the caller, and the agency's reference data: agencies, offices, people."""
import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .access import check_may_create_offices
from .models import Agency, Office, User
from .selectors import agencies_visible_to, offices_visible_to, users_visible_to


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "province", "methodology", "due_soon_days"]


class OfficeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Office
        fields = ["id", "agency", "name", "code"]


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "agency", "office"]


class MeSerializer(UserSerializer):
    class Meta(UserSerializer.Meta):
        fields = UserSerializer.Meta.fields + ["language"]


class TokenView(APIView):
    """Exchange a username and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if set(serializer.errors) - {"non_field_errors"}:
                serializer.is_valid(raise_exception=True)  # a field is missing: 400
            raise AuthenticationFailed(_("wrong username or password"))
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    def get_authenticate_header(self, request):
        # With no authentication classes DRF would turn the 401 above into a 403.
        return 'Token realm="api"'


class MeView(generics.RetrieveAPIView):
    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    queryset = Agency.objects.none()  # names the model for the schema; the rows come from get_queryset

    def get_queryset(self):
        return agencies_visible_to(self.request.user)


class OfficeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OfficeSerializer
    queryset = Office.objects.none()  # names the model for the schema; the rows come from get_queryset
    filterset_fields = ["agency"]

    def get_queryset(self):
        return offices_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        check_may_create_offices(request.user)  # who first, then the body
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.office_create(actor=self.request.user, **serializer.validated_data)


def _callers_offices(request):
    return offices_visible_to(request.user) if request is not None else Office.objects.none()


class UserFilter(django_filters.FilterSet):
    # Another agency's office is as unknown as one that does not exist.
    office = django_filters.ModelChoiceFilter(queryset=_callers_offices)

    class Meta:
        model = User
        fields = ["office", "role"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UserSerializer
    queryset = User.objects.none()  # names the model for the schema; the rows come from get_queryset
    filterset_class = UserFilter

    def get_queryset(self):
        return users_visible_to(self.request.user).order_by("id")
