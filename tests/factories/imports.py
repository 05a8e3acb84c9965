import factory

from backend.imports.models import PlanImport

from tests.factories.accounts import UserFactory
from tests.factories.plans import ReformPlanFactory


class PlanImportFactory(factory.django.DjangoModelFactory):
    """A stored preview of one task row, not imported yet."""

    class Meta:
        model = PlanImport

    plan = factory.SubFactory(ReformPlanFactory)
    file_name = "ke-hoach.xlsx"
    sheet = "Kế hoạch"
    rows = factory.LazyFunction(lambda: [{"row": 6, "code": "1.1", "title": "Nhiệm vụ", "field": None}])
    created_by = factory.SubFactory(UserFactory)
