"""The bell on every page, its drop-down, marking read, the list and the preferences."""
import re

import pytest

from notifications.factories import NotificationFactory
from notifications.models import Notification, NotificationPreference
from notifications.rules import notified_event_types

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(world):
    """Three notifications of the officer (the last one read) and one of officer2."""
    mine = [NotificationFactory(recipient=world.officer, title=f"Nhiệm vụ mới số {i}", url=f"/tasks/{i}/")
            for i in range(3)]
    Notification.objects.filter(pk=mine[2].pk).update(read_at=mine[2].created_at)
    other = NotificationFactory(recipient=world.officer2, title="Việc của người khác")
    return mine, other


def test_every_page_has_the_bell_with_unread_count_and_newest_id(page, world, notes):
    mine, _other = notes
    html = page(world.officer).get("/notifications/preferences/").content.decode()
    assert f'data-newest="{mine[2].id}"' in html
    assert re.search(r'<span data-bell-count>2</span>', html)
    assert 'aria-live="polite"' in html and 'role="status"' in html  # the toasts' region


def test_bell_menu_fragment_lists_only_my_latest(page, world, notes):
    mine, other = notes
    response = page(world.officer).get("/notifications/bell/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert all(n.title in html for n in mine) and other.title not in html
    assert "Đánh dấu tất cả là đã đọc" in html
    assert 'hx-swap-oob="true"' in html  # the count beside the bell follows


def test_mark_one_read_then_open_it(page, world, notes):
    mine, _other = notes
    client = page(world.officer)
    response = client.post(f"/notifications/{mine[0].id}/read/", {"next": mine[0].url})
    assert response.status_code == 302 and response["Location"] == "/tasks/0/"
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    assert re.search(r'<span data-bell-count>1</span>', client.get("/notifications/").content.decode())


def test_mark_read_by_htmx_returns_the_menu(page, world, notes):
    mine, _other = notes
    response = page(world.officer).post(f"/notifications/{mine[1].id}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Thông báo" in response.content.decode()


def test_someone_elses_notification_is_not_found_and_unchanged(page, world, notes):
    _mine, other = notes
    response = page(world.officer).post(f"/notifications/{other.id}/read/")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_read_needs_post(page, world, notes):
    mine, _other = notes
    assert page(world.officer).get(f"/notifications/{mine[0].id}/read/").status_code == 405
    mine[0].refresh_from_db()
    assert mine[0].read_at is None


def test_mark_all_read(page, world, notes):
    mine, other = notes
    response = page(world.officer).post("/notifications/read-all/", follow=True)
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(recipient=world.officer, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_full_list_with_unread_filter(page, world, notes):
    mine, other = notes
    client = page(world.officer)
    html = client.get("/notifications/").content.decode()
    assert all(n.title in html for n in mine) and other.title not in html
    html = client.get("/notifications/?unread=1").content.decode()
    assert mine[0].title in html and mine[2].title not in html


def test_preferences_saved_through_the_same_service_as_the_api(page, world, api):
    client = page(world.officer)
    html = client.get("/notifications/preferences/").content.decode()
    assert "Có nhiệm vụ được giao cho tôi hoặc phòng tôi" in html and "Cài đặt thông báo" in html
    kinds = len(notified_event_types())
    assert html.count('type="checkbox"') == kinds and html.count("checked") == kinds

    wanted = {"task.assigned", "task.due_soon", "score.changed"}
    response = client.post("/notifications/preferences/", {t: "on" for t in wanted}, follow=True)
    assert "Đã lưu cài đặt thông báo." in response.content.decode()
    body = api(world.officer).get("/api/v1/notifications/preferences/").json()
    assert {p["event_type"] for p in body["event_types"] if p["enabled"]} == wanted

    # Everything off, then back on: no row left (on is the default).
    client.post("/notifications/preferences/", {})
    assert NotificationPreference.objects.filter(user=world.officer, enabled=False).count() == kinds
    client.post("/notifications/preferences/", {t: "on" for t in notified_event_types()})
    assert not NotificationPreference.objects.filter(user=world.officer).exists()


def test_notification_pages_need_login(page):
    for url in ("/notifications/", "/notifications/bell/", "/notifications/preferences/"):
        assert page().get(url)["Location"].startswith("/login/")
