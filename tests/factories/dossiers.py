import factory

from backend.accounts.models import Role
from backend.dossiers.models import Dossier

from tests.factories.accounts import AgencyFactory, UserFactory


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier asked for by the agency's head, waiting to be built (``state=`` to place it)."""

    class Meta:
        model = Dossier

    agency = factory.SubFactory(AgencyFactory)
    year = 2026
    requested_by = factory.SubFactory(UserFactory, role=Role.HEAD, agency=factory.SelfAttribute("..agency"))
