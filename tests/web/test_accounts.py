"""Log in, log out, CSRF, demo logins, language switch."""
import pytest
from django.test import Client

from backend.demo.builders import AGENCY_NAME, PROVINCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    """A client that checks CSRF as a browser's requests are checked."""
    return Client(enforce_csrf_checks=True, HTTP_ACCEPT="text/html")


def _csrf(client, url):
    response = client.get(url)
    return response, response.cookies["csrftoken"].value


def test_login_page_in_vietnamese_with_csrf(browser, world):
    response, _token = _csrf(browser, "/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html and "Đăng nhập" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html


def test_login_then_home_then_logout(browser, world):
    world.officer.set_password("pw-12345")
    world.officer.save()
    _, token = _csrf(browser, "/login/")
    response = browser.post("/login/", {"username": "officer", "password": "pw-12345",
                                        "csrfmiddlewaretoken": token, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert browser.get("/").status_code == 200

    # Logging out is a POST with the token; a GET does nothing.
    assert browser.get("/logout/").status_code == 405
    token = browser.cookies["csrftoken"].value
    response = browser.post("/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert browser.get("/")["Location"].startswith("/login/")


def test_wrong_password_shows_the_error_in_vietnamese(browser, world):
    _, token = _csrf(browser, "/login/")
    response = browser.post("/login/", {"username": "officer", "password": "nope", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    assert "_auth_user_id" not in browser.session


def test_login_without_csrf_token_is_refused(browser, world):
    world.officer.set_password("pw-12345")
    world.officer.save()
    response = browser.post("/login/", {"username": "officer", "password": "pw-12345"})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


def test_demo_logins_only_with_the_demo_department(page, world):
    # The shared cast has users called "head", "officer"… in an agency of the demo's
    # name, but they are not the demo's people: nothing listed.
    html = page().get("/login/").content.decode()
    assert "Tài khoản dùng thử" not in html

    world.inspector.full_name = "Võ Thanh Tùng"  # now the demo's chief inspector
    world.inspector.save()
    world.agency.province = PROVINCE
    world.agency.save()
    assert world.agency.name == AGENCY_NAME
    html = page().get("/login/").content.decode()
    assert "Tài khoản dùng thử" in html
    assert "<code>inspector</code>" in html and "Võ Thanh Tùng" in html and "demo-password" in html
    assert "<code>head</code>" not in html  # not the demo's head


def test_language_switch_is_saved_on_the_user(page, world):
    client = page(world.officer)
    assert '<html lang="vi">' in client.get("/").content.decode()
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    world.officer.refresh_from_db()
    assert world.officer.language == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Log out" in html

    # A new session (another browser) still gets English: it is the user's setting.
    other = page(world.officer)
    assert '<html lang="en">' in other.get("/").content.decode()


def test_pages_ignore_the_browsers_accept_language(page, world):
    client = page(world.officer, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_language_switch_before_login_and_bad_input(page, world):
    client = page()
    response = client.post("/language/", {"language": "en", "next": "/login/"})
    assert response["Location"] == "/login/"
    assert '<html lang="en">' in client.get("/login/").content.decode()
    # An unknown language or a foreign "next" changes nothing and goes home.
    response = page(world.officer).post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    world.officer.refresh_from_db()
    assert world.officer.language == "vi"
