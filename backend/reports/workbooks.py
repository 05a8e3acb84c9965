"""A report as a workbook the office edits and prints: the letterhead, the tables with
Vietnamese headings, column widths, borders, A4 with the page number in the footer."""
import io

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TIMES = "Times New Roman"


def cell_text(value):
    """A value as a worksheet can hold it: text loses the control characters XML forbids
    (a title pasted from another program may carry one, and openpyxl refuses the whole
    workbook for it); other values pass as they are."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


class _Sheet:
    def __init__(self, sheet, width):
        self.sheet, self.width, self.row = sheet, width, 0

    def line(self, text="", *, bold=False, italic=False, align="left", size=12):
        self.row += 1
        cell = self.sheet.cell(row=self.row, column=1, value=cell_text(text))
        cell.font = Font(name=TIMES, bold=bold, italic=italic, size=size)
        cell.alignment = Alignment(horizontal=align, wrap_text=True)
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.width)

    def pair(self, left, right, *, bold=False, italic=False):
        """Two halves of a letterhead line, each centred over its half."""
        self.row += 1
        half = self.width // 2
        for start, end, text in ((1, half, left), (half + 1, self.width, right)):
            cell = self.sheet.cell(row=self.row, column=start, value=cell_text(text))
            cell.font = Font(name=TIMES, bold=bold, italic=italic, size=12)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            self.sheet.merge_cells(start_row=self.row, start_column=start, end_row=self.row, end_column=end)

    def table(self, header, rows, footer=None):
        for values, bold in [(header, True), *((r, False) for r in rows), *([(footer, True)] if footer else [])]:
            self.row += 1
            for column, value in enumerate(values, start=1):
                cell = self.sheet.cell(row=self.row, column=column, value=cell_text(value))
                cell.font = Font(name=TIMES, bold=bold, size=11)
                cell.border = BOX
                cell.alignment = Alignment(horizontal="left" if column == 1 else "center",
                                           vertical="top", wrap_text=True)


def _letterhead(out: _Sheet, lh):
    out.pair(lh.parent, lh.national_title, bold=False)
    out.pair(lh.agency, lh.motto, bold=True)
    out.pair(lh.number, lh.place_and_date, italic=False)
    out.line()


def _signature(out: _Sheet, lh):
    out.line()
    out.pair(pgettext("report", "Recipients:"), lh.signer_title, bold=True)
    for recipient in lh.recipients:
        out.pair(f"- {recipient}", "")
    out.line()
    out.line()
    out.pair("", lh.signer_name, bold=True)


def _page_setup(sheet, widths, landscape=False):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left, sheet.page_margins.right = 1.2, 0.7  # inches: 30 mm and 18 mm
    sheet.oddFooter.center.text = "&P / &N"


def _rate(value):
    return float(value) if value is not None else None


def progress_workbook(report, lh) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("report", "Report")[:31]
    widths = [44, 9, 11, 11, 11, 10, 9, 12, 12]
    out = _Sheet(sheet, len(widths))
    _letterhead(out, lh)
    out.line(pgettext("report", "REPORT"), bold=True, align="center", size=14)
    out.line(pgettext("report", "Progress of %(title)s") % {"title": report.plan.title}, bold=True, align="center")
    out.line("(" + pgettext("report", "figures as of %(date)s") % {"date": report.as_of.strftime("%d/%m/%Y")} + ")",
             italic=True, align="center")
    header = [None, pgettext("report", "Tasks"), pgettext("report", "Done on time"), pgettext("report", "Done late"),
              pgettext("report", "In term"), pgettext("report", "Overdue"), pgettext("report", "Cancelled"),
              pgettext("report", "Completion (%)"), pgettext("report", "On time (%)")]

    def row(line, label=None):
        o = line.outcomes
        return [label or line.label, line.total, o["done_on_time"], o["done_late"], o["open_in_term"],
                o["overdue"], o["cancelled"], _rate(line.completion_rate), _rate(line.on_time_rate)]

    total = row(report.total, pgettext("report", "In all"))
    for title, first, lines in ((pgettext("report", "Table 1. Tasks by PAR field"), pgettext("report", "PAR field"),
                                 report.by_field),
                                (pgettext("report", "Table 2. Tasks by lead office"), pgettext("report", "Lead office"),
                                 report.by_office)):
        out.line()
        out.line(title, italic=True)
        out.table([first, *header[1:]], [row(line) for line in lines], total)
    out.line()
    out.line(pgettext("report", "Table 3. Tasks past their due date, not done"), italic=True)
    out.table([pgettext("report", "Task"), pgettext("report", "Code"), pgettext("report", "Lead office"),
               pgettext("report", "Due"), pgettext("report", "State")],
              [[t.title, t.code, t.lead_office.name if t.lead_office else "", t.due_date.strftime("%d/%m/%Y"),
                str(t.get_state_display())] for t in report.overdue])
    _signature(out, lh)
    _page_setup(sheet, widths)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def score_workbook(report, lh) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("report", "Report")[:31]
    widths = [9, 46, 9, 11, 9, 46]
    out = _Sheet(sheet, len(widths))
    _letterhead(out, lh)
    out.line(pgettext("report", "REPORT"), bold=True, align="center", size=14)
    out.line(pgettext("report", "Self-assessment of the criterion “%(name)s”, %(year)s")
             % {"name": report.criterion_name, "year": report.year}, bold=True, align="center")
    out.line("(" + pgettext("report", "figures as of %(date)s") % {"date": report.as_of.strftime("%d/%m/%Y")} + ")",
             italic=True, align="center")
    out.line()
    out.line(pgettext("report", "Table 1. Components, rules, points and evidence"), italic=True)

    def evidence(line):
        parts = []
        if line.counted:
            parts.append(pgettext("report", "Counted:") + "\n" + "\n".join(f"- {t}" for t in line.counted))
        if line.against:
            parts.append(pgettext("report", "Against:") + "\n" + "\n".join(f"- {t}" for t in line.against))
        return "\n".join(parts)

    out.table([pgettext("report", "Code"), pgettext("report", "Component"), pgettext("report", "Max."),
               pgettext("report", "Value"), pgettext("report", "Points"), pgettext("report", "Evidence")],
              [[line.code, f"{line.name}\n{line.rule}", float(line.max_points), line.value, float(line.points),
                evidence(line)] for line in report.lines],
              [pgettext("report", "In all"), "", float(report.max_points), "", float(report.points), ""])
    _signature(out, lh)
    _page_setup(sheet, widths, landscape=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def periodic_workbook(report, lh, title) -> bytes:
    """The periodic report as a workbook: its outline, the four annexes, the signature."""
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("report", "Report")[:31]
    widths = [44, 9, 11, 11, 11, 10, 9, 12, 12]
    out = _Sheet(sheet, len(widths))
    _letterhead(out, lh)
    out.line(pgettext("report", "REPORT"), bold=True, align="center", size=14)
    out.line(title, bold=True, align="center")
    out.line("(" + pgettext("report", "figures as of %(date)s") % {"date": report.cut_off.strftime("%d/%m/%Y")} + ")",
             italic=True, align="center")
    header = [pgettext("report", "Tasks"), pgettext("report", "Done on time"), pgettext("report", "Done late"),
              pgettext("report", "In term"), pgettext("report", "Overdue"), pgettext("report", "Cancelled"),
              pgettext("report", "Completion (%)"), pgettext("report", "On time (%)")]

    def row(line, label=None):
        o = line.outcomes
        return [label or line.label, line.total, o["done_on_time"], o["done_late"], o["open_in_term"],
                o["overdue"], o["cancelled"], _rate(line.completion_rate), _rate(line.on_time_rate)]

    progress = report.progress
    total = row(progress.total, pgettext("report", "In all"))
    for caption, first, lines in ((pgettext("report", "Annex 1. Tasks by PAR field"), pgettext("report", "PAR field"),
                                   progress.by_field),
                                  (pgettext("report", "Annex 2. Tasks by lead office"),
                                   pgettext("report", "Lead office"), progress.by_office)):
        out.line()
        out.line(caption, italic=True)
        out.table([first, *header], [row(line) for line in lines], total)
    out.line()
    out.line(pgettext("report", "Annex 3. Tasks past their due date at the cut-off, with the reason given"),
             italic=True)
    out.table([pgettext("report", "Task"), pgettext("report", "Code"), pgettext("report", "Lead office"),
               pgettext("report", "Due"), pgettext("report", "Reason")],
              [[t.title, t.code, t.lead_office.name if t.lead_office else "", t.due_date.strftime("%d/%m/%Y"),
                t.reason] for t in progress.overdue])
    out.line()
    out.line(pgettext("report", "Annex 4. Inspections of the year and the remediation of their findings"),
             italic=True)
    out.table([pgettext("report", "Inspection"), pgettext("report", "Dates"), pgettext("report", "State"),
               pgettext("report", "Findings")],
              [[i.title, f"{i.start_date:%d/%m/%Y} – {i.end_date:%d/%m/%Y}", state,
                "; ".join(f"{s}: {n}" for s, n in findings.items())] for i, state, findings in report.inspections])
    _signature(out, lh)
    _page_setup(sheet, widths)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
