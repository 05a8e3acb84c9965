import factory

from backend.accounts.factories import UserFactory

from .models import Comment


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    task = factory.SubFactory("backend.plans.factories.TaskFactory")
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("sentence", locale="vi_VN")
