"""Comments on a task: anyone of the agency talks about it; nobody else sees it."""
from backend.comments.models import Comment

from tests.cast import CAST, OUTSIDERS, for_each
from tests.refusals import Unchanged, assert_error, assert_validation_error


def _url(task):
    return f"/api/v1/tasks/{task.pk}/comments/"


def test_who_may_comment(api, cast, task_in):
    task = task_in("in_progress")

    def check(role):
        client = api(cast[role])
        if role in OUTSIDERS:
            with Unchanged(task):
                assert_error(client.post(_url(task), {"body": "Xin chào"}), 404, "not_found")
                assert_error(client.get(_url(task)), 404, "not_found")
            return
        r = client.post(_url(task), {"body": "Đề nghị bổ sung số liệu quý III"})
        assert r.status_code == 201, r.json()
        body = r.json()
        assert {"id", "author", "body", "created_at"} <= set(body)
        assert (body["author"], body["body"]) == (cast[role].pk, "Đề nghị bổ sung số liệu quý III")

    for_each(CAST, check)


def test_comments_listed_in_order(world, api, task_in):
    task = task_in("submitted")
    for user, text in ((world.officer, "Đã nộp"), (world.head, "Cần bổ sung"), (world.officer, "Đã bổ sung")):
        assert api(user).post(_url(task), {"body": text}).status_code == 201
    page = api(world.inspector).get(_url(task)).json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert [c["body"] for c in page["results"]] == ["Đã nộp", "Cần bổ sung", "Đã bổ sung"]
    assert [c["author"] for c in page["results"]] == [world.officer.pk, world.head.pk, world.officer.pk]


def test_closed_tasks_may_still_be_discussed(world, api, task_in):
    task = task_in("done")
    assert api(world.head).post(_url(task), {"body": "Hoàn thành tốt"}).status_code == 201


def test_bad_comment_bodies(world, api, task_in):
    task = task_in("in_progress")

    def check(body):
        with Unchanged(task):
            assert_validation_error(api(world.officer).post(_url(task), body), "body")

    for_each([{}, {"body": ""}, {"body": "x" * 10001}, {"body": None}, {"text": "sai tên"}], check)


def test_comments_write_no_events(world, api, task_in):
    task = task_in("in_progress")
    api(world.officer).post(_url(task), {"body": "ghi chú"})
    assert Comment.objects.count() == 1
    assert api(world.head).get("/api/v1/events/").json()["count"] == 0
