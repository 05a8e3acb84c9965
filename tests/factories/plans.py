import datetime

import factory
from django.utils import timezone

from backend.plans.models import ReformPlan, Task

from tests.factories.accounts import AgencyFactory
from tests.factories.criteria import CriterionFactory


class ReformPlanFactory(factory.django.DjangoModelFactory):
    """A draft plan; pass ``state="approved"`` (and ``approved_at``) for an approved one.

    Factories set states directly to build test fixtures; the product moves them only
    through the workflow service.
    """

    class Meta:
        model = ReformPlan

    agency = factory.SubFactory(AgencyFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.LazyAttribute(lambda p: f"Kế hoạch cải cách hành chính năm {p.year}")
    issue_deadline = factory.LazyAttribute(lambda p: datetime.date(p.year - 1, 12, 31))

    class Params:
        approved = factory.Trait(state="approved", approved_at=factory.LazyFunction(timezone.now))


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(ReformPlanFactory)
    code = factory.Sequence(lambda n: f"{n // 10 + 1}.{n % 10 + 1}")
    title = factory.Sequence(lambda n: f"Nhiệm vụ cải cách số {n}")
    description = "Mô tả nhiệm vụ"
    field = factory.SubFactory(CriterionFactory)
    expected_output = "Báo cáo kết quả"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    @factory.post_generation
    def supporting_offices(self, create, extracted, **kwargs):
        if create and extracted:
            self.supporting_offices.set(extracted)
