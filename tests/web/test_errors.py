"""Error pages: the site's template and language, never a traceback; the API keeps JSON."""
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path

from backend.urls import handler403, handler404, handler500  # noqa: F401  (this URLconf's too)

pytestmark = pytest.mark.django_db


def _crash(request):
    raise RuntimeError("secret internals")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [path("crash/", _crash), path("forbidden/", _forbidden), path("", include("backend.urls"))]


def _is_site_page(response):
    html = response.content.decode()
    return '<html lang="vi">' in html and "Theo dõi kế hoạch CCHC" in html and "Traceback" not in html


@pytest.mark.parametrize("debug", [False, True])
def test_404_page_in_site_style(page, world, settings, debug):
    settings.DEBUG = debug
    response = page(world.officer).get("/no-such-page/")
    assert response.status_code == 404
    assert _is_site_page(response)
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.urls("tests.web.test_errors")
def test_500_page_never_shows_a_traceback(page, world, settings, debug):
    settings.DEBUG = debug
    response = page(world.officer).get("/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert _is_site_page(response) and "Hệ thống đang gặp sự cố" in html
    assert "secret internals" not in html and "RuntimeError" not in html


@pytest.mark.urls("tests.web.test_errors")
def test_403_page(page, world):
    response = page(world.officer).get("/forbidden/")
    assert response.status_code == 403
    assert _is_site_page(response) and "Bạn không có quyền truy cập trang này" in response.content.decode()


def test_csrf_refusal_is_a_site_page(page, world):
    client = page(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "officer", "password": "x"})
    assert response.status_code == 403
    assert _is_site_page(response) and "Biểu mẫu đã hết hiệu lực" in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_api_keeps_json_errors(page, world, settings, debug):
    settings.DEBUG = debug
    response = page(world.officer).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
