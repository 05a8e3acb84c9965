"""Moving a due date: the head's extend, and an officer's request the head approves or rejects.

Either way the reminders re-arm for the new date and the history keeps the old date and
the reason. Granted within the term, the new term is clean: the overdue flag clears.
Granted after the task became overdue, the lateness stays in the record (the flag and
``overdue_since``): an extension does not launder a late task (par-index-method.md §9).
"""
import datetime

import pytest

from backend.plans.models import Task
from backend.deadlines.scan import flag_overdue, send_due_soon
from backend.workdays.calendar import WorkingCalendar

from .conftest import at, d, events

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    return response.json()["error"]


class TestExtendRearms:
    def test_a_late_extend_keeps_the_overdue_keeps_history_and_rearms_reminders(self, world, make_task, api):
        task = make_task(state="in_progress", assignee=world.officer, due_date=d(2026, 10, 8))
        assert send_due_soon(at(2026, 10, 5, 8, 0)) == 1
        assert flag_overdue(at(2026, 10, 9, 0, 0))["tasks"] == 1

        r = api(world.head).transition("tasks", task.pk, "extend",
                                       {"due_date": "2026-10-16", "reason": "Chờ ý kiến Sở Tài chính"})
        assert r.status_code == 200, r.json()
        body = r.json()
        # Extended after it became overdue (9/10): the lateness stays in the record.
        assert body["due_date"] == "2026-10-16" and body["overdue"] is True
        assert body["overdue_since"] == "2026-10-09" and body["original_due_date"] == "2026-10-08"
        assert body["outcome"] == "overdue"

        history = api(world.head).get(f"/api/v1/tasks/{task.pk}/history/").json()["results"]
        assert history[-1]["transition"] == "extend" and history[-1]["reason"] == "Chờ ý kiến Sở Tài chính"
        (extended,) = events("task.deadline_extended", subject=task)
        assert extended.payload["changes"]["due_date"] == {"from": "2026-10-08", "to": "2026-10-16"}

        # The reminder was for the 8th; the 16th gets its own, three working days before.
        assert send_due_soon(at(2026, 10, 12, 8, 0)) == 0
        assert send_due_soon(at(2026, 10, 13, 8, 0)) == 1
        assert [e.payload["due_date"] for e in events("task.due_soon", subject=task)] == [
            "2026-10-08", "2026-10-16"]
        assert send_due_soon(at(2026, 10, 14, 8, 0)) == 0

        # Already flagged: the new date slipping sends no second overdue.
        assert flag_overdue(at(2026, 10, 17, 0, 0))["tasks"] == 0
        assert [e.payload["overdue_since"] for e in events("task.overdue", subject=task)] == ["2026-10-09"]


@pytest.fixture
def late_task(world, make_task):
    """An in-progress task of office_a, assigned to ``officer``, due yesterday and flagged."""
    # The last working day before today: its term is over whatever day the tests run.
    due = WorkingCalendar(world.agency.pk).add_working_days(world.today, -1)
    task = make_task(state="in_progress", assignee=world.officer, due_date=due)
    assert flag_overdue()["tasks"] == 1
    task.refresh_from_db()
    assert task.overdue
    return task


def _request(api, user, task, days=10, reason="Chờ kết quả thẩm định của Sở Nội vụ"):
    return api(user).transition("tasks", task.pk, "request_extension",
                                {"due_date": (task.due_date + days * DAY).isoformat(), "reason": reason})


class TestRequestExtension:
    @pytest.mark.parametrize("who", ["officer", "officer_of_lead_office"])
    def test_the_doer_asks_for_more_time(self, world, make_task, api, late_task, who):
        task = late_task
        if who == "officer_of_lead_office":
            Task.objects.filter(pk=task.pk).update(assignee=None)
        r = _request(api, world.officer, task)
        assert r.status_code == 200, r.json()
        body = r.json()
        assert body["state"] == "in_progress" and body["due_date"] == task.due_date.isoformat()
        assert body["extension_requested_until"] == (task.due_date + 10 * DAY).isoformat()
        assert body["extension_reason"] == "Chờ kết quả thẩm định của Sở Nội vụ"
        assert body["overdue"] is True                  # nothing moves until the head decides
        assert "request_extension" not in body["available_transitions"]
        head_view = api(world.head).get(f"/api/v1/tasks/{task.pk}/").json()
        assert {"approve_extension", "reject_extension"} <= set(head_view["available_transitions"])
        (event,) = events("task.extension_requested")
        assert event.actor_id == world.officer.pk
        assert event.payload["changes"]["extension_requested_until"]["to"] == body["extension_requested_until"]
        assert event.payload["reason"] == "Chờ kết quả thẩm định của Sở Nội vụ"

    @pytest.mark.parametrize("who", ["head", "office_head", "officer2", "office_head_b", "inspector", "admin"])
    def test_others_may_not_ask(self, world, api, late_task, who):
        _error(_request(api, getattr(world, who), late_task), 403, "permission_denied")
        assert events("task.extension_requested") == []

    @pytest.mark.parametrize("who", ["outsider_head", "outsider_officer"])
    def test_outsiders_do_not_see_the_task(self, world, api, late_task, who):
        _error(_request(api, getattr(world, who), late_task), 404, "not_found")

    def test_one_pending_request_at_a_time(self, world, api, late_task):
        assert _request(api, world.officer, late_task).status_code == 200
        error = _error(_request(api, world.officer, late_task, days=20), 409, "invalid_transition")
        assert "already pending" in error["message"]

    @pytest.mark.parametrize("body, field", [
        ({"reason": "x"}, "due_date"),
        ({"due_date": "2099-01-01"}, "reason"),
        ({"due_date": "2099-01-01", "reason": "  "}, "reason"),
        ({"due_date": "yesterday", "reason": "x"}, "due_date"),
    ])
    def test_bad_bodies_are_400(self, world, api, late_task, body, field):
        error = _error(api(world.officer).transition("tasks", late_task.pk, "request_extension", body),
                       400, "validation_error")
        assert field in error["details"]

    def test_the_proposed_date_must_be_later_and_not_past(self, world, api, make_task):
        task = make_task(state="in_progress", assignee=world.officer, due_date=world.today - 5 * DAY)
        for proposed in (task.due_date, task.due_date - DAY, world.today - DAY):
            error = _error(api(world.officer).transition(
                "tasks", task.pk, "request_extension", {"due_date": proposed.isoformat(), "reason": "x"}),
                400, "validation_error")
            assert "due_date" in error["details"]

    @pytest.mark.parametrize("state", ["draft", "submitted", "done", "cancelled"])
    def test_only_while_the_work_is_being_done(self, world, api, make_task, state):
        task = make_task(state=state, assignee=world.officer, due_date=world.today + DAY)
        _error(_request(api, world.officer, task), 409, "invalid_transition")


