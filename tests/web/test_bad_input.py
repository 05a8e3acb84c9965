"""No input, however malformed, gives a 500 on the pages of accounts, home and notifications."""
import pytest

pytestmark = pytest.mark.django_db


def test_malformed_input_is_refused_or_ignored(page, world):
    client = page(world.officer)
    assert client.post("/notifications/99999999999999999999999/read/").status_code == 404
    assert client.get("/notifications/?page=99999999999999999999999&unread=%00").status_code == 200
    response = client.post("/language/", {"language": "\x00", "next": "\x00//evil.example"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.post("/notifications/preferences/", {"task.assigned": "\x00"}).status_code == 302
    assert client.get("/?\x00=\x00").status_code == 200
    assert page().post("/login/", {"username": "\x00" * 500, "password": "x"}).status_code == 200
