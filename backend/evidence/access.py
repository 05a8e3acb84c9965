"""Who may see and attach evidence (Zulip's ``access_*`` helpers)."""
from django.utils.translation import gettext as _

from backend.accounts.access import fetch_visible
from workflows.errors import Forbidden, InvalidState

from .models import Evidence
from .selectors import evidence_visible_to


def access_evidence(user, evidence_id, *, kind=None, lock=False) -> Evidence:
    """Evidence of a task or finding the user may see (``kind``: only files, only links)."""
    qs = evidence_visible_to(user)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return fetch_visible(qs, evidence_id, lock=lock)


def may_attach(subject, user) -> bool:
    """The subject (task or finding) says who works on it: ``subject.may_add_evidence``."""
    return subject.may_add_evidence(user)


def check_may_attach(subject, user) -> None:
    """Refuse who may not attach (403), then a subject that is no longer open (409)."""
    if not may_attach(subject, user):
        raise Forbidden(_("you may not add evidence to this %(s)s")
                        % {"s": getattr(subject, "subject_label", subject.subject_type)})
    if not subject.is_open:
        raise InvalidState(_("evidence is added while the work is open"), state=subject.state)
