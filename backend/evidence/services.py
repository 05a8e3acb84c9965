"""Attaching evidence: checks of who, when, and what may be uploaded."""
import os

from django.utils.translation import gettext as _

from backend.documents.filetypes import content_type_for
from backend.documents.uploads import checked_upload_name, save_with_file
from workflows.errors import ValidationFailed

from .access import check_may_attach
from .models import Evidence


def evidence_add_file(*, subject, actor, upload, note="") -> Evidence:
    check_may_attach(subject, actor)
    name = checked_upload_name(upload)
    evidence = Evidence(
        kind=Evidence.Kind.FILE, name=name, note=note, size=upload.size,
        # The type the checked extension says, never the uploader's Content-Type.
        content_type=content_type_for(os.path.splitext(name)[1].lstrip(".")), uploaded_by=actor,
        **Evidence.subject_fields(subject),
    )
    save_with_file(evidence, "file", name, upload)
    return evidence


def evidence_add_document(*, subject, actor, document, note="") -> Evidence:
    """Evidence that points at a signed document of the subject's agency (its register)."""
    check_may_attach(subject, actor)
    if document.agency_id != subject.event_agency_id:
        raise ValidationFailed(details={"document": [_("no such document")]})
    return Evidence.objects.create(
        kind=Evidence.Kind.DOCUMENT, document=document, url=document.url,
        name=f"{document.number}: {document.summary}"[:255], note=note, uploaded_by=actor,
        **Evidence.subject_fields(subject),
    )


def evidence_add_link(*, subject, actor, url, name="", note="") -> Evidence:
    """A link to evidence kept elsewhere; it is listed under ``name``, or the address itself."""
    check_may_attach(subject, actor)
    return Evidence.objects.create(
        kind=Evidence.Kind.LINK, url=url, name=(name or url)[:255], note=note, uploaded_by=actor,
        **Evidence.subject_fields(subject),
    )
