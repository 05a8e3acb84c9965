"""Auth, the caller, and the agency's reference data: agencies, offices, people."""
import django_filters
from django.contrib.auth import authenticate, logout, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .access import check_may_create_offices
from .models import Agency, Office, User
from .selectors import agencies_visible_to, offices_visible_to, users_visible_to


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "province", "methodology", "due_soon_days",
                  "deadline_moves_to_working_day"]


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


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenView(APIView):
    """Exchange a username and password for a new API token (one per device or script),
    valid for ``PAR_TOKEN_TTL_HOURS``. Repeated wrong passwords for a username from one
    address lock it out for a while (django-axes: 429 ``too_many_attempts``)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=CredentialsSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField(),
                                                    "expiry": serializers.DateTimeField(allow_null=True)})},
    )
    def post(self, request):
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)  # a field missing: 400
        # Django's HttpRequest, not DRF's wrapper: django-axes marks a locked-out attempt
        # on it, and its middleware then answers 429 (backend.web.lockout).
        user = authenticate(request._request, **serializer.validated_data)
        if user is None:
            raise AuthenticationFailed(_("wrong username or password"))
        token, expiry = services.token_issue(user=user)
        # As a session login does (knox's own login view too): last_login, and django-axes
        # forgets the failures that came before.
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        return Response({"token": token, "expiry": expiry})

    def get_authenticate_header(self, request):
        # With no authentication classes DRF would turn the 401 above into a 403.
        return 'Token realm="api"'


class LogoutView(APIView):
    """End the token this request carries (this device only)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, AuthToken):
            services.tokens_revoke(user=request.user, token=request.auth)
        else:  # a session: end it, as the pages' logout does
            logout(request._request)
        return Response(status=204)


class LogoutAllView(APIView):
    """End every token of the caller (all devices), and this session if there is one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        services.tokens_revoke(user=request.user)
        if not isinstance(request.auth, AuthToken):
            logout(request._request)
        return Response(status=204)


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
    queryset = User.objects.none()  # names the model for the schema; the rows come from get_queryset

    def get_queryset(self):
        return users_visible_to(self.request.user).order_by("id")


# --- how the schema describes the two ways in -----------------------------------------------

class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "backend.accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <token>`, the token from `POST /api/v1/auth/token/`."}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "backend.accounts.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
