"""Supporting offices (đơn vị phối hợp, issue 13 item 9).

A task led by office_a with office_b supporting it: office_b's head and officers are told
when it is assigned, due soon and overdue (in words that say their office supports it),
may add evidence and a contribution note, and see it under ``office=`` and on their
home page. An office with no part in the task may do none of this.
"""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from backend.accounts.models import Role
from backend.comments.models import Comment
from backend.deadlines.scan import flag_overdue, send_due_soon
from notifications.models import Notification
from tests.factories.accounts import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supported(world, make_task):
    """A draft task of the approved plan led by office_a, supported by office_b."""
    task = make_task(code="2.1", title="Số hóa hồ sơ cấp phép xây dựng", due_date=timezone.localdate() + datetime.timedelta(days=40))
    task.supporting_offices.set([world.office_b])
    return task


@pytest.fixture
def unrelated(world):
    office = OfficeFactory(agency=world.agency, name="Phòng Quy hoạch - Kiến trúc")
    return UserFactory(username="qhkt_officer", role=Role.OFFICER, office=office, agency=world.agency)


def told(user, event_type):
    return list(Notification.objects.filter(recipient=user, event_type=event_type).values_list("title", "body"))


def test_the_supporting_office_is_told_when_the_task_is_assigned(world, api, supported, unrelated,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = api(world.head).transition("tasks", supported.pk, "assign",
                                       {"lead_office": world.office_a.pk, "assignee": world.officer.pk})
    assert r.status_code == 200, r.json()
    for user in (world.officer2, world.office_head_b):
        [(title, body)] = told(user, "task.assigned")
        assert title == "Phòng, đơn vị phối hợp thực hiện nhiệm vụ 2.1"
        assert "phối hợp" in body and "Số hóa hồ sơ cấp phép xây dựng" in body
    # The assignee reads the event's own words; an unrelated office hears nothing.
    [(title, _body)] = told(world.officer, "task.assigned")
    assert title == "Nhiệm vụ mới: 2.1 Số hóa hồ sơ cấp phép xây dựng"
    assert told(unrelated, "task.assigned") == []


def test_the_supporting_office_is_told_when_it_is_due_soon_and_overdue(world, make_task,
                                                                      django_capture_on_commit_callbacks):
    now = timezone.now()
    today = timezone.localdate(now)
    soon = make_task(code="2.2", state="in_progress", assignee=world.officer, due_date=today)
    late = make_task(code="2.3", state="in_progress", assignee=world.officer,
                     due_date=today - datetime.timedelta(days=2))
    for task in (soon, late):
        task.supporting_offices.set([world.office_b])
    with django_capture_on_commit_callbacks(execute=True):
        flag_overdue(now)
        send_due_soon(now)
    assert [t for t, _b in told(world.officer2, "task.due_soon")] == [
        "Nhiệm vụ 2.2 do phòng, đơn vị phối hợp sắp đến hạn"]
    assert [t for t, _b in told(world.office_head_b, "task.overdue")] == [
        "Nhiệm vụ 2.3 do phòng, đơn vị phối hợp đã quá hạn"]
    assert told(world.officer, "task.overdue") and told(world.officer, "task.overdue")[0][0] == "Nhiệm vụ 2.3 đã quá hạn"


def test_the_supporting_office_adds_evidence_and_a_contribution_an_unrelated_office_is_refused(
        world, api, supported, unrelated):
    url = f"/api/v1/tasks/{supported.pk}/evidence/"
    r = api(world.officer2).post(url, {"url": "https://sxd.quangtri.gov.vn/so-hoa", "note": "Phần việc của phòng"})
    assert r.status_code == 201, r.json()
    r = api(unrelated).post(url, {"url": "https://example.org/x"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "permission_denied"

    comments = f"/api/v1/tasks/{supported.pk}/comments/"
    r = api(world.officer2).post(comments, {"body": "Phòng KH-TC đã bố trí kinh phí số hóa.", "kind": "contribution"})
    assert r.status_code == 201, r.json()
    assert (r.json()["kind"], r.json()["office"]) == ("contribution", world.office_b.pk)
    for outsider in (unrelated, world.officer):  # no part / the lead office: not a supporting office
        r = api(outsider).post(comments, {"body": "x", "kind": "contribution"})
        assert r.status_code == 403, r.json()
    assert Comment.objects.filter(kind="contribution").count() == 1
    r = api(world.officer2).post(comments, {"body": "x", "kind": "nonsense"})
    assert r.status_code == 400 and "kind" in r.json()["error"]["details"]


def page(user):
    client = Client(HTTP_ACCEPT="text/html")
    client.force_login(user)
    return client


def test_the_supporting_office_sees_the_task_in_its_lists(world, api, supported, make_task):
    led_by_b = make_task(code="3.1", lead_office=world.office_b)
    listed = api(world.officer2).get("/api/v1/tasks/", {"office": world.office_b.pk}).json()["results"]
    assert sorted(t["code"] for t in listed) == ["2.1", "3.1"]
    lead_only = api(world.officer2).get("/api/v1/tasks/", {"lead_office": world.office_b.pk}).json()["results"]
    assert [t["code"] for t in lead_only] == [led_by_b.code]
    supporting = api(world.officer2).get("/api/v1/tasks/", {"supporting_office": world.office_b.pk}).json()
    assert [t["code"] for t in supporting["results"]] == ["2.1"]
    # Home page: an assigned task that office_b supports is listed for its officer.
    type(supported).objects.filter(pk=supported.pk).update(state="assigned")
    html = page(world.officer2).get("/").content.decode()
    assert 'id="supported-tasks"' in html and "Số hóa hồ sơ cấp phép xây dựng" in html
    board = page(world.officer2).get(f"/plans/{world.plan.pk}/", {"office": world.office_b.pk}).content.decode()
    assert "Số hóa hồ sơ cấp phép xây dựng" in board
