import factory

from backend.workdays.models import CalendarOverride


class CalendarOverrideFactory(factory.django.DjangoModelFactory):
    """A national override unless ``agency`` is given."""

    class Meta:
        model = CalendarOverride

    agency = None
    date = factory.Faker("date_object")
    kind = CalendarOverride.Kind.DAY_OFF
    note = "Nghỉ bù"
