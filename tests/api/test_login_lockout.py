"""Brute force: repeated wrong passwords lock a username out from one address for a while,
on every login there is (API token, the pages' login, the admin's), even with the right
password afterwards (django-axes, backend/web/lockout.py)."""
import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from tests.refusals import assert_error

RIGHT = {"username": "officer", "password": "demo-password"}
WRONG = {"username": "officer", "password": "wrong"}


def _token(client, credentials):
    return client.post("/api/v1/auth/token/", credentials, format="json")


def _cool_off_passes():
    """The clock moving past the cool-off: the failures are older than it."""
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1))


def test_thirty_wrong_passwords_lock_the_token_endpoint(world):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    for attempt in range(30):
        r = _token(client, WRONG)
        if attempt < settings.AXES_FAILURE_LIMIT - 1:
            assert_error(r, 401, "not_authenticated")
        else:
            error = assert_error(r, 429, "too_many_attempts")
    assert "try again later" in error["message"]
    # The right password no longer helps, for the cool-off.
    r = _token(client, RIGHT)
    error = assert_error(r, 429, "too_many_attempts")
    assert "token" not in r.json()
    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert int(r["Retry-After"]) == cool_off and error["details"] == {"retry_after": cool_off}

    # Per username and address: the same user from another address, and another user
    # from this one, still log in.
    assert _token(APIClient(REMOTE_ADDR="10.0.0.7"), RIGHT).status_code == 200
    assert _token(client, {"username": "head", "password": "demo-password"}).status_code == 200

    _cool_off_passes()
    r = _token(client, RIGHT)
    assert r.status_code == 200 and r.json()["token"]


def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_resets(world):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _token(client, WRONG).status_code == 401
    assert _token(client, RIGHT).status_code == 200
    # The count started again: as many failures once more still leave the door open.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _token(client, WRONG).status_code == 401
    assert _token(client, RIGHT).status_code == 200


def test_the_lockout_message_is_vietnamese_by_default(world):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(client, WRONG)
    error = assert_error(_token(client, RIGHT), 429, "too_many_attempts")
    assert "Bạn đã nhập sai mật khẩu quá nhiều lần" in error["message"], error


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_lock_the_login_page(world):
    client = Client()
    for _ in range(30):
        r = client.post("/login/", WRONG)
    assert r.status_code == 429
    r = client.post("/login/", RIGHT)
    assert r.status_code == 429 and not _logged_in(client)
    page = r.content.decode()
    # The login page again, its error summary saying why in plain Vietnamese.
    assert 'class="error-summary"' in page and "Bạn đã nhập sai mật khẩu quá nhiều lần" in page
    assert f"{int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} phút" in page
    assert 'name="username"' in page and 'value="officer"' in page

    _cool_off_passes()
    r = client.post("/login/", RIGHT)
    assert r.status_code == 302 and _logged_in(client)


@pytest.mark.parametrize("path", ["/admin/login/", "/api-auth/login/"])
def test_thirty_wrong_passwords_lock_the_admin_and_the_api_session_login(world, path):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client = Client()
    for _ in range(30):
        r = client.post(path, {"username": "admin", "password": "wrong"})
    r = client.post(path, {"username": "admin", "password": "demo-password"})
    assert r.status_code == 429 and not _logged_in(client)
    assert "Bạn đã nhập sai mật khẩu quá nhiều lần" in r.content.decode()

    _cool_off_passes()
    r = client.post(path, {"username": "admin", "password": "demo-password"})
    assert r.status_code == 302 and _logged_in(client)
