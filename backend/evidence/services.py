"""Attaching evidence: checks of who, when, and what may be uploaded."""
import os

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from workflows.errors import ValidationFailed

from .access import check_may_attach
from .filetypes import content_type_for, matches_extension, read_head
from .models import Evidence


def _clean_filename(name: str) -> str:
    base = os.path.basename(name or "").strip() or "file"
    stem, ext = os.path.splitext(base)
    try:
        cleaned = get_valid_filename(stem[:150])
    except SuspiciousFileOperation:  # nothing usable left, e.g. "###.pdf"
        cleaned = "file"
    return f"{cleaned}{ext.lower()[:10]}"


def evidence_add_file(*, subject, actor, upload, note="") -> Evidence:
    check_may_attach(subject, actor)
    name = _clean_filename(upload.name)
    ext = os.path.splitext(name)[1].lstrip(".").lower()
    if ext not in settings.EVIDENCE_ALLOWED_EXTENSIONS:
        raise ValidationFailed(details={"file": [
            _("files of type .%(ext)s are not accepted; allowed: %(allowed)s")
            % {"ext": ext or "?", "allowed": ", ".join(settings.EVIDENCE_ALLOWED_EXTENSIONS)}
        ]})
    if upload.size == 0:
        raise ValidationFailed(details={"file": [_("the file is empty")]})
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationFailed(details={"file": [
            _("the file is larger than %(mb)s MB") % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}
        ]})
    # The bytes must be what the name says; the uploader's Content-Type is never trusted.
    if not matches_extension(ext, read_head(upload)):
        raise ValidationFailed(details={"file": [
            _("the content of the file is not a .%(ext)s file") % {"ext": ext}
        ]})
    evidence = Evidence(
        kind=Evidence.Kind.FILE, name=name, note=note, size=upload.size,
        content_type=content_type_for(ext), uploaded_by=actor,
        **{subject.subject_type: subject},
    )
    _save_with_file(evidence, name, upload)
    return evidence


def _save_with_file(evidence, name, upload):
    """Store the file and insert its row: both or neither.

    The file is written inside the row's transaction, just before the insert (the
    storage picks the final name, which the row records). If the write, the insert or
    the commit fails, the file is deleted and the error goes on: no row without its
    file, no file without its row. A caller's own outer transaction that rolls back
    later is beyond this function (no caller wraps it today: requests are not atomic).
    """
    written = None
    try:
        with transaction.atomic():
            evidence.file.save(name, upload, save=False)
            written = evidence.file.name
            evidence.save()
    except BaseException:
        if written:
            evidence.file.storage.delete(written)
        evidence.file.name = None
        raise


def evidence_add_link(*, subject, actor, url, name="", note="") -> Evidence:
    """A link to evidence kept elsewhere; it is listed under ``name``, or the address itself."""
    check_may_attach(subject, actor)
    return Evidence.objects.create(
        kind=Evidence.Kind.LINK, url=url, name=(name or url)[:255], note=note, uploaded_by=actor,
        **{subject.subject_type: subject},
    )
