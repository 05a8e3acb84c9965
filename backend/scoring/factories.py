"""Factories for scoring: a leadership methodology built in code, and hand-scored points.

``leadership_methodology()`` builds field 1 with the components of the shipped
dept-template-876 (same shape, same thresholds) for tests that cannot rely on the
catalogue migration's rows (e.g. transactional tests, which flush the tables).
"""
import factory
from django.utils import timezone

from backend.accounts.factories import AgencyFactory
from backend.criteria.factories import CriterionFactory, MethodologyFactory

from backend.criteria.models import ScoringConfig

from .models import ManualAssessment, Score, ScoreChange

REPORTS = [
    {"code": "Q1", "name": "Báo cáo CCHC quý I", "due": "03-20"},
    {"code": "H1", "name": "Báo cáo CCHC 6 tháng đầu năm", "due": "06-20"},
    {"code": "Q3", "name": "Báo cáo CCHC quý III", "due": "09-20"},
    {"code": "Y", "name": "Báo cáo CCHC năm", "due": "12-20"},
]

COMPONENTS = [
    ("1.1", "Ban hành kế hoạch CCHC năm đúng hạn", 1, "timeliness",
     {"measure": "plan_issued", "on_time": 1, "late": 0.5, "missing": 0}),
    ("1.2", "Mức độ hoàn thành kế hoạch", 2, "rate_bands",
     {"measure": "plan_completion_rate", "bands": [{"min": 0.9, "inclusive": False, "points": 2},
                                                   {"min": 0.7, "inclusive": True, "points": 1}],
      "otherwise": 0}),
    ("1.3", "Nhiệm vụ hoàn thành đúng hạn", 1.5, "proportional", {"measure": "tasks_on_time_rate", "floor": 0.5}),
    ("1.4", "Báo cáo định kỳ đúng hạn", 1, "all_of", {"measure": "reports_on_time", "reports": REPORTS}),
    ("1.5", "Kiểm tra CCHC các phòng, đơn vị", 1, "rate_bands",
     {"measure": "inspection_coverage", "bands": [{"min": 0.5, "inclusive": True, "points": 1},
                                                  {"min": 0.3, "inclusive": True, "points": 0.5}],
      "otherwise": 0}),
    ("1.6", "Xử lý tồn tại qua kiểm tra", 1, "rate_bands",
     {"measure": "findings_remedied_rate", "bands": [{"min": 1.0, "inclusive": True, "points": 1},
                                                     {"min": 0.7, "inclusive": True, "points": 0.5}],
      "otherwise": 0}),
    ("1.7", "Tuyên truyền CCHC", 0.5, "manual", {"measure": "communication"}),
    ("1.8", "Tính năng động, sáng kiến", 1, "manual", {"measure": "initiatives"}),
    ("1.9", "Trách nhiệm người đứng đầu (điều tra XHH)", 1, "survey", {"measure": "head_responsibility"}),
]


def leadership_methodology(code="test-leadership", **overrides):
    """A methodology whose field 1 has the template's nine components; → (methodology, field)."""
    methodology = MethodologyFactory(code=code)
    field = CriterionFactory(methodology=methodology, code="1", name="Công tác chỉ đạo, điều hành CCHC",
                             max_points=10, rule_kind="sum", rule={}, order=0)
    for order, (ccode, name, top, kind, rule) in enumerate(COMPONENTS, start=1):
        top, kind, rule = overrides.get(ccode, (top, kind, rule))
        CriterionFactory(methodology=methodology, parent=field, code=ccode, name=name, max_points=top,
                         rule_kind=kind, rule=rule, order=order)
    return methodology, field


class ScoringConfigFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringConfig

    agency = factory.SubFactory(AgencyFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)


class ManualAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManualAssessment

    agency = factory.SubFactory(AgencyFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    criterion = factory.SubFactory(CriterionFactory, rule_kind="manual")
    points = 1
    explanation = "Có sáng kiến được công nhận cấp tỉnh"
    assessed_at = factory.LazyFunction(timezone.now)


class ScoreFactory(factory.django.DjangoModelFactory):
    """A stored score row; the product writes these only through the scoring services."""

    class Meta:
        model = Score
        django_get_or_create = ("agency", "year")

    agency = factory.SubFactory(AgencyFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    criterion = factory.SubFactory(CriterionFactory, max_points=10, rule_kind="sum")
    methodology = factory.SelfAttribute("criterion.methodology")
    points = 0
    max_points = factory.SelfAttribute("criterion.max_points")
    components = factory.LazyFunction(list)
    computed_at = factory.LazyFunction(timezone.now)


class ScoreChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreChange

    score = factory.SubFactory(ScoreFactory)
    at = factory.LazyFunction(timezone.now)
    points = factory.SelfAttribute("score.points")
