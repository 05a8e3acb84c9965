"""The optimistic lock on a machine's state (django-fsm's ``ConcurrentTransitionMixin``).

A save whose state changed under it since the row was read is refused, so of two
concurrent transitions the loser gets 409 and writes nothing (``run_transition``).
"""
import functools

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
