import factory

from backend.comments.models import Comment

from tests.factories.accounts import UserFactory


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    task = factory.SubFactory("tests.factories.plans.TaskFactory")
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("sentence", locale="vi_VN")
