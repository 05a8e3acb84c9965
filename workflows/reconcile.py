"""Reconciling the event log: the invariants that make "nothing was lost" checkable.

After a crash, a broker or database outage, a killed worker, an operator asks: did
every change reach every consumer, and does every record still tell one story? Each
check here is a few set-wise statements (anti-joins, one window pass), so it runs on a
log of any length; ``manage.py check_log`` runs them all and fails on any gap.

The engine checks what it owns:
  receipts  every event has a ``ProcessedEvent`` receipt from every registered consumer
            (``dispatch.consumers()``) that takes its type (``dispatch.event_types_of``);
            one missing below the consumer's ``SweepMark`` is lost for good (the sweep
            never reads there again), one above it is pending (the sweep will deliver
            it) and counts as a gap once it is older than the settling time;
  history   every history row has its event (same subject, transition and target
            state), and every event of a transition type (its schema carries
            ``transition``) has its history row;
  states    every object of a state machine is in the state its last history row says
            (the machine's initial state when it has none), and each row starts where
            the one before it ended: no state change without its row.
Apps add theirs with ``register_log_check`` from their ``AppConfig.ready()`` (the
notifications app checks its rows against the log), as consumers register.
"""
import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Lag
from django.utils import timezone
from django_fsm import FSMFieldMixin

from . import dispatch
from .event_schemas import event_schema, registered_event_types
from .models import Event, SweepMark, TransitionRecord

EXAMPLES = 10


@dataclass(frozen=True)
class Scope:
    """What a run looks at: ``since`` (None: the whole log) and ``settled_before``: an
    event newer than that may still be on its way to a consumer, so it is not a gap."""

    since: datetime.datetime | None
    settled_before: datetime.datetime


@dataclass(frozen=True)
class Gap:
    """One kind of broken invariant: how many rows, the first few ids, what it means."""

    check: str
    kind: str
    count: int
    examples: tuple
    about: str
    more: bool = False  # more examples than shown

    def __str__(self):
        shown = ", ".join(f"#{i}" for i in self.examples)
        more = ", …" if self.more else ""
        return f"{self.check}/{self.kind}: {self.count} {self.about} ({shown}{more})"


def gap_of(check, kind, queryset, about, *, field="pk"):
    """A ``Gap`` for the rows of ``queryset`` (None when there are none): one count, one
    short ordered read of example ids."""
    count = queryset.count()
    if not count:
        return None
    examples = tuple(queryset.order_by(field).values_list(field, flat=True)[:EXAMPLES])
    return Gap(check, kind, count, examples, about, more=count > len(examples))


_checks = []


def register_log_check(name, check):
    """Add a check: ``check(scope) -> list[Gap]``, run by ``reconcile`` after the engine's."""
    if all(known != name for known, _check in _checks):
        _checks.append((name, check))
    return check


def log_checks():
    return list(_checks)


def reconcile(*, since=None, settle=datetime.timedelta(seconds=60)) -> dict:
    """Run every check; check name → its gaps (empty lists when the log is whole)."""
    scope = Scope(since=since, settled_before=timezone.now() - settle)
    return {name: [g for g in check(scope) if g is not None] for name, check in _checks}


# --- the engine's checks -------------------------------------------------------------

def _events(scope):
    events = Event.objects.all()
    return events.filter(occurred_at__gte=scope.since) if scope.since else events


def check_receipts(scope):
    marks = dict(SweepMark.objects.values_list("consumer", "event_id"))
    gaps = []
    for consumer in dispatch.consumers():
        # Only the types it takes: an event it does not take never gets its receipt.
        missing = dispatch.unprocessed_events(consumer.name, dispatch.event_types_of(consumer), _events(scope))
        mark = marks.get(consumer.name, 0)
        gaps.append(gap_of(
            "receipts", f"lost:{consumer.name}", missing.filter(pk__lte=mark),
            f"event(s) not processed by {consumer.name} below its sweep mark #{mark}: "
            "the sweep will never deliver them"))
        gaps.append(gap_of(
            "receipts", f"pending:{consumer.name}",
            missing.filter(pk__gt=mark, occurred_at__lt=scope.settled_before),
            f"event(s) not processed by {consumer.name} (older than the settling time)"))
    return gaps


def transition_event_types():
    """Event types that record a state change (their schema carries ``transition``)."""
    return [t for t in registered_event_types() if "transition" in event_schema(t).payload]


def check_history(scope):
    rows = TransitionRecord.objects.all()
    if scope.since:
        rows = rows.filter(at__gte=scope.since)
    disagreeing = (rows.filter(event__isnull=False)
                   .annotate(event_transition=KeyTextTransform("transition", "event__payload"),
                             event_to=KeyTextTransform("to", "event__payload"))
                   .exclude(subject_type=F("event__subject_type"), subject_id=F("event__subject_id"),
                            event_transition=F("transition"), event_to=F("to_state")))
    return [
        gap_of("history", "row_without_event", rows.filter(event__isnull=True),
               "history row(s) with no event"),
        gap_of("history", "row_event_differs", disagreeing,
               "history row(s) whose event names another subject, transition or state"),
        gap_of("history", "event_without_row",
               _events(scope).filter(type__in=transition_event_types(), transition_record__isnull=True),
               "state-change event(s) with no history row"),
    ]


def machine_models():
    """Models with a state machine and a ``subject_type``: what history rows are about."""
    return [m for m in apps.get_models()
            if isinstance(getattr(m, "subject_type", None), str)
            and any(f.name == "state" and isinstance(f, FSMFieldMixin) for f in m._meta.get_fields())]


def _initial_state(model) -> str:
    return str(model._meta.get_field("state").get_default())


def check_states(scope):
    gaps = []
    for model in machine_models():
        subject_type, initial = model.subject_type, _initial_state(model)
        history = TransitionRecord.objects.filter(subject_type=subject_type)
        objects = model._base_manager.all()
        if scope.since:
            # Objects changed since then; the chain check below still reads their whole history.
            changed = history.filter(at__gte=scope.since).values("subject_id")
            objects = objects.filter(pk__in=changed)
            history = history.filter(subject_id__in=changed)
        last = Subquery(TransitionRecord.objects.filter(subject_type=subject_type, subject_id=OuterRef("pk"))
                        .order_by("-id").values("to_state")[:1])
        off_record = objects.annotate(recorded=last).filter(
            (Q(recorded__isnull=True) & ~Q(state=initial)) | (Q(recorded__isnull=False) & ~Q(state=F("recorded"))))
        gaps.append(gap_of("states", f"state_not_recorded:{subject_type}", off_record,
                           f"{subject_type}(s) whose state is not the one their history ends in"))
        chain = history.annotate(before=Window(Lag("to_state"), partition_by=[F("subject_id")],
                                               order_by=F("id").asc()))
        broken = chain.filter(Q(before__isnull=False) & ~Q(from_state=F("before"))
                              | Q(before__isnull=True) & ~Q(from_state__in=("", initial)))
        gaps.append(gap_of("states", f"history_broken:{subject_type}", broken,
                           f"{subject_type} history row(s) that do not start where the previous one ended"))
    return gaps


register_log_check("receipts", check_receipts)
register_log_check("history", check_history)
register_log_check("states", check_states)
