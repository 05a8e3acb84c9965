"""A plan's task table (the sheet's rows) → the tasks it holds, with every problem by cell.

Pure reading: the offices, fields and existing codes are given, nothing is written.
A *problem* blocks the import (an office no one can find, a deadline that cannot be
read, a code used twice); a *warning* does not (no lead office yet, a deadline outside
the plan's year, a hidden row). Each names its Excel row and column, as the user sees
them.
"""
import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .deadlines import UnreadableDeadline, read_deadline
from .layout import find_layout, is_numbering_row, roman_value
from .offices import OfficeMatcher, split_offices
from .text import clean, fold
from .workbook import column_letter

MAX_CODE = 32
MAX_TITLE = 500

# Who assigned the task (*cấp giao*), by the words of the source column (folded).
SOURCES = (
    ("chairman", ("chu tich",)),
    ("province", ("ubnd tinh", "uy ban nhan dan tinh", "tinh uy", "hdnd tinh")),
    ("home_affairs", ("so noi vu",)),
    ("superior", ("bo ", "chinh phu", "thu tuong", "trung uong", "bo xay dung", "van phong chinh phu")),
)


def read_source(text) -> str:
    folded = fold(text) + " "
    for value, words in SOURCES:
        if any(word in folded for word in words):
            return value
    return "own"


@dataclass
class Reading:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


class _FieldMatcher:
    def __init__(self, fields):
        self.fields = sorted(fields, key=lambda f: (len(f.code), f.code))
        self.by_code = {f.code: f for f in self.fields}
        self.by_name = {fold(f.name): f for f in self.fields}

    def match(self, text):
        raw = clean(text)
        head = re.match(r"^([ivxIVX]+|\d+)[.)]?\s+", raw)
        number = None
        if head:
            number = roman_value(head.group(1)) or (int(head.group(1)) if head.group(1).isdigit() else None)
            raw = raw[head.end():]
        elif roman_value(raw) or raw.isdigit():
            number = roman_value(raw) or int(raw)
            raw = ""
        folded = fold(raw)
        if folded:
            for name, f in self.by_name.items():
                if name in folded or folded in name:
                    return f
            close = difflib.get_close_matches(folded, list(self.by_name), n=1, cutoff=0.6)
            if close:
                return self.by_name[close[0]]
        if number is not None:
            return self.by_code.get(str(number))
        return None


