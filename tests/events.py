"""Asserting exactly the events an action wrote (Zulip's ``verify_action``).

    events = verify_action(lambda: api.transition("tasks", task.pk, "approve"), [
        ("task.completed", task, {"state": "done", "from": "submitted"}),
    ])

runs the action and asserts that the events it wrote are exactly those listed, in
order: each one's type, subject (a model instance, or ``(subject_type, id)``) and the
payload values named (the other keys are checked by the type's schema, not by value).
Every captured event must also match its declared schema. Consumers run after commit;
in a test inside a transaction they do not run, so what is captured is what the action
itself wrote.
"""
from contextlib import contextmanager

from django.db.models import Max

from workflows.event_schemas import event_problems
from workflows.models import Event, TransitionRecord


def events_of(subject):
    """Every event about ``subject``, oldest first."""
    return list(Event.objects.filter(subject_type=subject.subject_type, subject_id=subject.pk).order_by("id"))


def history_of(subject):
    """``subject``'s history rows, oldest first."""
    return list(TransitionRecord.objects.filter(subject_type=subject.subject_type, subject_id=subject.pk)
                .order_by("id"))


@contextmanager
def capture_events():
    """``with capture_events() as events:`` → ``events`` lists every Event row written in
    the block, in id order, once the block has ended."""
    before = Event.objects.aggregate(last=Max("id"))["last"] or 0
    captured = []
    yield captured
    captured.extend(Event.objects.filter(id__gt=before).order_by("id"))


def _subject_key(subject):
    if isinstance(subject, tuple):
        return subject
    return (subject.subject_type, subject.pk)


def assert_events(events, expected):
    """``events`` are exactly ``expected``: ``[(type, subject, {key: value}), …]`` in order."""
    got = [(e.type, (e.subject_type, e.subject_id)) for e in events]
    want = [(type_, _subject_key(subject)) for type_, subject, *_rest in expected]
    assert got == want, f"events written: {got}\nexpected:       {want}"
    for event in events:
        problems = event_problems(event.type, event.subject_type, event.payload)
        assert not problems, (event.type, problems)
    for event, (_type, _subject, *rest) in zip(events, expected, strict=True):
        values = rest[0] if rest else {}
        seen = {key: event.payload.get(key, "<missing>") for key in values}
        assert seen == values, (event.type, seen, values)


def verify_action(action, expected):
    """Run ``action()``; assert it wrote exactly the ``expected`` events. Returns them."""
    with capture_events() as events:
        action()
    assert_events(events, expected)
    return events
