"""API tokens: one per login, expiring, ended by logout, logout-all, a password change and
a disabled account; the WebSocket follows the same rule (backend/accounts/authentication.py)."""
import datetime

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.models import AuthToken
from rest_framework.test import APIClient

from backend.deadlines.tasks import purge_expired_tokens

from tests.refusals import assert_error
from tests.sockets import Socket, run


def login(username="officer", password="demo-password"):
    r = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert r.status_code == 200, r.content
    return r.json()


def client_with(token):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def works(token):
    r = client_with(token).get("/api/v1/me/")
    if r.status_code == 200:
        return True
    assert_error(r, 401, "not_authenticated")
    return False


def test_a_token_lives_for_the_configured_lifetime(world, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(hours=3)}
    before = timezone.now()
    body = login()
    expiry = parse_datetime(body["expiry"])
    assert before + datetime.timedelta(hours=3) <= expiry <= timezone.now() + datetime.timedelta(hours=3)
    assert works(body["token"])
    # The clock passes the expiry: the same token is refused (401 with the error body).
    AuthToken.objects.filter(user=world.officer).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert not works(body["token"])
    # ... and a refused read left the token row alone (reads never write); a new login
    # clears the spent one.
    assert AuthToken.objects.filter(user=world.officer).count() == 1
    fresh = login()
    assert works(fresh["token"]) and AuthToken.objects.filter(user=world.officer).count() == 1


def test_a_short_lifetime_really_expires(world, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(seconds=-1)}
    assert not works(login()["token"])  # born expired: nothing else keeps it alive


def test_several_devices_and_logout_ends_only_this_one(world):
    phone, laptop = login()["token"], login()["token"]
    assert phone != laptop and works(phone) and works(laptop)
    r = client_with(phone).post("/api/v1/auth/logout/")
    assert r.status_code == 204
    assert not works(phone) and works(laptop)
    # Logging out again with the ended token: 401, not a 500.
    assert_error(client_with(phone).post("/api/v1/auth/logout/"), 401, "not_authenticated")


def test_logout_all_ends_every_token_of_the_caller_only(world):
    phone, laptop, heads = login()["token"], login()["token"], login("head")["token"]
    assert client_with(laptop).post("/api/v1/auth/logout-all/").status_code == 204
    assert not works(phone) and not works(laptop) and works(heads)


def test_logout_needs_a_caller(world):
    assert_error(APIClient().post("/api/v1/auth/logout/"), 401, "not_authenticated")
    assert_error(APIClient().post("/api/v1/auth/logout-all/"), 401, "not_authenticated")


def test_a_password_change_ends_every_token(world):
    phone, laptop = login()["token"], login()["token"]
    world.officer.set_password("a-new-long-password")
    world.officer.save()
    assert not works(phone) and not works(laptop)
    assert works(login(password="a-new-long-password")["token"])


def test_changepassword_command_ends_every_token(world, monkeypatch):
    token = login()["token"]
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "another-long-password")
    call_command("changepassword", "officer", stdout=open("/dev/null", "w"))
    assert not works(token)


def test_saving_other_fields_keeps_the_tokens(world):
    token = login()["token"]
    world.officer.full_name = "Nguyễn Văn Mới"
    world.officer.save()
    world.officer.refresh_from_db()
    world.officer.check_password("demo-password")  # a hash upgrade on login must not log out
    assert works(token)


def test_disabling_the_account_ends_every_token(world):
    token = login()["token"]
    world.officer.is_active = False
    world.officer.save()
    assert not works(token)
    assert not AuthToken.objects.filter(user=world.officer).exists()


def test_the_periodic_job_deletes_expired_tokens_only(world):
    spent, valid = login()["token"], login("head")["token"]
    AuthToken.objects.filter(user=world.officer).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert purge_expired_tokens() == 1
    assert list(AuthToken.objects.values_list("user__username", flat=True)) == ["head"]
    assert works(valid) and not works(spent)


def test_only_digests_are_stored(world):
    token = login()["token"]
    stored = AuthToken.objects.get(user=world.officer)
    assert token not in (stored.digest, stored.token_key) and token.startswith(stored.token_key)


async def _refused(token):
    socket = Socket(token=token)
    assert await socket.connect()
    return await socket.comm.receive_output(timeout=2) == {"type": "websocket.close", "code": 4401}


async def _accepted(token):
    socket = Socket(token=token)
    assert await socket.connect()
    await socket.send({"type": "ping"})
    frame = await socket.receive()
    await socket.comm.disconnect()
    return frame["type"] == "pong"


@pytest.mark.django_db(transaction=True)
@run
async def test_the_websocket_refuses_expired_and_revoked_tokens(world, layer):
    token = (await sync_to_async(login)())["token"]
    assert await _accepted(token)

    await sync_to_async(AuthToken.objects.filter(user=world.officer).update)(
        expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert await _refused(token)

    token = (await sync_to_async(login)())["token"]
    assert await _accepted(token)
    assert (await sync_to_async(client_with(token).post)("/api/v1/auth/logout/")).status_code == 204
    assert await _refused(token)
