"""The optimistic lock on a machine's state (django-fsm's ``ConcurrentTransitionMixin``).

A save whose state changed under it since the row was read is refused, so of two
concurrent transitions the loser gets 409 and writes nothing (``run_transition``).
"""
import functools

from django.db.models import DEFERRED
from django_fsm import ConcurrentTransitionMixin, FSMFieldMixin


@functools.cache
def _state_fields_of(model) -> tuple:
    return tuple(f for f in model._meta.fields if isinstance(f, FSMFieldMixin))


class ConcurrentTransitions(ConcurrentTransitionMixin):
    """The mixin, with each model's state fields found once: the original looks through
    every field of every instance it builds (a deadline pass builds thousands)."""

    @property
    def state_fields(self):
        return _state_fields_of(type(self))

    @classmethod
    def from_db(cls, db, field_names, values):
        """Django's, with the loaded names looked up in a set: for a partial row (``only()``,
        ``raw()``: the deadline pass reads ten of a task's 35 columns) Django scans the
        list of names once per field of the model, half the time of building the task."""
        if len(values) != len(cls._meta.concrete_fields):
            loaded = frozenset(field_names)
            given = iter(values)
            values = [next(given) if f.attname in loaded else DEFERRED for f in cls._meta.concrete_fields]
        return super().from_db(db, field_names, values)
