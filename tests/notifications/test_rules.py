"""The rules table: for each event type, exactly who is told (payloads per the event contract)."""
import datetime

import pytest

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from notifications import rules, texts
from notifications.models import Notification
from notifications.services import notify_event, notify_events, recipients_of
from tests.factories.workflows import EventFactory


@pytest.fixture
def cast(world):
    """The world's people plus a second officer of office_a, a second head and inspector."""
    extra = {
        "colleague": UserFactory(username="colleague", role=Role.OFFICER, office=world.office_a,
                                 agency=world.agency),
        "head2": UserFactory(username="head2", role=Role.HEAD, agency=world.agency),
        "inspector2": UserFactory(username="inspector2", role=Role.INSPECTOR, agency=world.agency),
    }
    people = {name: getattr(world, name) for name in (
        "head", "office_head", "officer", "officer2", "office_head_b", "inspector", "admin",
        "outsider_head", "outsider_officer")}
    return {**people, **extra}


def task_payload(world, cast, *, assignee="officer", **extra):
    return {"code": "1.1", "title": "Rà soát thủ tục hành chính", "kind": "task", "plan": world.plan.pk,
            "lead_office": world.office_a.pk, "assignee": cast[assignee].pk if assignee else None,
            "due_date": "2030-06-30", "state": "assigned", "transition": "x", "from": "a", "to": "b",
            "reason": "", "changes": {}, **extra}


def finding_payload(world, cast, **extra):
    return {"inspection": 7, "office": world.office_b.pk,
            "inspectors": [cast["inspector"].pk, cast["inspector2"].pk], "severity": "high",
            "due_date": "2030-03-31", "description": "Chưa niêm yết thủ tục", "state": "open",
            "transition": "x", "from": "a", "to": "b", "reason": ""}


CASES = [
    # (event type, subject type, payload kind, actor, expected recipients)
    ("plan.approved", "plan", "plan", "head", {"head2", "office_head", "office_head_b"}),
    ("task.assigned", "task", "task", "head", {"officer", "colleague"}),
    ("task.started", "task", "task", "officer", {"office_head"}),
    ("task.submitted", "task", "task", "officer", {"office_head", "head", "head2"}),
    ("task.returned", "task", "task", "office_head", {"officer"}),
    ("task.resumed", "task", "task", "officer", {"office_head"}),
    ("task.completed", "task", "task", "head", {"officer"}),
    ("task.cancelled", "task", "task", "head", {"officer", "office_head"}),
    ("task.deadline_extended", "task", "task", "head", {"officer", "office_head"}),
    ("task.due_soon", "task", "task", None, {"officer"}),
    ("task.due_soon", "task", "unassigned_task", None, {"officer", "colleague"}),
    ("task.overdue", "task", "task", None, {"officer", "office_head", "head", "head2"}),
    ("task.overdue", "task", "unassigned_task", None, {"officer", "colleague", "office_head", "head", "head2"}),
    ("task.returned", "task", "unassigned_task", "office_head", {"officer", "colleague"}),
    ("task.extension_requested", "task", "task", "officer", {"head", "head2"}),
    ("task.extension_approved", "task", "task", "head", {"officer"}),
    ("task.extension_rejected", "task", "task", "head2", {"officer"}),
    # A task office_b supports (đơn vị phối hợp): its head and officers are told too.
    ("task.assigned", "task", "supported_task", "head", {"officer", "colleague", "officer2", "office_head_b"}),
    ("task.due_soon", "task", "supported_task", None, {"officer", "officer2", "office_head_b"}),
    ("task.overdue", "task", "supported_task", None,
     {"officer", "office_head", "head", "head2", "officer2", "office_head_b"}),
    ("task.completed", "task", "supported_task", "head", {"officer"}),  # not told of every step
    ("finding.referred", "finding", "finding", "inspector", {"officer2", "office_head_b", "head", "head2"}),
    ("inspection.started", "inspection", "inspection", "inspector", {"office_head", "office_head_b"}),
    ("finding.raised", "finding", "finding", "inspector", {"officer2", "office_head_b"}),
    ("finding.reopened", "finding", "finding", "inspector", {"officer2", "office_head_b"}),
    ("finding.remediation_submitted", "finding", "finding", "officer2", {"inspector", "inspector2"}),
    ("finding.closed", "finding", "finding", "inspector", {"officer2", "office_head_b", "head", "head2"}),
    ("finding.overdue", "finding", "finding", None, {"office_head_b", "head", "head2", "inspector", "inspector2"}),
    ("finding.remediation_ready", "finding", "finding", None, {"officer2", "office_head_b"}),
    ("score.changed", "score", "score", None, {"head", "head2"}),
    ("plan.closed", "plan", "plan", "head", set()),  # not in the table: nobody
]


