"""A DRF throttle's 429 carries the error body of API.md (code too_many_attempts, Retry-After),
like the login lock-out's."""
import pytest
from django.core.cache import cache
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from tests.refusals import assert_error


class OncePerMinute(AnonRateThrottle):
    rate = "1/min"


class ThrottledView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [OncePerMinute]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("api/v1/throttled/", ThrottledView.as_view())]


@pytest.mark.urls("tests.api.test_throttle")
def test_a_throttled_request_gets_the_error_body():
    cache.clear()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/api/v1/throttled/").status_code == 200
    r = client.get("/api/v1/throttled/")
    error = assert_error(r, 429, "too_many_attempts")
    assert 0 < int(r["Retry-After"]) <= 60 and "throttled" in error["message"].lower()
