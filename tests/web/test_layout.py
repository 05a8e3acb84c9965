"""The base layout every page shares: landmarks, nav, user menu, bell, language."""
import pytest

pytestmark = pytest.mark.django_db


def test_home_needs_login(page):
    response = page().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


def test_layout_in_vietnamese_with_landmarks_nav_and_bell(page, world):
    html = page(world.officer).get("/").content.decode()
    assert '<html lang="vi">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    for label in ("Trang chủ", "Kế hoạch", "Kiểm tra", "Điểm CCHC", "Đăng xuất", "Theo dõi kế hoạch CCHC"):
        assert label in html
    assert world.agency.name in html
    assert 'id="bell"' in html and "data-bell-count" in html
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "htmx" in html and "/static/web/bell.js" in html


def test_api_docs_stay(page, world):
    assert page(world.officer).get("/api/v1/docs/").status_code == 200


def test_htmx_request_after_the_session_ended_redirects_the_whole_page(page):
    response = page().get("/notifications/bell/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?next=/notifications/bell/")


def test_nav_marks_the_current_section(page, world):
    html = page(world.officer).get("/notifications/").content.decode()
    assert 'aria-current="page"' not in html.split('id="site-nav"')[1].split("</ul>")[0]
    html = page(world.officer).get("/").content.decode()
    assert 'href="/" aria-current="page">Trang chủ</a>' in html