def payload_for(kind, world, cast):
    if kind == "task":
        return task_payload(world, cast)
    if kind == "supported_task":
        return task_payload(world, cast, supporting_offices=[world.office_b.pk])
    if kind == "unassigned_task":
        return task_payload(world, cast, assignee=None)
    if kind == "finding":
        return finding_payload(world, cast)
    if kind == "inspection":
        return {"title": "Kiểm tra CCHC quý I", "offices": [world.office_a.pk, world.office_b.pk],
                "inspectors": [cast["inspector"].pk], "state": "in_progress"}
    if kind == "score":
        return {"year": 2025, "old_points": "2.5", "new_points": "3.0"}
    return {"year": 2025, "title": "Kế hoạch CCHC năm 2025", "state": "approved"}


@pytest.mark.parametrize("event_type,subject_type,kind,actor,expected", CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_who_is_told(world, cast, event_type, subject_type, kind, actor, expected):
    event = EventFactory(type=event_type, subject_type=subject_type, agency=world.agency,
                         actor=cast[actor] if actor else None, payload=payload_for(kind, world, cast))
    created = notify_event(event=event)
    names = {name for name, user in cast.items() if user.pk in {n.recipient_id for n in created}}
    assert names == expected
    assert len(created) == len(expected)  # one each


def test_the_actor_is_never_told_about_their_own_action(world, cast):
    # Even where the rule names the actor's own role (department heads), the actor is dropped.
    event = EventFactory(type="score.changed", subject_type="score", agency=world.agency,
                         actor=cast["head"], payload={"year": 2025, "old_points": 1, "new_points": 2})
    assert set(recipients_of(event).values_list("username", flat=True)) == {"head2"}


def test_people_of_another_agency_are_never_told_even_if_a_payload_names_them(world, cast):
    payload = task_payload(world, cast, assignee="outsider_officer")
    event = EventFactory(type="task.completed", agency=world.agency, payload=payload)
    assert list(recipients_of(event)) == []


def test_inactive_users_and_opted_out_users_are_skipped(world, cast):
    cast["head2"].is_active = False
    cast["head2"].save()
    cast["head"].notification_preferences.create(event_type="task.submitted", enabled=False)
    cast["office_head"].notification_preferences.create(event_type="task.started", enabled=False)
    event = EventFactory(type="task.submitted", agency=world.agency, actor=cast["officer"],
                         payload=task_payload(world, cast))
    assert set(recipients_of(event).values_list("username", flat=True)) == {"office_head"}


def test_texts_are_vietnamese_by_default_and_in_the_recipients_language(world, cast):
    cast["colleague"].language = "en"
    cast["colleague"].save()
    event = EventFactory(type="task.assigned", agency=world.agency, actor=cast["head"],
                         payload=task_payload(world, cast, due_date="2030-06-30"))
    notify_event(event=event)
    vi = Notification.objects.get(recipient=cast["officer"])
    en = Notification.objects.get(recipient=cast["colleague"])
    assert vi.title == "Nhiệm vụ mới: 1.1 Rà soát thủ tục hành chính"
    assert "30/06/2030" in vi.body and str(cast["head"]) in vi.body
    assert en.title == "New task: 1.1 Rà soát thủ tục hành chính"
    assert "2030-06-30" in en.body


def test_system_events_name_the_system_and_missing_payload_keys_render_blank(world, cast):
    event = EventFactory(type="task.overdue", agency=world.agency, actor=None,
                         payload={"lead_office": world.office_a.pk, "assignee": cast["officer"].pk})
    created = notify_event(event=event)
    assert created and {n.title for n in created} == {"Nhiệm vụ đã quá hạn"}
    assert all("{" not in n.body for n in created)

    event = EventFactory(type="task.returned", agency=world.agency, actor=None,
                         payload={"assignee": cast["officer"].pk, "code": "2.1", "reason": "Thiếu hồ sơ"})
    (returned,) = notify_event(event=event)
    assert returned.body.startswith("Hệ thống đã trả lại") and returned.body.endswith("Thiếu hồ sơ")


def test_every_rule_has_a_text_in_every_language():
    # The texts are gettext messages: each rule has its own, and Vietnamese has it translated.
    assert set(rules.RULES) - set(texts.TEMPLATES) == set()
    for event_type in rules.RULES:
        event = EventFactory.build(type=event_type, payload={"code": "1.1", "title": "T", "year": 2026})
        assert texts.render(event, language="vi") != texts.render(event, language="en"), event_type


def test_stale_events_notify_nobody(world, cast):
    old = EventFactory(type="task.assigned", agency=world.agency,
                       occurred_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
                       payload=task_payload(world, cast))
    assert notify_event(event=old) == []


def test_notifying_twice_creates_nothing_new(world, cast):
    event = EventFactory(type="task.assigned", agency=world.agency, actor=cast["head"],
                         payload=task_payload(world, cast))
    first = notify_event(event=event)
    assert len(first) == 2
    assert notify_event(event=event) == []
    assert Notification.objects.filter(event=event).count() == 2


def test_a_batch_tells_each_event_whom_it_would_tell_alone(world, cast):
    # A batch works out each (audience, actor, type) once for all its events: the
    # actor, the opted-out and those already told are still each event's own.
    cast["office_head"].notification_preferences.create(event_type="task.started", enabled=False)
    task = task_payload(world, cast)
    events = [
        EventFactory(type="task.submitted", agency=world.agency, actor=cast["officer"], payload=task),
        EventFactory(type="task.submitted", agency=world.agency, actor=cast["head"], payload=task),
        EventFactory(type="task.submitted", agency=world.agency, actor=cast["officer"], payload=task),
        EventFactory(type="task.started", agency=world.agency, actor=cast["officer"], payload=task),
        EventFactory(type="task.started", agency=world.agency, actor=cast["colleague"], payload=task),
        EventFactory(type="task.overdue", agency=world.agency, actor=None, payload=task),
        EventFactory(type="task.overdue", agency=world.agency, actor=None, payload=task),
    ]
    # The last one was delivered before, but its office head's notification is missing.
    notify_event(event=events[-1])
    Notification.objects.filter(event=events[-1], recipient=cast["office_head"]).delete()
    expected = {e.pk: set(recipients_of(e).values_list("pk", flat=True)) for e in events[:-1]}
    expected[events[-1].pk] = {cast["office_head"].pk}
    assert expected[events[0].pk] == {cast[n].pk for n in ("office_head", "head", "head2")}
    assert expected[events[1].pk] == {cast[n].pk for n in ("office_head", "head2")}
    assert expected[events[3].pk] == set()

    created = notify_events(events=events)

    told = {e.pk: set() for e in events}
    for n in created:
        told[n.event_id].add(n.recipient_id)
    assert told == expected
    assert len(created) == sum(map(len, expected.values()))
    by_event = {n.event_id: n for n in created}
    assert by_event[events[1].pk].body.startswith(str(cast["head"]))
    assert by_event[events[0].pk].body.startswith(str(cast["officer"]))