class TestDecideExtension:
    @pytest.fixture
    def pending(self, world, api, late_task):
        assert _request(api, world.officer, late_task).status_code == 200
        late_task.refresh_from_db()
        return late_task

    def test_head_approves_due_date_moves_reminders_rearm_the_lateness_stays(self, world, api, pending):
        old_due, new_due, since = pending.due_date, pending.extension_requested_until, pending.overdue_since
        r = api(world.head).transition("tasks", pending.pk, "approve_extension", {"comment": "Đồng ý"})
        assert r.status_code == 200, r.json()
        body = r.json()
        # Asked for and granted after the task became overdue: it stays late.
        assert body["due_date"] == new_due.isoformat() and body["overdue"] is True
        assert body["overdue_since"] == since.isoformat() and body["extension_requested_until"] is None
        assert body["extension_reason"] == "" and body["state"] == "in_progress"

        (event,) = events("task.extension_approved")
        assert event.actor_id == world.head.pk
        changes = event.payload["changes"]
        assert changes["due_date"] == {"from": old_due.isoformat(), "to": new_due.isoformat()}
        assert changes["extension_reason"]["from"] == "Chờ kết quả thẩm định của Sở Nội vụ"
        history = api(world.officer).get(f"/api/v1/tasks/{pending.pk}/history/").json()["results"]
        assert [h["transition"] for h in history] == ["request_extension", "approve_extension"]
        assert history[0]["reason"] == "Chờ kết quả thẩm định của Sở Nội vụ"

        # Reminders re-armed for the new date; no second overdue.
        assert flag_overdue()["tasks"] == 0
        moment = at(new_due.year, new_due.month, new_due.day, 8, 0)
        assert send_due_soon(moment) == 1
        assert events("task.due_soon")[-1].payload["due_date"] == new_due.isoformat()

    def test_head_rejects_with_a_reason(self, world, api, pending):
        error = _error(api(world.head).transition("tasks", pending.pk, "reject_extension", {}),
                       400, "validation_error")
        assert "reason" in error["details"]
        r = api(world.head).transition("tasks", pending.pk, "reject_extension",
                                       {"reason": "Nhiệm vụ trọng tâm, không gia hạn"})
        assert r.status_code == 200, r.json()
        body = r.json()
        assert body["due_date"] == pending.due_date.isoformat() and body["overdue"] is True
        assert body["extension_requested_until"] is None
        (event,) = events("task.extension_rejected")
        assert event.payload["reason"] == "Nhiệm vụ trọng tâm, không gia hạn"
        # The officer may ask again, e.g. for a shorter extension.
        assert _request(api, world.officer, pending, days=3).status_code == 200

    @pytest.mark.parametrize("who", ["office_head", "officer", "officer2", "inspector", "admin"])
    def test_only_the_head_decides(self, world, api, pending, who):
        user = getattr(world, who)
        _error(api(user).transition("tasks", pending.pk, "approve_extension"), 403, "permission_denied")
        _error(api(user).transition("tasks", pending.pk, "reject_extension", {"reason": "Không"}),
               403, "permission_denied")
        pending.refresh_from_db()
        assert pending.extension_requested_until is not None

    def test_outsider_head_does_not_see_it(self, world, api, pending):
        _error(api(world.outsider_head).transition("tasks", pending.pk, "approve_extension"), 404, "not_found")

    def test_nothing_to_decide_without_a_request(self, world, api, late_task):
        error = _error(api(world.head).transition("tasks", late_task.pk, "approve_extension"),
                       409, "invalid_transition")
        assert "no extension request is pending" in error["message"]
        _error(api(world.head).transition("tasks", late_task.pk, "reject_extension", {"reason": "x"}),
               409, "invalid_transition")

    def test_the_heads_own_extend_answers_a_pending_request(self, world, api, pending):
        new_due = (pending.due_date + 5 * DAY).isoformat()
        r = api(world.head).transition("tasks", pending.pk, "extend", {"due_date": new_due, "reason": "Gia hạn"})
        assert r.status_code == 200
        assert r.json()["extension_requested_until"] is None and r.json()["due_date"] == new_due
