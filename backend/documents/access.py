"""Who may see and record documents (Zulip's ``access_*`` helpers), and the one check
every transition that takes a document runs on it."""
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.access import fetch_visible
from workflows.errors import ValidationFailed

from .models import Document
from .selectors import documents_visible_to


def access_document(user, document_id) -> Document:
    return fetch_visible(documents_visible_to(user), document_id)


def may_record_document(user) -> bool:
    """Any active member of an agency records its documents (into that agency's register)."""
    return user.is_authenticated and user.is_active and user.agency_id is not None


def check_document(document, *, agency_id, field="document", required=True, on=None):
    """A transition's document: given (when ``required``), of the same agency, not signed
    after ``on`` (default today). ``ValidationFailed`` on ``field`` otherwise; another
    agency's document is refused like one that does not exist."""
    if document is None:
        if required:
            raise ValidationFailed(_("the signed document is required"),
                                   {field: [_("choose or record the signed document")]})
        return
    if document.agency_id != agency_id:
        raise ValidationFailed(_("no such document"), {field: [_("no such document")]})
    if document.date > (on or timezone.localdate()):
        raise ValidationFailed(_("a document cannot be dated in the future"),
                               {field: [_("the document's date is in the future")]})