def read_table(sheet, *, plan_year, offices, fields, existing_codes) -> Reading:
    reading = Reading()
    layout = find_layout(sheet.rows)
    if layout is None:
        reading.problems.append({"row": None, "column": None, "field": "file", "message": _(
            "no task table was found: the sheet needs a header row with at least the task's "
            "content, its lead office and its deadline")})
        return reading
    cols = layout.columns
    matcher, field_matcher = OfficeMatcher(offices), _FieldMatcher(fields)
    if sheet.hidden_sheets:
        reading.warnings.append({"row": None, "column": None, "field": "file", "message": _(
            "hidden sheets were not read: %(names)s") % {"names": ", ".join(sheet.hidden_sheets)}})

    def cell(values, role):
        index = cols.get(role)
        return values[index] if index is not None and index < len(values) else None

    def note(kind, number, role, message):
        index = cols.get(role)
        getattr(reading, kind).append({
            "row": number, "column": column_letter(index) if index is not None else None,
            "field": role, "message": str(message)})

    section, counters, seen_codes = None, {}, {}
    for number, values in sheet.rows:
        if number <= layout.header_row:
            continue
        if not any(v not in (None, "") for v in values) or is_numbering_row(values):
            continue
        title = clean(cell(values, "title"))
        code_text = clean(cell(values, "code"))
        details = [cell(values, r) for r in ("lead_office", "supporting", "due", "output")]
        texts = [clean(v) for v in values if clean(v)]
        if not any(clean(d) for d in details) and not isinstance(cell(values, "due"), (int, float)):
            # A section or group heading: no office, no deadline, no output.
            heading = " ".join(t for t in (code_text, title) if t) or (texts[0] if texts else "")
            found = field_matcher.match(heading)
            if found is not None and (roman_value(code_text) or not code_text or heading.isupper()
                                      or title == "" or fold(found.name) in fold(heading)):
                section = found
                continue
            note("warnings", number, "title", _("read as a heading, not a task: “%(text)s”")
                 % {"text": heading[:120]})
            continue
        for index, formula in ((i, f) for (r, i), f in sheet.unevaluated.items() if r == number):
            reading.problems.append({"row": number, "column": column_letter(index - 1), "field": None,
                                     "message": _("a formula without a calculated value (%(f)s): open the "
                                                  "file in Excel and save it again") % {"f": formula[:60]}})
        row = {"row": number, "title": title, "description": clean(cell(values, "description")),
               "expected_output": clean(cell(values, "output"))[:MAX_TITLE]}
        if number in sheet.hidden_rows:
            note("warnings", number, "title", _("this row is hidden in the sheet; it is imported"))

        # PAR field: its own column, else the section the row is under.
        task_field = section
        if cols.get("field") is not None and clean(cell(values, "field")):
            task_field = field_matcher.match(cell(values, "field"))
            if task_field is None:
                note("problems", number, "field", _("no PAR field is called “%(text)s”")
                     % {"text": clean(cell(values, "field"))})
        elif task_field is None:
            note("problems", number, "title", _("the task is under no PAR field: add a section row "
                                                "(e.g. “I. Công tác chỉ đạo, điều hành”) or a field column"))
        row["field"] = task_field.pk if task_field else None
        row["field_name"] = f"{task_field.code}. {task_field.name}" if task_field else ""

        if not title:
            note("problems", number, "title", _("the task's content is empty"))
        elif len(title) > MAX_TITLE:
            note("problems", number, "title", _("the task's content is longer than %(n)s characters")
                 % {"n": MAX_TITLE})

        # Code: as written; a plain number within a section is numbered inside its field.
        if re.fullmatch(r"\d+[.)]?", code_text) and task_field is not None:
            code = f"{task_field.code}.{int(code_text.rstrip('.)'))}"
        elif code_text:
            code = code_text.rstrip(".")
        else:
            key = task_field.code if task_field else "0"
            counters[key] = counters.get(key, 0) + 1
            code = f"{key}.{counters[key]}"
        row["code"] = code
        if len(code) > MAX_CODE:
            note("problems", number, "code", _("the code is longer than %(n)s characters") % {"n": MAX_CODE})
        elif code in existing_codes:
            note("problems", number, "code", _("the plan already has a task %(code)s") % {"code": code})
        elif code in seen_codes:
            note("problems", number, "code", _("code %(code)s is also used on row %(row)s")
                 % {"code": code, "row": seen_codes[code]})
        seen_codes.setdefault(code, number)

        office_text = clean(cell(values, "lead_office"))
        row["lead_office_text"] = office_text
        row["lead_office"], row["lead_office_name"] = None, ""
        if office_text:
            office, why = matcher.match(office_text)
            if office is None:
                hint = matcher.suggestions(office_text)
                message = (_("“%(text)s” names more than one office") if why == "ambiguous"
                           else _("no office is called “%(text)s”")) % {"text": office_text}
                if hint:
                    message += " " + _("(did you mean: %(names)s?)") % {"names": "; ".join(hint)}
                note("problems", number, "lead_office", message)
            else:
                row["lead_office"], row["lead_office_name"] = office.pk, office.name
        else:
            note("warnings", number, "lead_office", _("no lead office: it can be chosen when the task is assigned"))

        supporting, names = [], []
        for part in split_offices(cell(values, "supporting")):
            found, _why = matcher.match(part)
            pieces = [part] if found else [p for p in re.split(r"\s+và\s+|\s+va\s+", part) if p.strip()]
            for piece in pieces:
                office, _why = (found, None) if found else matcher.match(piece)
                if office is None:
                    note("problems", number, "supporting", _("no office is called “%(text)s”") % {"text": piece})
                elif office.pk != row["lead_office"] and office.pk not in supporting:
                    supporting.append(office.pk)
                    names.append(office.name)
        row["supporting_offices"], row["supporting_office_names"] = supporting, names

        due_value = cell(values, "due")
        row["due_text"] = clean(due_value) if not hasattr(due_value, "year") else due_value.strftime("%d/%m/%Y")
        row["due_date"], row["due_rule"] = None, ""
        if due_value in (None, ""):
            note("warnings", number, "due", _("no deadline: it can be set when the task is assigned"))
        else:
            try:
                deadline = read_deadline(due_value, plan_year)
            except UnreadableDeadline as exc:
                note("problems", number, "due", exc)
            else:
                row["due_date"], row["due_rule"] = deadline.due_date.isoformat(), deadline.rule
                if deadline.due_date.year != plan_year:
                    note("warnings", number, "due", _("the deadline is outside the plan's year %(year)s")
                         % {"year": plan_year})

        source_text = clean(cell(values, "source"))
        row["source_text"], row["source"] = source_text, read_source(source_text)
        reading.rows.append(row)

    if not reading.rows and not reading.problems:
        reading.problems.append({"row": None, "column": None, "field": "file",
                                 "message": _("the table has no task rows")})
    return reading
