import factory

from backend.evidence.models import Evidence

from tests.factories.accounts import UserFactory


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A link by default; ``kind="file"`` with ``file=`` for an upload."""

    class Meta:
        model = Evidence

    task = factory.SubFactory("tests.factories.plans.TaskFactory")
    kind = Evidence.Kind.LINK
    url = factory.Sequence(lambda n: f"https://vanban.quangtri.gov.vn/van-ban/{n}")
    name = factory.LazyAttribute(lambda e: e.url)
    note = "Văn bản kiểm chứng"
    uploaded_by = factory.SubFactory(UserFactory)
