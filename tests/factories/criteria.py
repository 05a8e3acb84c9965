import factory

from backend.criteria.models import Criterion, Methodology, ReportSchedule


class MethodologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Methodology
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"method-{n}")
    name = factory.Sequence(lambda n: f"Phương pháp {n}")
    is_template = True


class CriterionFactory(factory.django.DjangoModelFactory):
    """A PAR field (no parent) unless ``parent`` is given."""

    class Meta:
        model = Criterion

    methodology = factory.SubFactory(MethodologyFactory)
    parent = None
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Lĩnh vực {n + 1}")
    max_points = 10
    order = factory.Sequence(lambda n: n)


class ReportScheduleFactory(factory.django.DjangoModelFactory):
    """A province's report dates for its departments (the example of par-index-method.md §9)."""

    class Meta:
        model = ReportSchedule

    province = "Quảng Trị"
    agency = None
    decided_by = "Kế hoạch CCHC năm của UBND tỉnh"
    reports = factory.LazyFunction(lambda: [
        {"code": "Q1", "name": "Báo cáo CCHC quý I", "due": "03-05"},
        {"code": "H1", "name": "Báo cáo CCHC 6 tháng đầu năm", "due": "06-05"},
        {"code": "Q3", "name": "Báo cáo CCHC quý III", "due": "09-05"},
        {"code": "Y", "name": "Báo cáo CCHC năm", "due": "11-25"},
    ])
