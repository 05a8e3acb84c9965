"""What each event type carries: one declared schema per type, checked when it is written.

Consumers read payload keys (the notification rules pick recipients from ``assignee``,
``lead_office``, ``office`` …); a key that is missing, renamed or of the wrong type
makes them notify nobody, silently. So every event type the code emits declares its
subject type and the exact keys of its payload, as Zulip declares its ``check_*``
event schemas, and ``emit_event`` / ``emit_events_bulk`` check every payload before
writing it: an undeclared type, a missing, extra or mistyped key is an error.

The engine knows no domain app: each app declares its own types in its ``events.py``
(imported from its ``AppConfig.ready()``) with ``register_event_schema`` and the kinds
below. Payloads are checked in their stored (JSON) form: dates are ISO text, ids ints.

How loudly (setting ``EVENT_SCHEMA_CHECK``): ``"raise"`` (tests, DEBUG) makes the
change fail and roll back, so a broken contract cannot pass a test run; ``"log"``
(production default) logs an error naming the type and keys and writes the event
anyway: an official's approval is not refused over a payload slip, and the log says
which consumer contract broke.
"""
import datetime
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings

log = logging.getLogger(__name__)


class EventSchemaError(ValueError):
    """An event does not match its declared schema (a programming error, never user input)."""


@dataclass(frozen=True)
class Kind:
    """One kind of payload value: a name for messages and a test on the JSON value."""

    name: str
    test: Callable[[object], bool]
    # Exact types that pass without calling ``test`` (a pass checks 100,000 values:
    # most are a plain int or str). Anything else, a subclass included, goes to ``test``.
    types: frozenset = frozenset()

    def __call__(self, value) -> bool:
        return type(value) in self.types or self.test(value)


def _iso_date(value) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _iso_datetime(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


TEXT = Kind("text", lambda v: isinstance(v, str), frozenset({str}))
ID = Kind("id", lambda v: isinstance(v, int) and not isinstance(v, bool), frozenset({int}))
INTEGER = Kind("integer", lambda v: isinstance(v, int) and not isinstance(v, bool), frozenset({int}))
NUMBER = Kind("number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), frozenset({int, float}))
FLAG = Kind("true/false", lambda v: isinstance(v, bool), frozenset({bool}))
DATE = Kind("ISO date", _iso_date)
DATETIME = Kind("ISO date-time", _iso_datetime)
# What a transition changed besides the state: {field: {"from": …, "to": …}}.
CHANGES = Kind("changes {field: {from, to}}", lambda v: isinstance(v, dict) and all(
    isinstance(k, str) and isinstance(c, dict) and set(c) == {"from", "to"} for k, c in v.items()))


def nullable(kind: Kind) -> Kind:
    return Kind(f"{kind.name} or null", lambda v: v is None or kind(v), kind.types | {type(None)})


def list_of(kind: Kind) -> Kind:
    return Kind(f"list of {kind.name}", lambda v: isinstance(v, list) and all(kind(x) for x in v))


def one_of(*values) -> Kind:
    allowed = frozenset(str(v) for v in values)
    return Kind(f"one of {sorted(allowed)}", lambda v: isinstance(v, str) and v in allowed)


def states_of(model) -> Kind:
    """The values of ``model``'s ``state`` field (its machine's states)."""
    return one_of(*(value for value, _label in model._meta.get_field("state").choices))


@dataclass(frozen=True)
class EventSchema:
    type: str
    subject_type: str
    payload: Mapping[str, Kind]

    def __post_init__(self):
        # For the quick check (the deadline pass checks thousands of payloads at once).
        object.__setattr__(self, "_keys", frozenset(self.payload))
        object.__setattr__(self, "_tests", tuple((k, kind.types, kind.test) for k, kind in self.payload.items()))

    def matches(self, subject_type, payload) -> bool:
        return (subject_type == self.subject_type and isinstance(payload, dict)
                and payload.keys() == self._keys
                and all(type(payload[k]) in types or test(payload[k]) for k, types, test in self._tests))

    def problems(self, subject_type, payload) -> list[str]:
        """What is wrong with an event of this type; empty when it matches."""
        if self.matches(subject_type, payload):
            return []
        found = []
        if subject_type != self.subject_type:
            found.append(f"subject type {subject_type!r}, expected {self.subject_type!r}")
        if not isinstance(payload, dict):
            return [*found, f"payload is {type(payload).__name__}, expected an object"]
        missing = sorted(set(self.payload) - set(payload))
        extra = sorted(set(payload) - set(self.payload))
        if missing:
            found.append(f"missing key(s) {missing}")
        if extra:
            found.append(f"undeclared key(s) {extra}")
        for key, kind in self.payload.items():
            if key in payload and not kind(payload[key]):
                found.append(f"{key!r} = {payload[key]!r} is not {kind.name}")
        return found


_schemas: dict[str, EventSchema] = {}


def register_event_schema(type, *, subject, payload) -> EventSchema:
    """Declare what events of ``type`` are about (``subject``, a subject_type) and carry."""
    schema = EventSchema(type=type, subject_type=subject, payload=dict(payload))
    known = _schemas.get(type)
    if known is not None and known != schema:
        raise EventSchemaError(f"event type {type!r} is declared twice, differently")
    _schemas[type] = schema
    return schema


def event_schema(type) -> EventSchema | None:
    return _schemas.get(type)


def registered_event_types() -> list[str]:
    return sorted(_schemas)


def event_problems(type, subject_type, payload) -> list[str]:
    schema = _schemas.get(type)
    if schema is None:
        return [f"event type {type!r} has no declared schema"]
    return schema.problems(subject_type, payload)


def check_event(type, subject_type, payload) -> None:
    """Refuse (or log, per ``EVENT_SCHEMA_CHECK``) an event that does not match its schema."""
    schema = _schemas.get(type)
    if schema is not None and schema.matches(subject_type, payload):
        return
    problems = event_problems(type, subject_type, payload)
    if not problems:
        return
    message = f"event {type!r} does not match its schema: {'; '.join(problems)}"
    if getattr(settings, "EVENT_SCHEMA_CHECK", "raise") == "raise":
        raise EventSchemaError(message)
    log.error(message)
