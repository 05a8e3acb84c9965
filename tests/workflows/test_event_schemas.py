"""Every event type has a declared schema, and a payload that breaks it is refused loudly."""
import datetime
import logging
import re

import pytest
from django.apps import apps
from django.db import transaction

from backend.plans.machines import TaskState
from backend.plans.models import Task
from notifications.rules import RULES
from tests.builders import days
from tests.events import verify_action
from workflows.event_schemas import (DATE, FLAG, ID, NUMBER, TEXT, EventSchemaError, event_schema, nullable,
                                     registered_event_types)
from workflows.events import emit_event, emit_events_bulk, jsonable
from workflows.models import Event, TransitionRecord
from workflows.services import run_transition, transitions_of

pytestmark = pytest.mark.django_db

# Written outside the machines: by the deadline pass, a create, the consumers, and the
# evidence dossier's build (a job's steps, not a workflow people drive).
NOT_BY_A_MACHINE = {"task.overdue", "task.due_soon", "finding.overdue", "finding.raised",
                    "finding.remediation_ready", "score.changed",
                    "dossier.requested", "dossier.started", "dossier.ready", "dossier.failed"}


def machine_event_types():
    found = set()
    for model in apps.get_models():
        if hasattr(model, "subject_type") and hasattr(model, "get_available_state_transitions"):
            found |= {t.custom["event"] for t in transitions_of(model).values()}
    return found


def test_every_event_type_the_code_emits_has_a_schema():
    emitted = machine_event_types() | NOT_BY_A_MACHINE
    assert len(machine_event_types()) >= 20
    assert emitted - set(registered_event_types()) == set()
    # ... and every type the notification rules listen to is one of them.
    assert set(RULES) - emitted == set()


def test_each_schema_names_its_subject_type():
    assert event_schema("task.assigned").subject_type == "task"
    assert event_schema("finding.overdue").subject_type == "finding"
    assert event_schema("plan.approved").subject_type == "plan"
    assert event_schema("score.changed").subject_type == "score"


def _emit(task, type_="task.started", **payload):
    with transaction.atomic():
        emit_event(type=type_, subject=task, payload=payload)


TRANSITION = {"transition": "start", "from": "assigned", "to": "in_progress", "reason": "", "changes": {}}


@pytest.mark.parametrize(("type_", "payload", "says"), [
    ("task.started", {k: v for k, v in TRANSITION.items() if k != "reason"}, "missing key(s) ['reason']"),
    ("task.started", {**TRANSITION, "note": "x"}, "undeclared key(s) ['note']"),
    ("task.started", {**TRANSITION, "reason": None}, "'reason' = None is not text"),
    ("task.started", {**TRANSITION, "changes": {"due_date": "2026-01-01"}}, "'changes'"),
    ("task.teleported", TRANSITION, "no declared schema"),
    ("finding.closed", TRANSITION, "subject type 'task', expected 'finding'"),
])
def test_a_payload_that_breaks_its_schema_is_refused_and_nothing_is_written(
        world, make_task, type_, payload, says):
    task = make_task(state="assigned", assignee=world.officer)
    with pytest.raises(EventSchemaError, match=re.escape(says)):
        _emit(task, type_, **payload)
    assert not Event.objects.exists()


def test_the_bulk_writer_checks_every_payload(world, make_task):
    tasks = [make_task(state="in_progress", due_date=days(-2)) for _ in range(3)]
    payloads = [{"overdue_since": str(days(-1))}, {"overdue_since": str(days(-1))}, {"overdue_since": "soon"}]
    with pytest.raises(EventSchemaError, match="'overdue_since' = 'soon' is not ISO date"), transaction.atomic():
        emit_events_bulk(type="task.overdue", subjects=tasks, payloads=payloads)
    assert not Event.objects.exists()


