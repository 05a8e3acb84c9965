"""Recording a document in the agency's register (the scan follows the evidence upload rules)."""
import os

from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.errors import Forbidden, ValidationFailed

from .access import may_record_document
from .models import Document
from .filetypes import content_type_for
from .uploads import checked_upload_name, save_with_file


def document_create(*, actor, number, date, issuer, summary, kind=Document.Kind.OTHER, url="",
                    file=None) -> Document:
    if not may_record_document(actor):
        raise Forbidden(_("only a member of an agency records its documents"))
    errors = {}
    for name, value in (("number", number), ("issuer", issuer), ("summary", summary)):
        if not (value or "").strip():
            errors[name] = [_("This field is required.")]
    if date is None:
        errors["date"] = [_("This field is required.")]
    elif date > timezone.localdate():
        errors["date"] = [_("a document cannot be dated in the future")]
    if errors:
        raise ValidationFailed(details=errors)
    document = Document(agency_id=actor.agency_id, number=number.strip(), date=date,
                        issuer=issuer.strip(), summary=summary.strip(), kind=kind, url=url or "",
                        created_by=actor)
    if file is None:
        document.save()
        return document
    name = checked_upload_name(file)
    document.file_name = name
    document.file_size = file.size
    # The type the checked extension says, never the uploader's Content-Type.
    document.content_type = content_type_for(os.path.splitext(name)[1].lstrip("."))
    save_with_file(document, "file", name, file)
    return document
