import factory

from backend.accounts.models import Agency, Office, Role, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở Xây dựng {n}")
    short_name = factory.Sequence(lambda n: f"SXD{n}")
    province = "Quảng Trị"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Phòng {n}")
    code = factory.Sequence(lambda n: f"P{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    role = Role.OFFICER
    agency = factory.LazyAttribute(lambda u: u.office.agency if u.office else AgencyFactory())
    office = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role in (Role.OFFICER, Role.OFFICE_HEAD)),
        yes_declaration=factory.SubFactory(OfficeFactory),
        no_declaration=None,
    )
    password = factory.django.Password("demo-password")

    class Params:
        head = factory.Trait(role=Role.HEAD)
        office_head = factory.Trait(role=Role.OFFICE_HEAD)
        inspector = factory.Trait(role=Role.INSPECTOR)
        admin = factory.Trait(role=Role.ADMIN)
