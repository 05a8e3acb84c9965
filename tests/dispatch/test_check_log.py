"""``manage.py check_log``: a log written through the product passes; each kind of gap,
made by hand below, is reported by name and fails the command (exit status 1)."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from backend.inspections.models import Finding
from backend.plans.models import ReformPlan, Task
from notifications.models import Notification, NotificationSequence
from tests.api_client import Api
from workflows import dispatch
from workflows.models import Event, ProcessedEvent, SweepMark, TransitionRecord


def check_log(*args):
    """(passed, output) of ``manage.py check_log``; missing receipts count at once."""
    out = io.StringIO()
    try:
        call_command("check_log", "--settle", "0", *args, stdout=out)
    except CommandError as error:
        assert error.returncode == 1
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def gaps(*args):
    """The reported gap kinds, e.g. {"receipts/pending:notifications"}."""
    passed, output = check_log(*args)
    kinds = {line.split()[1].rstrip(":") for line in output.splitlines() if line.startswith("GAP ")}
    assert passed == (not kinds), output
    return kinds


def ok(api_response, status=200):
    assert api_response.status_code == status, api_response.json()
    return api_response.json()


@pytest.fixture
def log(world, make_document, django_capture_on_commit_callbacks):
    """A small log written through the API (events dispatched after each commit): a plan
    approved, a task carried to done, an inspection started with a finding raised."""
    # The fixture's plan was built approved; let it get there through the workflow.
    ReformPlan.objects.filter(pk=world.plan.pk).update(state="draft", approved_at=None)
    head, officer, office_head, inspector = (Api(u) for u in (world.head, world.officer, world.office_head,
                                                              world.inspector))
    with django_capture_on_commit_callbacks(execute=True):
        ok(head.transition("plans", world.plan.pk, "approve", {"document": make_document(kind="plan").pk}))
        task = ok(head.post("/api/v1/tasks/", {"plan": world.plan.pk, "code": "9.1", "title": "Rà soát thủ tục",
                                               "field": world.field.pk}), 201)
        ok(head.transition("tasks", task["id"], "assign", {"lead_office": world.office_a.pk,
                                                           "assignee": world.officer.pk,
                                                           "due_date": str(world.today + datetime.timedelta(days=20))}))
        ok(officer.transition("tasks", task["id"], "start"))
        ok(officer.transition("tasks", task["id"], "submit", {"result_note": "Đã rà soát"}))
        ok(office_head.transition("tasks", task["id"], "approve"))
        inspection = ok(inspector.post("/api/v1/inspections/", {
            "title": "Kiểm tra công vụ", "offices": [world.office_a.pk], "inspectors": [world.inspector.pk],
            "start_date": str(world.today), "end_date": str(world.today + datetime.timedelta(days=5))}), 201)
        ok(inspector.transition("inspections", inspection["id"], "start"))
        finding = ok(inspector.post("/api/v1/findings/", {
            "inspection": inspection["id"], "office": world.office_a.pk, "description": "Hồ sơ thiếu",
            "severity": "medium", "due_date": str(world.today + datetime.timedelta(days=10))}), 201)
    world.task = Task.objects.get(pk=task["id"])
    world.finding = Finding.objects.get(pk=finding["id"])
    assert Notification.objects.count() >= 5
    return world


def task_events(world, type):
    return Event.objects.get(subject_type="task", subject_id=world.task.pk, type=type)


def test_a_log_written_through_the_product_passes(log):
    passed, output = check_log()
    assert passed, output
    assert output.splitlines()[:4] == ["receipts: ok", "history: ok", "states: ok", "notifications: ok"]


def test_the_demo_department_passes(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    passed, output = check_log()
    assert passed, output


def test_an_event_a_consumer_never_processed(log):
    event = task_events(log, "task.started")
    ProcessedEvent.objects.filter(event=event, consumer="scoring.criterion").delete()
    passed, output = check_log()
    assert not passed and f"GAP receipts/pending:scoring.criterion: 1 " in output and f"#{event.pk}" in output
    assert "1 gap(s)" in output


def test_an_unprocessed_event_below_the_sweep_mark_is_lost(log):
    event = task_events(log, "task.completed")  # the one type the remediation consumer takes
    ProcessedEvent.objects.filter(event=event, consumer="inspections.remediation_ready").delete()
    SweepMark.objects.create(consumer="inspections.remediation_ready", event_id=event.pk + 1)
    assert gaps() == {"receipts/lost:inspections.remediation_ready"}


def test_an_event_of_a_type_a_consumer_does_not_take_needs_no_receipt(log):
    """The remediation consumer takes task.completed only; notifications, the types
    their rules name: neither holds (or misses) a receipt for anything else."""
    submitted = task_events(log, "task.submitted")
    assert not ProcessedEvent.objects.filter(event=submitted, consumer="inspections.remediation_ready").exists()
    assert ProcessedEvent.objects.filter(event=submitted, consumer="notifications").exists()
    completed = task_events(log, "task.completed")
    assert ProcessedEvent.objects.filter(event=completed, consumer="inspections.remediation_ready").exists()
    # Every event has the receipts of exactly the consumers that take its type.
    for event in Event.objects.all():
        takers = {c.name for c in dispatch.consumers() if event.type in dispatch.event_types_of(c)}
        assert set(ProcessedEvent.objects.filter(event=event).values_list("consumer", flat=True)) == takers, event
    SweepMark.objects.create(consumer="inspections.remediation_ready", event_id=Event.objects.latest("id").pk)
    assert gaps() == set()
    # Taking a type is what makes its receipt due: a consumer that says it takes
    # task.submitted (and has no receipt for it) has a gap.
    from backend.inspections.consumers import remediation_ready

    remediation_ready.event_types = ("task.completed", "task.submitted")
    try:
        assert gaps() == {"receipts/lost:inspections.remediation_ready"}
    finally:
        del remediation_ready.event_types  # back to the class's declaration


def test_an_event_still_settling_is_not_a_gap(log):
    event = task_events(log, "task.started")
    ProcessedEvent.objects.filter(event=event).delete()
    Event.objects.filter(pk=event.pk).update(occurred_at=timezone.now())
    _passed, output = check_log("--settle", "600")
    assert "receipts: ok" in output
    assert "receipts/pending:notifications" in gaps()  # the same, once settled


def test_a_history_row_without_its_event(log):
    TransitionRecord.objects.filter(event=task_events(log, "task.started")).update(event=None)
    assert gaps() == {"history/row_without_event", "history/event_without_row"}


def test_a_history_row_whose_event_tells_another_story(log):
    event = task_events(log, "task.completed")
    Event.objects.filter(pk=event.pk).update(payload={**event.payload, "to": "cancelled"})
    assert gaps() == {"history/row_event_differs"}


def test_a_state_change_without_history_row_or_event(log):
    Task.objects.filter(pk=log.task.pk).update(state="cancelled")
    assert gaps() == {"states/state_not_recorded:task"}


def test_a_history_row_that_does_not_follow_the_one_before(log):
    # The state agrees with the last row, but "start" did not start from "assigned".
    TransitionRecord.objects.filter(event=task_events(log, "task.started")).update(from_state="draft")
    assert gaps() == {"states/history_broken:task"}


def test_a_history_row_lost_with_its_event_kept(log):
    TransitionRecord.objects.filter(event=task_events(log, "task.started")).delete()
    assert gaps() == {"history/event_without_row", "states/history_broken:task"}


def test_an_object_moved_out_of_its_initial_state_without_history(log, make_inspection):
    make_inspection(state="closed")  # never went through the workflow
    assert gaps() == {"states/state_not_recorded:inspection"}


def test_a_notification_that_is_not_about_its_event(log):
    Notification.objects.filter(pk=Notification.objects.order_by("id").first().pk).update(subject_id=10**9)
    assert gaps() == {"notifications/event_differs"}


def test_a_notification_sent_outside_the_event_agency(log):
    Notification.objects.filter(pk=Notification.objects.order_by("id").first().pk).update(
        recipient=log.outsider_head)
    assert gaps() == {"notifications/recipient_outside_agency"}


def test_a_notification_of_an_event_without_receipt(log):
    n = Notification.objects.order_by("id").first()
    ProcessedEvent.objects.filter(event_id=n.event_id, consumer="notifications").delete()
    assert gaps() == {"notifications/event_not_processed", "receipts/pending:notifications"}


def test_a_hole_in_the_notification_ids(log):
    ids = list(Notification.objects.order_by("id").values_list("id", flat=True))
    assert ids == list(range(1, len(ids) + 1))
    Notification.objects.filter(pk__in=[ids[1], ids[2], ids[-1]]).delete()
    passed, output = check_log()
    assert not passed and "GAP notifications/id_missing: 3 " in output
    assert f"(#{ids[1]}, #{ids[-1]})" in output  # the first id of each hole


def test_a_notification_above_the_counter(log):
    NotificationSequence.objects.filter(pk=1).update(last=Notification.objects.count() - 1)
    assert gaps() == {"notifications/id_above_counter"}


def test_since_looks_only_at_what_happened_since(log):
    event = task_events(log, "task.started")
    ProcessedEvent.objects.filter(event=event, consumer="scoring.criterion").delete()
    Event.objects.filter(pk=event.pk).update(occurred_at=timezone.now() - datetime.timedelta(hours=3))
    assert gaps("--since", "2h") == set()
    assert gaps("--since", str(timezone.localdate() - datetime.timedelta(days=1))) == {
        "receipts/pending:scoring.criterion"}
    with pytest.raises(CommandError, match="--since"):
        call_command("check_log", "--since", "yesterday", stdout=io.StringIO())
