"""Who may comment: anyone of the agency who can see the subject may talk about it."""
from django.utils.translation import gettext as _

from workflows.errors import Forbidden


def may_comment(subject, user) -> bool:
    return user.is_authenticated and user.agency_id is not None and subject.event_agency_id == user.agency_id


def check_may_comment(subject, user) -> None:
    if not may_comment(subject, user):
        raise Forbidden(_("only members of the agency comment on its work"))


def may_contribute(subject, user) -> bool:
    """A contribution note comes from a supporting office of the subject (tasks only)."""
    check = getattr(subject, "may_contribute", None)
    return may_comment(subject, user) and check is not None and check(user)


def check_may_contribute(subject, user) -> None:
    if not may_contribute(subject, user):
        raise Forbidden(_("only a member of a supporting office writes a contribution note"))
