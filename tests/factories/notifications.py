import factory
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification, NotificationPreference, NotificationSequence
from notifications.services import _take_ids


class NotificationFactory(factory.django.DjangoModelFactory):
    """A stored notification; its id is taken from the commit-ordered counter like the real ones."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory("tests.factories.accounts.UserFactory")
    event = factory.SubFactory("tests.factories.workflows.EventFactory",
                               agency=factory.SelfAttribute("..recipient.agency"))
    event_type = factory.SelfAttribute("event.type")
    subject_type = factory.SelfAttribute("event.subject_type")
    subject_id = factory.SelfAttribute("event.subject_id")
    title = factory.Sequence(lambda n: f"Thông báo {n}")
    body = "Nội dung thông báo"
    url = ""
    created_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with transaction.atomic():
            if kwargs.get("id") is None:
                kwargs["id"] = _take_ids(1)
            return super()._create(model_class, *args, **kwargs)


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    event_type = "task.started"
    enabled = False


class NotificationSequenceFactory(factory.django.DjangoModelFactory):
    """The single counter row (id 1); get-or-create, never a second row."""

    class Meta:
        model = NotificationSequence
        django_get_or_create = ("id",)

    id = 1
    last = 0
