"""How the import compares what people type: case, spacing and diacritics set aside.

``fold("  Phòng  Quản lý XÂY DỰNG ")`` is ``"phong quan ly xay dung"``: offices, section
headings and deadline phrases are matched on folded text.
"""
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s/]", re.UNICODE)


def fold(text) -> str:
    text = str(text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = _PUNCTUATION.sub(" ", text.lower())
    return _SPACES.sub(" ", text).strip()


def clean(text) -> str:
    """A cell's text as written, with its spacing tidied (line breaks, doubled spaces)."""
    return _SPACES.sub(" ", str(text or "")).strip()
