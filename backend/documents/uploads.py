"""The rules every uploaded file follows (evidence and signed documents alike): a clean
name, an accepted type, a size limit, and the file stored together with its row or not
at all."""
import os

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from workflows.errors import ValidationFailed

from .filetypes import matches_extension, read_head


def clean_filename(name: str) -> str:
    base = os.path.basename(name or "").strip() or "file"
    stem, ext = os.path.splitext(base)
    try:
        cleaned = get_valid_filename(stem[:150])
    except SuspiciousFileOperation:  # nothing usable left, e.g. "###.pdf"
        cleaned = "file"
    return f"{cleaned}{ext.lower()[:10]}"


def checked_upload_name(upload, *, field="file") -> str:
    """The upload's clean name, once its type and size pass (``ValidationFailed`` otherwise)."""
    name = clean_filename(upload.name)
    ext = os.path.splitext(name)[1].lstrip(".").lower()
    if ext not in settings.EVIDENCE_ALLOWED_EXTENSIONS:
        raise ValidationFailed(details={field: [
            _("files of type .%(ext)s are not accepted; allowed: %(allowed)s")
            % {"ext": ext or "?", "allowed": ", ".join(settings.EVIDENCE_ALLOWED_EXTENSIONS)}
        ]})
    if upload.size == 0:
        raise ValidationFailed(details={field: [_("the file is empty")]})
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationFailed(details={field: [
            _("the file is larger than %(mb)s MB") % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}
        ]})
    # The bytes must be what the name says; the uploader's Content-Type is never trusted.
    if not matches_extension(ext, read_head(upload)):
        raise ValidationFailed(details={field: [
            _("the content of the file is not a .%(ext)s file") % {"ext": ext}
        ]})
    return name


def save_with_file(row, file_field, name, upload):
    """Store the file and insert its row: both or neither.

    The file is written inside the row's transaction, just before the insert (the
    storage picks the final name, which the row records). If the write, the insert or
    the commit fails, the file is deleted and the error goes on: no row without its
    file, no file without its row. A caller's own outer transaction that rolls back
    later is beyond this function.
    """
    stored = getattr(row, file_field)
    written = None
    try:
        with transaction.atomic():
            stored.save(name, upload, save=False)
            written = stored.name
            row.save()
    except BaseException:
        if written:
            stored.storage.delete(written)
        stored.name = None
        raise
