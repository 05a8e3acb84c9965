"""The overdue pass on an injected clock: who is flagged, when, with which event, and once."""
import datetime

import pytest
from django.core.management import CommandError, call_command

from backend.plans.models import Task
from backend.deadlines.scan import flag_overdue, scan_deadlines

from .conftest import at, d, events

pytestmark = pytest.mark.django_db


class TestTheBoundary:
    def test_the_last_minute_of_the_due_day_is_in_time_midnight_is_late(self, world, make_task):
        task = make_task(state="in_progress", due_date=d(2026, 10, 9))

        assert flag_overdue(at(2026, 10, 9, 23, 59)) == {"tasks": 0, "findings": 0}
        task.refresh_from_db()
        assert not task.overdue and events("task.overdue") == []

        assert flag_overdue(at(2026, 10, 10, 0, 0)) == {"tasks": 1, "findings": 0}
        task.refresh_from_db()
        assert task.overdue and task.overdue_since == d(2026, 10, 10)
        (event,) = events("task.overdue")
        assert event.subject_id == task.pk and event.agency_id == world.agency.pk
        assert event.actor_id is None
        assert event.payload["overdue_since"] == "2026-10-10"
        assert event.payload["due_date"] == "2026-10-09" and event.payload["code"] == task.code
        assert event.occurred_at == at(2026, 10, 10, 0, 0)

    def test_local_time_decides_not_utc(self, world, make_task):
        # 17:00 UTC on the 9th is already 00:00 on the 10th in Hà Nội.
        make_task(state="in_progress", due_date=d(2026, 10, 9))
        assert flag_overdue(datetime.datetime(2026, 10, 9, 16, 59, tzinfo=datetime.UTC))["tasks"] == 0
        assert flag_overdue(datetime.datetime(2026, 10, 9, 17, 0, tzinfo=datetime.UTC))["tasks"] == 1

    def test_a_due_date_on_a_public_holiday_runs_to_the_end_of_the_next_working_day(self, world, make_task):
        # National Day, Wednesday 2 September 2026: the term ends at the end of the next
        # working day, Thursday 3 September (Civil Code 2015 art. 148); overdue on the 4th.
        task = make_task(state="in_progress", due_date=d(2026, 9, 2))
        assert flag_overdue(at(2026, 9, 3, 0, 0))["tasks"] == 0
        assert flag_overdue(at(2026, 9, 3, 23, 59))["tasks"] == 0
        assert flag_overdue(at(2026, 9, 4, 0, 0))["tasks"] == 1
        task.refresh_from_db()
        assert task.overdue_since == d(2026, 9, 4)
        (event,) = events("task.overdue")
        assert event.payload["overdue_since"] == "2026-09-04"

    def test_an_agency_that_turns_the_day_off_rule_off_takes_the_date_as_written(self, world, make_task):
        world.agency.deadline_moves_to_working_day = False
        world.agency.save()
        task = make_task(state="in_progress", due_date=d(2026, 9, 2))
        assert flag_overdue(at(2026, 9, 3, 0, 0))["tasks"] == 1
        task.refresh_from_db()
        assert task.overdue_since == d(2026, 9, 3)

    def test_a_due_date_on_a_sunday_is_overdue_on_tuesday(self, world, make_task):
        task = make_task(state="assigned", due_date=d(2026, 10, 11))  # a Sunday
        assert flag_overdue(at(2026, 10, 12, 23, 59))["tasks"] == 0  # Monday: still in term
        assert flag_overdue(at(2026, 10, 13, 0, 0))["tasks"] == 1
        task.refresh_from_db()
        assert task.overdue_since == d(2026, 10, 13)

    def test_overdue_since_is_the_day_after_the_due_date_even_when_the_scan_comes_late(self, world,
                                                                                         make_task):
        task = make_task(state="assigned", due_date=d(2026, 2, 13))
        flag_overdue(at(2026, 2, 23, 8, 0))   # the first scan after Tết
        task.refresh_from_db()
        assert task.overdue_since == d(2026, 2, 14)


class TestWhichTasks:
    def test_open_work_past_its_date_is_flagged_closed_or_handed_in_work_is_not(self, world, make_task):
        due = d(2026, 10, 9)
        late = {s: make_task(state=s, due_date=due) for s in ["draft", "assigned", "in_progress", "returned"]}
        done = make_task(state="done", due_date=due, completed_on_time=True)
        cancelled = make_task(state="cancelled", due_date=due)
        submitted_in_time = make_task(state="submitted", due_date=due, submitted_at=at(2026, 10, 9, 23, 0))
        # Handed in late: the workflow recorded the lateness when it was submitted.
        submitted_late = make_task(state="submitted", due_date=due, submitted_at=at(2026, 10, 10, 0, 30),
                                   overdue_since=d(2026, 10, 10))
        not_due = make_task(state="in_progress", due_date=d(2026, 10, 10))
        no_date = make_task(state="draft", due_date=None)

        assert flag_overdue(at(2026, 10, 10, 9, 0))["tasks"] == 5
        flagged = set(Task.objects.filter(overdue=True).values_list("pk", flat=True))
        assert flagged == {t.pk for t in late.values()} | {submitted_late.pk}
        assert {e.subject_id for e in events("task.overdue")} == flagged
        for task in (done, cancelled, submitted_in_time, not_due, no_date):
            task.refresh_from_db()
            assert not task.overdue

    def test_approved_after_the_due_date_but_submitted_in_time_is_not_late(self, world, make_task, api):
        yesterday = world.today - datetime.timedelta(days=1)
        task = make_task(state="submitted", due_date=yesterday, assignee=world.officer,
                         submitted_at=at(yesterday.year, yesterday.month, yesterday.day, 16, 0))
        assert flag_overdue()["tasks"] == 0            # the real clock: the due date has passed

        r = api(world.head).transition("tasks", task.pk, "approve")
        assert r.status_code == 200, r.json()
        body = r.json()
        assert body["state"] == "done" and body["completed_on_time"] is True and body["overdue"] is False
        assert body["outcome"] == "done_on_time"
        assert events("task.overdue") == []

    def test_a_late_task_approved_later_stays_late(self, world, make_task, api):
        two_days_ago = world.today - datetime.timedelta(days=2)
        task = make_task(state="in_progress", due_date=two_days_ago, assignee=world.officer,
                         result_note="Đã xong")
        assert flag_overdue()["tasks"] == 1
        assert api(world.officer).transition("tasks", task.pk, "submit").status_code == 200
        body = api(world.head).transition("tasks", task.pk, "approve").json()
        assert body["completed_on_time"] is False and body["overdue"] is False
        assert body["outcome"] == "done_late"


