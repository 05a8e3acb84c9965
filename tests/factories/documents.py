import datetime

import factory
from django.utils import timezone

from backend.accounts.models import Role
from backend.documents.models import Document

from tests.factories.accounts import AgencyFactory, UserFactory


class DocumentFactory(factory.django.DjangoModelFactory):
    """A signed document of the register, dated yesterday by default."""

    class Meta:
        model = Document

    agency = factory.SubFactory(AgencyFactory)
    number = factory.Sequence(lambda n: f"{n + 1}/KH-SXD")
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    issuer = "Sở Xây dựng tỉnh Quảng Trị"
    summary = "Kế hoạch cải cách hành chính năm"
    kind = Document.Kind.PLAN
    url = factory.Sequence(lambda n: f"https://vanban.quangtri.gov.vn/van-ban/{n}")
    created_by = factory.SubFactory(UserFactory, role=Role.HEAD, agency=factory.SelfAttribute("..agency"))
