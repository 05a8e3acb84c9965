"""Opening an uploaded plan workbook safely and reading its cells as the user sees them.

Before openpyxl parses anything the file must be an .xlsx package of a sane size: a zip
whose parts expand to a bounded total (a zip bomb expands a few kilobytes to gigabytes),
holding a workbook. Then the first visible sheet is read: a formula gives the value
Excel last calculated (stored in the file), a cell inside a block merged over several
rows gives the block's value (an office written once for three tasks belongs to all
three), hidden sheets are left out and hidden rows reported.
"""
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from workflows.errors import ValidationFailed

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_EXPANDED_BYTES = 30 * 1024 * 1024  # all parts, uncompressed (a 2,000-row plan: ~2 MB)
MAX_RATIO = 200  # uncompressed / compressed, per part above 1 MB
MAX_ROWS = 5000
MAX_COLUMNS = 60
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls


def _refuse(message):
    raise ValidationFailed(message, {"file": [str(message)]})


@dataclass
class Sheet:
    title: str
    rows: list = field(default_factory=list)        # (excel row number, [values])
    hidden_rows: set = field(default_factory=set)
    unevaluated: dict = field(default_factory=dict)  # (row, column index) → formula
    hidden_sheets: list = field(default_factory=list)


def check_size(size: int) -> None:
    """Refuse a file too big to read, before it is read."""
    if size > MAX_FILE_BYTES:
        _refuse(_("the file is larger than %(mb)s MB") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})


def _check_package(data: bytes) -> None:
    if not data:
        _refuse(_("the file is empty"))
    check_size(len(data))
    if data.startswith(OLE2_MAGIC):
        _refuse(_("this is an old Excel file (.xls): open it in Excel and save it as .xlsx"))
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        _refuse(_("the file is not an Excel workbook (.xlsx)"))
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        _refuse(_("the file is not an Excel workbook (.xlsx)"))
    total = 0
    for part in parts:
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if total > MAX_EXPANDED_BYTES or (part.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            _refuse(_("the workbook expands to far more than its size; it cannot be read safely"))


def read_sheet(data: bytes) -> Sheet:
    """The first visible worksheet's cells; a refusal (ValidationFailed on ``file``) for
    anything that is not a workbook that can be read safely."""
    _check_package(data)
    try:
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds for a broken package
        _refuse(_("the workbook is damaged and cannot be read"))
    visible = [ws for ws in formulas.worksheets if ws.sheet_state == "visible"]
    if not visible:
        _refuse(_("the workbook has no visible sheet"))
    ws = visible[0]
    if ws.max_row > MAX_ROWS + 50:
        _refuse(_("the sheet has more than %(n)s rows") % {"n": MAX_ROWS})
    width = min(ws.max_column, MAX_COLUMNS)
    sheet = Sheet(title=ws.title,
                  hidden_sheets=[s.title for s in formulas.worksheets if s.sheet_state != "visible"])
    grid, formula_cells = {}, {}
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=width):
        for cell in row:
            if cell.value is None:
                continue
            if cell.data_type == "f":
                formula_cells[(cell.row, cell.column)] = str(cell.value)
            else:
                grid[(cell.row, cell.column)] = cell.value
    if formula_cells:
        # What Excel last calculated is stored beside each formula: a second load reads it.
        try:
            values = load_workbook(io.BytesIO(data), data_only=True)[ws.title]
        except Exception:
            _refuse(_("the workbook is damaged and cannot be read"))
        for (r, c), formula in formula_cells.items():
            value = values.cell(row=r, column=c).value
            if value is None:
                sheet.unevaluated[(r, c)] = formula
            else:
                grid[(r, c)] = value
    # A block merged over several rows holds its value in its top-left cell only.
    for block in ws.merged_cells.ranges:
        if block.min_row == block.max_row:
            continue  # merged across one row (a heading): the value stays where it is
        top = grid.get((block.min_row, block.min_col))
        for r in range(block.min_row + 1, block.max_row + 1):
            grid[(r, block.min_col)] = top
    sheet.hidden_rows = {number for number, dims in ws.row_dimensions.items() if dims.hidden}
    for number in range(1, ws.max_row + 1):
        sheet.rows.append((number, [grid.get((number, c)) for c in range(1, width + 1)]))
    return sheet


def column_letter(index: int) -> str:
    """0-based column index → the letter Excel shows (A, B, … AA)."""
    return get_column_letter(index + 1)
