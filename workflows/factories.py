import factory
from django.utils import timezone

from .models import Event, TransitionRecord


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    type = "task.started"
    occurred_at = factory.LazyFunction(timezone.now)
    agency = factory.SubFactory("backend.accounts.factories.AgencyFactory")
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
