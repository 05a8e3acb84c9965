"""Who may act where: the role and office checks every app's policy is built from, and
the one way to fetch an object a user may see (Zulip's ``access_*`` helpers).

Each domain app has its own ``access.py`` with ``access_<entity>(user, id, *, lock=False)``
(fetch within what the user may see, ``NotFound`` otherwise, optionally locked) and its
policy predicates (``may_…``); services, the API and the pages use those.
"""
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _

from workflows.errors import Forbidden, NotFound

from .selectors import is_platform_admin


def same_agency(user, agency_id) -> bool:
    return user.is_authenticated and user.agency_id is not None and user.agency_id == agency_id


def is_department_head(user, agency_id) -> bool:
    return same_agency(user, agency_id) and user.is_head


def manages_office(user, agency_id, office_id) -> bool:
    """The department head, or the head of that very office."""
    return is_department_head(user, agency_id) or (
        same_agency(user, agency_id) and user.heads_office(office_id)
    )


def may_administer(user, agency_id) -> bool:
    """The province's administrator, or an administrator of that very agency."""
    return is_platform_admin(user) or (user.is_authenticated and user.is_admin_role
                                       and user.agency_id == agency_id)


def check_may_create_offices(user) -> None:
    """By role, before the body names the agency (the service then checks that agency)."""
    if not (is_platform_admin(user) or (user.is_authenticated and user.is_admin_role)):
        raise Forbidden(_("only an administrator creates offices"))


def fetch_visible(queryset, pk, *, lock=False):
    """The object ``pk`` of ``queryset`` (what the user may see), else ``NotFound``.

    Another agency's object answers exactly like one that does not exist, and so does a
    malformed id. ``lock=True`` (inside ``transaction.atomic()``) re-reads the row
    ``SELECT … FOR UPDATE``, with what the object's state machine reads (``lock_related``).
    """
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError, DjangoValidationError):
        raise NotFound(_("Not found.")) from None
    if lock:
        model = type(obj)
        obj = model.objects.select_for_update().select_related(*getattr(obj, "lock_related", ())).get(pk=obj.pk)
    return obj
