"""Writing the dossier: a zip streamed to disk, file by file, and its index workbook.

Nothing is held whole in memory: each file is copied into the zip in 1 MiB pieces, the
index is an openpyxl write-only workbook (its rows go to a temporary file as they come),
the items are read a page at a time. What grows with the dossier is only the zip's own
directory and the set of files already stored (so a file backing several points is
stored once, in the folder of the first component it backs, and the index names that
path wherever it backs another).
"""
import datetime
import logging
import os
import shutil
import unicodedata
import zipfile

from django.utils import formats, timezone
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from backend.reports.workbooks import cell_text

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024
# Formats that are compressed already: stored as they are, not deflated again.
STORED = {"pdf", "jpg", "jpeg", "png", "gif", "zip", "rar", "7z", "docx", "xlsx", "pptx", "odt", "ods",
          "odp", "mp4", "mp3"}
INDEX_NAME = "00_muc-luc-tai-lieu-kiem-chung.xlsx"
WRAP = Alignment(wrap_text=True, vertical="top")


def ascii_name(text, limit=60) -> str:
    """Vietnamese text as a plain file name: "Báo cáo số 12/BC" → "bao-cao-so-12-bc".

    Plain ASCII so the names survive every unzip tool and file system the offices use.
    """
    text = str(text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out, dash = [], False
    for ch in text:
        if ch.isalnum() or ch in "._":
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-._")[:limit].rstrip("-._") or "tai-lieu"


def folder_of(component) -> str:
    """The component's folder: its code, then its name ("1.2_muc-do-hoan-thanh-ke-hoach")."""
    c = component.criterion
    return f"{c.code}_{ascii_name(c.name, 50)}"


class Archive:
    """The zip being written, with the files already in it (by source key)."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=6)
        self.stored = {}
        self.files = 0
        self._stamp = timezone.localtime().timetuple()[:6]

    def add_source(self, folder, prefix, source) -> str | None:
        """The path of ``source``'s file in the zip (copied now unless already there);
        None when the storage no longer has the file."""
        if source.key in self.stored:
            return self.stored[source.key]
        stem, ext = os.path.splitext(os.path.basename(source.file.name))
        ext = ext.lower().lstrip(".")[:10]
        label = source.label or (os.path.splitext(source.name)[0] if source.kind == "file" else source.name)
        arcname = f"{folder}/{prefix}_{ascii_name(label or stem)}" + (f".{ext}" if ext else "")
        info = zipfile.ZipInfo(arcname, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_STORED if ext in STORED else zipfile.ZIP_DEFLATED
        try:
            handle = source.file.open("rb")
        except (FileNotFoundError, ValueError, OSError):
            return None
        try:
            with self.zip.open(info, "w", force_zip64=True) as out:
                shutil.copyfileobj(handle, out, CHUNK)
        finally:
            handle.close()
        self.stored[source.key] = arcname
        self.files += 1
        return arcname

    def add_path(self, path, arcname):
        self.zip.write(path, arcname)

    def add_bytes(self, data: bytes, arcname):
        self.zip.writestr(zipfile.ZipInfo(arcname, date_time=self._stamp), data, zipfile.ZIP_DEFLATED)

    def close(self):
        self.zip.close()


class Index:
    """The index workbook: which file or link backs which point, and what counts against."""

    HEADER = (pgettext_lazy("dossier", "No."), pgettext_lazy("dossier", "Code"),
              pgettext_lazy("dossier", "Criterion"), pgettext_lazy("dossier", "Max. points"),
              pgettext_lazy("dossier", "Points"), pgettext_lazy("dossier", "Counted item"),
              pgettext_lazy("dossier", "Evidence"), pgettext_lazy("dossier", "Kind"),
              pgettext_lazy("dossier", "File in the dossier or link"), pgettext_lazy("dossier", "Note"))
    WIDTHS = (6, 9, 40, 9, 9, 45, 50, 12, 60, 30)

    def __init__(self, *, agency, year, result, as_of):
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(pgettext("dossier", "Index"))
        self.against = self.book.create_sheet(pgettext("dossier", "Not counted"))
        self.rows = 0
        bold = Font(bold=True)
        for sheet, widths in ((self.sheet, self.WIDTHS), (self.against, (9, 60, 12, 20))):
            for position, width in enumerate(widths):
                sheet.column_dimensions[chr(ord("A") + position)].width = width
        day = formats.date_format(as_of, "SHORT_DATE_FORMAT") if isinstance(as_of, datetime.date) else ""
        self._title(self.sheet, [
            pgettext("dossier", "EVIDENCE DOSSIER"),
            pgettext("dossier", "%(criterion)s, year %(year)s") % {"criterion": result.field.name, "year": year},
            agency.name,
            pgettext("dossier", "Data as of %(day)s; self-assessed points: %(points)s / %(max)s") % {
                "day": day, "points": _number(result.points), "max": _number(result.max_points)},
        ], bold)
        self.sheet.append([self._cell(self.sheet, str(label), bold) for label in self.HEADER])
        self._title(self.against, [pgettext("dossier", "Items that count against the points")], bold)
        self.against.append([self._cell(self.against, text, bold) for text in (
            pgettext("dossier", "Code"), pgettext("dossier", "Item"), pgettext("dossier", "Due date"),
            pgettext("dossier", "State"))])

    @staticmethod
    def _cell(sheet, value, font=None):
        # Styled cells only where they say something (headings, links): a style on every
        # cell of 100,000 rows would be most of the index's cost.
        cell = WriteOnlyCell(sheet, value=cell_text(value))
        if font is not None:
            cell.font = font
            cell.alignment = WRAP
        return cell

    def _title(self, sheet, lines, bold):
        for line in lines:
            sheet.append([self._cell(sheet, line, bold)])
        sheet.append([])

    def line(self, component, item_title, source=None, where="", note=""):
        self.rows += 1
        c = component.criterion
        kind = {"file": pgettext("dossier", "file"), "link": pgettext("dossier", "link"),
                "document": pgettext("dossier", "document")}.get(source.kind, "") if source else ""
        self.sheet.append([cell_text(v) for v in (
            self.rows, c.code, c.name, float(c.max_points), float(component.points), item_title,
            source.name if source else "", kind, link_to(where),
            "; ".join(x for x in (source.note if source else "", note) if x),
        )])

    def against_line(self, component, item, state):
        self.against.append([cell_text(v) for v in (
            component.criterion.code, item.get("title") or "", item.get("due_date") or "", state)])

    def save(self, path):
        self.book.save(path)

    def discard(self):
        """A build that failed: close the sheets' temporary files (they would be closed
        by the garbage collector otherwise, with a warning)."""
        for sheet in (self.sheet, self.against):
            try:
                sheet.close()
            except Exception:  # noqa: BLE001  (already closed, or closing fails too: nothing to keep)
                log.debug("index sheet already closed", exc_info=True)


def link_to(where: str) -> str:
    """A cell that opens ``where`` (a path beside the index once the zip is unpacked, or a
    web address) when clicked: a HYPERLINK formula, not a cell hyperlink, because
    openpyxl keeps every cell hyperlink in memory until the sheet is saved (a kilobyte
    each: 5,000 files, 6 MiB) while a formula is written out with its row. Excel takes
    at most 255 characters there; a longer address stays plain text."""
    if not where or len(where) > 255:
        return where
    quoted = where.replace('"', '""')
    return f'=HYPERLINK("{quoted}","{quoted}")'


def _number(value):
    return formats.number_format(value, 2, use_l10n=True)
