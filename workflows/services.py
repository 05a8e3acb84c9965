"""The one workflow service: every state transition of every object runs through here.

    check who (role, office, assignment) → check state and conditions → check the
    transition's own preconditions → run the pure FSM method → save (optimistic lock
    on the state column) → history row → event row; all in one transaction, on a row
    locked against concurrent change.
"""
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from .errors import InvalidTransition, TransitionConflict, TransitionForbidden, TransitionNotFound
from .events import emit_event, jsonable
from .models import TransitionRecord


def transition_name(transition) -> str:
    """The public name (API, events, history) of an FSM transition."""
    return transition.custom.get("name", transition.name)


def transitions_of(model) -> dict:
    """Public name → one FSM ``Transition`` per name (sources merged)."""
    found = {}
    for t in model._meta.get_field("state").get_all_transitions(model):
        found.setdefault(transition_name(t), t)
    return found


def available_transitions(obj, user) -> list[str]:
    """What ``user`` may run on ``obj`` now: state, conditions and permission all pass."""
    names = []
    for t in obj.get_available_user_state_transitions(user):
        name = transition_name(t)
        if name not in names:
            names.append(name)
    return names


def _source_transition(obj, name):
    meta = getattr(type(obj), transitions_of(type(obj))[name].name)._django_fsm
    return meta.get_transition(obj.state), meta


def run_transition(obj, name: str, *, actor, **params):
    """Run transition ``name`` on ``obj`` for ``actor``; return the object after it."""
    model = type(obj)
    known = transitions_of(model)
    if name not in known:
        raise TransitionNotFound(
            f"'{name}' is not a transition of a {obj.subject_type}",
            {"transition": [f"known transitions: {', '.join(sorted(known))}"]},
        )
    with transaction.atomic():
        # Lock the row: a concurrent transition waits here, then sees the new state.
        locked = model.objects.select_for_update().select_related(*obj.lock_related).get(pk=obj.pk)
        fsm_transition = known[name]
        if not fsm_transition.has_perm(locked, actor):
            raise TransitionForbidden(
                f"you may not {name} this {obj.subject_type}",
                {"transition": name, "state": locked.state},
            )
        current, meta = _source_transition(locked, name)
        if current is None or not meta.conditions_met(locked, locked.state):
            failed = [c for c in (current.conditions if current else []) if not c(locked)]
            hints = [str(getattr(c, "hint", c.__name__)) for c in failed]
            reason = hints[0] if hints else f"not allowed from state '{locked.state}'"
            # A condition may name what blocks it (e.g. the open findings of an inspection).
            explain = getattr(failed[0], "explain", None) if failed else None
            extra = {}
            if explain is not None:
                reason, extra = explain(locked)
            error = InvalidTransition(
                f"cannot {name} this {obj.subject_type}: {reason}",
                state=locked.state, available=available_transitions(locked, actor),
            )
            error.details.update(extra)
            raise error
        check = current.custom.get("check")
        if check is not None:
            check(locked, actor, **params)

        tracked = current.custom.get("tracks", ())
        before = {f: getattr(locked, f) for f in tracked}
        from_state = locked.state
        getattr(locked, current.name)(**params)
        try:
            locked.save()
        except ConcurrentTransition as exc:
            raise TransitionConflict(
                f"this {obj.subject_type} was changed by someone else; reload and try again"
            ) from exc

        changes = {f: {"from": before[f], "to": getattr(locked, f)} for f in tracked
                   if before[f] != getattr(locked, f)}
        reason = params.get("reason", "")
        at = timezone.now()
        event = emit_event(
            type=current.custom["event"], subject=locked, actor=actor, occurred_at=at,
            payload={"transition": name, "from": from_state, "to": locked.state,
                     "reason": reason, "changes": changes},
        )
        TransitionRecord.objects.create(
            subject_type=locked.subject_type, subject_id=locked.pk, transition=name,
            from_state=from_state, to_state=locked.state, actor=actor, at=at, reason=reason,
            data=jsonable({"changes": changes, **{k: v for k, v in params.items() if k != "reason"}}),
            event=event,
        )
    return locked
