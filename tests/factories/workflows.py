import factory
from django.utils import timezone

from workflows.models import Event, ProcessedEvent, TransitionRecord


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    type = "task.started"
    occurred_at = factory.LazyFunction(timezone.now)
    agency = factory.SubFactory("tests.factories.accounts.AgencyFactory")
    subject_type = "task"
    subject_id = factory.Sequence(lambda n: n + 1)
    payload = factory.LazyFunction(dict)


class TransitionRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransitionRecord

    subject_type = "task"
    subject_id = factory.Sequence(lambda n: n + 1)
    transition = "start"
    from_state = "assigned"
    to_state = "in_progress"
    at = factory.LazyFunction(timezone.now)


class ProcessedEventFactory(factory.django.DjangoModelFactory):
    """A consumer's receipt for an event (what the dispatcher writes)."""

    class Meta:
        model = ProcessedEvent

    consumer = "notifications"
    event = factory.SubFactory(EventFactory)