class TestFindings:
    def test_open_findings_past_their_date_are_flagged_once(self, world, make_finding):
        due = d(2026, 10, 9)
        open_ = make_finding(state="open", due_date=due)
        remedying = make_finding(state="in_remediation", due_date=due)
        handed_in = make_finding(state="remediation_submitted", due_date=due,
                                 remediation_submitted_at=at(2026, 10, 9, 10, 0))
        handed_in_late = make_finding(state="remediation_submitted", due_date=due,
                                      remediation_submitted_at=at(2026, 10, 10, 10, 0),
                                      overdue_since=d(2026, 10, 10))
        closed = make_finding(state="closed", due_date=due)

        assert flag_overdue(at(2026, 10, 9, 23, 59))["findings"] == 0
        assert flag_overdue(at(2026, 10, 10, 23, 0)) == {"tasks": 0, "findings": 3}
        assert flag_overdue(at(2026, 10, 11, 8, 0)) == {"tasks": 0, "findings": 0}

        got = events("finding.overdue")
        assert {e.subject_id for e in got} == {open_.pk, remedying.pk, handed_in_late.pk}
        for event in got:
            assert event.subject_type == "finding" and event.agency_id == world.agency.pk
            assert event.payload["overdue_since"] == "2026-10-10"
            assert event.payload["inspectors"] == [world.inspector.pk]
            assert event.payload["office"] == world.office_a.pk
        for finding in (handed_in, closed):
            finding.refresh_from_db()
            assert not finding.overdue
        open_.refresh_from_db()
        assert open_.overdue and open_.overdue_since == d(2026, 10, 10)


class TestOnce:
    def test_repeated_passes_emit_nothing_twice(self, world, make_task, make_finding):
        tasks = [make_task(state="in_progress", due_date=d(2026, 10, 9)) for _ in range(5)]
        make_finding(due_date=d(2026, 10, 9))
        moments = [at(2026, 10, 10, 0, 0), at(2026, 10, 10, 0, 5), at(2026, 10, 12, 8, 0), at(2027, 1, 1)]
        results = [scan_deadlines(now) for now in moments]
        assert results[0]["tasks_overdue"] == 5 and results[0]["findings_overdue"] == 1
        assert all(r == {"tasks_overdue": 0, "findings_overdue": 0, "tasks_due_soon": 0} for r in results[1:])
        assert sorted(e.subject_id for e in events("task.overdue")) == [t.pk for t in tasks]
        assert len(events("finding.overdue")) == 1

    def test_a_pass_runs_a_fixed_number_of_statements_whatever_the_number_of_rows(
            self, world, make_task, django_assert_max_num_queries):
        for i in range(60):
            make_task(state="in_progress", due_date=d(2026, 10, 9) - datetime.timedelta(days=i % 3))
        # Savepoints, the agencies' settings and calendar overrides, the UPDATE per kind,
        # loading the flipped rows and their plans, the INSERT of the events (SQLite: in
        # batches of ~120 rows).
        with django_assert_max_num_queries(12):
            assert flag_overdue(at(2026, 10, 10))["tasks"] == 60
        with django_assert_max_num_queries(6):
            assert flag_overdue(at(2026, 10, 10))["tasks"] == 0


class TestCommand:
    def test_scan_deadlines_command_with_now(self, world, make_task, capsys):
        task = make_task(state="in_progress", due_date=d(2026, 9, 3))
        call_command("scan_deadlines", "--now", "2026-09-03T23:59")
        assert "0 task(s)" in capsys.readouterr().out
        call_command("scan_deadlines", "--now", "2026-09-04T00:00")
        out = capsys.readouterr().out
        assert "1 task(s) and 0 finding(s) newly overdue" in out and "2026-09-04T00:00:00+07:00" in out
        task.refresh_from_db()
        assert task.overdue
        call_command("scan_deadlines", "--now", "2026-09-04")
        assert "0 task(s)" in capsys.readouterr().out
        assert len(events("task.overdue")) == 1

    def test_now_with_an_offset(self, world, make_task, capsys):
        make_task(state="in_progress", due_date=d(2026, 9, 3))
        call_command("scan_deadlines", "--now", "2026-09-03T16:59:00+00:00")   # 23:59 in Hà Nội
        assert "0 task(s)" in capsys.readouterr().out
        call_command("scan_deadlines", "--now", "2026-09-03T17:00:00Z")
        assert "1 task(s)" in capsys.readouterr().out

    def test_a_bad_now_is_refused(self, db):
        with pytest.raises(CommandError):
            call_command("scan_deadlines", "--now", "next tuesday")
