"""The sample workbook people download, fill in the way their office writes plans, and import.

It is built for the agency asking: its PAR fields as section rows, its offices listed
on a second sheet with the short names the import also understands, and the deadline
forms it reads.
"""
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .layout import roman_numeral


def worksheet_text(text: str) -> str:
    """Names as a worksheet can hold them: without the control characters XML forbids."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)

# The header words are the plan's own (the import finds its columns by them), in Vietnamese
# whatever the reader's language. (header, width)
HEADERS = (
    ("TT", 6), ("Nội dung nhiệm vụ", 60), ("Đơn vị chủ trì", 24), ("Đơn vị phối hợp", 24),
    ("Thời gian hoàn thành", 18), ("Sản phẩm", 36), ("Cấp giao nhiệm vụ", 20),
)
DEADLINE_EXAMPLES = ("31/12/2026", "Quý II/2026", "Tháng 6/2026", "Trước 30/6", "6 tháng đầu năm",
                     "Thường xuyên")


def template_workbook(*, fields, offices, year) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kế hoạch"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([_("TASKS OF THE PUBLIC ADMINISTRATION REFORM PLAN, YEAR %(year)s") % {"year": year}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append([])
    sheet.append([h for h, _w in HEADERS])
    sheet.append([f"({i})" for i in range(1, len(HEADERS) + 1)])
    for index, (_h, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        for row in (3, 4):
            cell = sheet.cell(row=row, column=index)
            cell.font, cell.border = Font(bold=True), box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, f in enumerate(fields, start=1):
        sheet.append([roman_numeral(number), worksheet_text(f.name.upper())])
        sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
        for _blank in range(3):  # room for the field's tasks
            sheet.append([])
    for row in sheet.iter_rows(min_row=5, max_row=sheet.max_row, max_col=len(HEADERS)):
        for cell in row:
            cell.border = box
            cell.alignment = Alignment(vertical="top", wrap_text=True)

    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 48
    guide.column_dimensions["B"].width = 16
    guide.append([_("How to fill in the plan")])
    guide["A1"].font = Font(bold=True)
    for line in (
        _("One task per row; a PAR field is a section row (I, II, …) above its tasks."),
        _("The lead office is written as its name or short name (e.g. “P. QLXD”, “VP Sở”)."),
        _("The deadline may be a date or a phrase: %(examples)s.") % {"examples": "; ".join(DEADLINE_EXAMPLES)},
        _("Nothing is saved until you have checked the preview and confirmed it."),
    ):
        guide.append([line])
    lead = worksheet_text(offices[0].name) if offices else ""
    guide.append([])
    guide.append([_("For example:")])
    guide.append([h for h, _w in HEADERS])
    guide.append(["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"])
    guide.append([1, "Ban hành Kế hoạch kiểm tra công tác CCHC năm %s" % year, lead, "", "Quý I/%s" % year,
                  "Kế hoạch được ban hành", "Sở"])
    guide.append([2, "Báo cáo kết quả thực hiện nhiệm vụ UBND tỉnh giao", lead, "", "Trước 15/6",
                  "Báo cáo gửi UBND tỉnh", "UBND tỉnh"])
    guide.append([])
    guide.append([_("Offices of the agency"), _("Short name")])
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
    for office in offices:
        guide.append([worksheet_text(office.name), worksheet_text(office.code or "")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
