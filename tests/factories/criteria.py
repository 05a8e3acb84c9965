import factory

from backend.criteria.models import Criterion, Methodology


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
