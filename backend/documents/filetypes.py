"""What an uploaded file really is, read from its first bytes (``filetype``), never from
the name or the Content-Type the uploader sent.

A file is accepted only when its bytes are of the kind its extension says (a PE
executable named ``.pdf`` is refused); it is served later with the type derived here.
Zip files (and the zip-based office formats) are stored as they came: nothing here or
anywhere else ever unpacks an upload, so a zip bomb is only as large as its own bytes.
"""
import filetype

# How much of the file is read to decide (filetype needs at most 8 KiB).
HEAD_BYTES = 8192

# extension → the type it is served with.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "zip": "application/zip",
}
# Shown in the browser: images. Everything else (PDFs too: they may carry scripts) is
# downloaded and opened by the user's own reader.
VIEWABLE = {"png", "jpg", "jpeg"}

# The old Office formats are OLE compound files: filetype recognises some, not all
# (it depends on what the first sector holds), so the container's own signature decides.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_KINDS = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "jar", "apk"}
_OFFICE_ZIPS = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}

# extension → what filetype may call its bytes.
_ACCEPTED_KINDS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "zip": {"zip"},
    # A docx may be recognised as docx or, when its parts come in another order, as a
    # bare zip; never as a zip of another office format.
    **{ext: {ext, "zip"} for ext in _OFFICE_ZIPS},
}


def content_type_for(extension: str) -> str:
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def is_viewable(extension: str) -> bool:
    return extension in VIEWABLE


def detected_kind(head: bytes) -> str:
    """A short name of what the bytes are ("exe", "pdf", "zip", "ole", "text"), or ""."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.extension
    if head.startswith(_OLE_SIGNATURE):
        return "ole"
    if b"\x00" not in head:
        return "text"
    return ""


def matches_extension(extension: str, head: bytes) -> bool:
    kind = detected_kind(head)
    if extension in ("doc", "xls", "ppt"):
        return head.startswith(_OLE_SIGNATURE)
    if extension in ("txt", "csv"):
        return kind == "text" and _decodes_as_text(head)
    return kind in _ACCEPTED_KINDS.get(extension, set())


def _decodes_as_text(head: bytes) -> bool:
    # UTF-8 (a multi-byte character may be cut at the end of the head) or Windows-1258,
    # the Vietnamese code page older spreadsheets export.
    for encoding in ("utf-8", "cp1258"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start >= len(head) - 3:
                return True
    return False


def read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head