def test_the_bulk_writer_returns_each_event_as_stored_in_the_order_of_its_subjects(world, make_task):
    # One INSERT for the lot: the ids handed back must pair with the right subjects.
    tasks = [make_task(state="in_progress", due_date=days(-2)) for _ in range(4)]
    tasks.sort(key=lambda t: -t.pk)  # not in id order
    at = days(-1)
    when = datetime.datetime(at.year, at.month, at.day, 1, 30, tzinfo=datetime.UTC)
    with transaction.atomic():
        events = emit_events_bulk(type="task.overdue", subjects=tasks, occurred_at=when, actor=world.head,
                                  payloads=[{"overdue_since": str(at)}] * len(tasks))
    assert [e.subject_id for e in events] == [t.pk for t in tasks]
    assert [e.pk for e in events] == sorted(e.pk for e in events)
    for event in events:
        stored = Event.objects.get(pk=event.pk)
        assert (stored.type, stored.subject_type, stored.subject_id, stored.agency_id, stored.actor_id,
                stored.occurred_at, stored.payload) == (
            event.type, event.subject_type, event.subject_id, event.agency_id, event.actor_id,
            event.occurred_at, event.payload)
        assert stored.payload["code"] == Task.objects.get(pk=event.subject_id).code
        assert stored.payload["overdue_since"] == str(at)


def test_a_subject_payload_that_loses_a_key_fails_the_transition(world, make_task, monkeypatch):
    # A consumer contract broken in the domain (here: the assignee dropped from the
    # payload, which would notify nobody) fails the change instead of passing silently.
    task = make_task(state="assigned", assignee=world.officer)
    original = Task.event_payload
    monkeypatch.setattr(Task, "event_payload",
                        lambda self: {k: v for k, v in original(self).items() if k != "assignee"})
    with pytest.raises(EventSchemaError, match="missing key"):
        run_transition(task, "start", actor=world.officer)
    task.refresh_from_db()
    assert task.state == "assigned"
    assert not Event.objects.exists() and not TransitionRecord.objects.exists()


def test_in_log_mode_a_broken_payload_is_logged_and_written(world, make_task, settings, caplog):
    settings.EVENT_SCHEMA_CHECK = "log"
    task = make_task(state="assigned", assignee=world.officer)
    with caplog.at_level(logging.ERROR, logger="workflows.event_schemas"):
        _emit(task, "task.started", **{**TRANSITION, "note": "x"})
    assert Event.objects.filter(type="task.started").count() == 1
    assert "undeclared key(s) ['note']" in caplog.text


def test_verify_action_fails_on_a_missing_or_an_extra_event(world, make_task):
    task = make_task(state="assigned", assignee=world.officer)
    with pytest.raises(AssertionError, match="events written"):
        verify_action(lambda: run_transition(task, "start", actor=world.officer), [])
    with pytest.raises(AssertionError, match="events written"):
        verify_action(lambda: None, [("task.started", task)])
    with pytest.raises(AssertionError):
        verify_action(lambda: run_transition(task, "submit", actor=world.officer, result_note="x"),
                      [("task.submitted", task, {"state": "in_progress"})])


@pytest.mark.parametrize("kind,good,bad", [
    (ID, [1, 2**40], [True, False, 1.0, "1", None]),
    (NUMBER, [1, 2.5], [True, "2.5", None]),
    (TEXT, ["", "Nhiệm vụ", TaskState.ASSIGNED], [1, None, b"x"]),
    (FLAG, [True, False], [0, 1, "true", None]),
    (nullable(ID), [None, 3], [True, "3"]),
    (DATE, ["2026-12-01"], ["2026-12-1", "01/12/2026", datetime.date(2026, 12, 1), None]),
])
def test_each_kind_takes_its_values_and_nothing_else(kind, good, bad):
    # Exact types pass at once; a subclass (a TextChoices state, a bool for an int) is
    # judged by the kind's own test.
    assert [kind(v) for v in good] == [True] * len(good)
    assert [kind(v) for v in bad] == [False] * len(bad)


def test_a_payload_matches_its_schema_by_the_type_of_each_value(world, make_task):
    schema = event_schema("task.overdue")
    payload = jsonable({**make_task().event_payload(), "overdue_since": datetime.date(2026, 12, 1)})
    assert schema.matches("task", payload)
    assert not schema.matches("task", {**payload, "assignee": True})
    assert not schema.matches("task", {**payload, "plan": None})
