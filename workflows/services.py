"""The one workflow service: every state transition of every object runs through here.

    check who (role, office, assignment) → check state and conditions → check the
    transition's own preconditions → run the pure FSM method → save (optimistic lock
    on the state column) → history row → event row; all in one transaction, on a row
    locked against concurrent change.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from .errors import Conflict, Forbidden, InvalidTransition, NotFound
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


def _subject(obj):
    """The object as a reader names it (translated); ``subject_type`` is the identifier."""
    return getattr(obj, "subject_label", obj.subject_type)


def _words(obj, name) -> dict:
    """The action and the object in the reader's language; ``details`` keep the identifiers."""
    return {"transition": getattr(obj, "transition_labels", {}).get(name, name), "subject": _subject(obj)}


def _source_transition(obj, name):
    meta = getattr(type(obj), transitions_of(type(obj))[name].name)._django_fsm
    return meta.get_transition(obj.state), meta


def _refusal_checks(obj, name, actor):
    """Unknown name (404), who (403), then state and conditions (409); → the FSM transition."""
    known = transitions_of(type(obj))
    if name not in known:
        raise NotFound(
            _("'%(name)s' is not a transition of a %(subject)s")
            % {"name": name, "subject": _subject(obj)},
            {"transition": [_("known transitions: %(names)s") % {"names": ", ".join(sorted(known))}]},
        )
    if not known[name].has_perm(obj, actor):
        raise Forbidden(
            _("you may not %(transition)s this %(subject)s") % _words(obj, name),
            {"transition": name, "state": obj.state},
        )
    current, meta = _source_transition(obj, name)
    if current is None or not meta.conditions_met(obj, obj.state):
        failed = [c for c in (current.conditions if current else []) if not c(obj)]
        hints = [str(getattr(c, "hint", c.__name__)) for c in failed]
        reason = hints[0] if hints else _("not allowed from state '%(state)s'") % {"state": obj.state}
        # A condition may name what blocks it (e.g. an inspection's open findings).
        explain = getattr(failed[0], "explain", None) if failed else None
        extra = {}
        if explain is not None:
            reason, extra = explain(obj)
        error = InvalidTransition(
            _("cannot %(transition)s this %(subject)s: %(reason)s")
            % {**_words(obj, name), "reason": reason},
            state=obj.state, available=available_transitions(obj, actor),
        )
        error.details.update(extra)
        raise error
    return current


def check_transition(obj, name: str, *, actor) -> None:
    """Refuse what needs no input to refuse (404/403/409), without locking anything.

    The API calls this before validating the request body, so a caller who may not run
    the transition at all hears that, not a complaint about the body. ``run_transition``
    repeats the checks on the locked row; this one only decides which refusal comes first.
    """
    _refusal_checks(obj, name, actor)


def run_transition(obj, name: str, *, actor, at=None, **params):
    """Run transition ``name`` on ``obj`` for ``actor``; return the object after it.

    ``at`` (default: now) is the moment of the transition: the FSM method's timestamps,
    the history row and the event's ``occurred_at`` all take it, so a past (a demo, an
    import) can be written through this same path.
    """
    at = at or timezone.now()
    model = type(obj)
    with transaction.atomic():
        # Lock the row: a concurrent transition waits here, then sees the new state.
        locked = model.objects.select_for_update().select_related(*obj.lock_related).get(pk=obj.pk)
        current = _refusal_checks(locked, name, actor)
        check = current.custom.get("check")
        if check is not None:
            check(locked, actor, **params)

        tracked = current.custom.get("tracks", ())
        before = {f: getattr(locked, f) for f in tracked}
        from_state = locked.state
        getattr(locked, current.name)(at=at, **params)
        try:
            locked.save()
        except ConcurrentTransition as exc:
            raise Conflict(
                _("this %(subject)s was changed by someone else; reload and try again")
                % {"subject": _subject(obj)}
            ) from exc
        changes = {f: {"from": before[f], "to": getattr(locked, f)} for f in tracked
                   if before[f] != getattr(locked, f)}
        # Request values the event carries too (declared by the transition: e.g. "document").
        carried = {key: params.get(key) for key in current.custom.get("carries", ())}
        record_change(locked, event_type=current.custom["event"], transition=name, from_state=from_state,
                      actor=actor, changes=changes, params=params, at=at, carried=carried)
    return locked


def record_change(subject, *, event_type, transition, from_state, actor, changes=None, params=None, at=None,
                  carried=None):
    """The history row and the event of one state change of ``subject`` (now in its new
    state), both at ``at`` (default: now). Inside the change's transaction;
    ``run_transition`` calls it, and so does a create that is a first state change
    (raising a finding: "" → open). ``carried``: request values the event carries as well."""
    params = params or {}
    changes = changes or {}
    reason = params.get("reason", "")
    at = at or timezone.now()
    event = emit_event(
        type=event_type, subject=subject, actor=actor, occurred_at=at,
        payload={"transition": transition, "from": from_state, "to": subject.state,
                 "reason": reason, "changes": changes, **(carried or {})},
    )
    TransitionRecord.objects.create(
        subject_type=subject.subject_type, subject_id=subject.pk, transition=transition,
        from_state=from_state, to_state=subject.state, actor=actor, at=at, reason=reason,
        data=jsonable({"changes": changes, **{k: v for k, v in params.items() if k != "reason"}}),
        event=event,
    )
    return event
