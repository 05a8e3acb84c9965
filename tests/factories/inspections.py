import datetime

import factory
from django.utils import timezone

from backend.accounts.models import Role
from backend.inspections.models import Finding, Inspection

from tests.factories.accounts import AgencyFactory, OfficeFactory, UserFactory


class InspectionFactory(factory.django.DjangoModelFactory):
    """A planned inspection of one new office by one new inspector unless given.

    ``offices=[...]``, ``inspectors=[...]`` set the team. Factories set states directly to
    build fixtures; the product moves them only through the workflow service.
    """

    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Kiểm tra công tác cải cách hành chính đợt {n}")
    start_date = factory.LazyFunction(timezone.localdate)
    end_date = factory.LazyAttribute(lambda i: i.start_date + datetime.timedelta(days=14))

    class Params:
        in_progress = factory.Trait(state="in_progress", started_at=factory.LazyFunction(timezone.now))
        reported = factory.Trait(state="reported", started_at=factory.LazyFunction(timezone.now),
                                 reported_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        if create:
            self.offices.set(extracted if extracted is not None else [OfficeFactory(agency=self.agency)])

    @factory.post_generation
    def inspectors(self, create, extracted, **kwargs):
        if create:
            self.inspectors.set(extracted if extracted is not None
                                else [UserFactory(role=Role.INSPECTOR, agency=self.agency)])


class FindingFactory(factory.django.DjangoModelFactory):
    """An open finding against the inspection's first office."""

    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory, in_progress=True)
    office = factory.LazyAttribute(lambda f: f.inspection.offices.order_by("id").first())
    description = factory.Sequence(lambda n: f"Chưa niêm yết công khai thủ tục hành chính tại bộ phận một cửa ({n})")
    severity = "medium"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
