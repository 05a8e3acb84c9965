"""The layout of a reform plan's task table: which column is which, which rows are tasks.

Plans are tables with a header row (*TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị
phối hợp | Thời gian hoàn thành | Sản phẩm*), often a row numbering the columns under
it, and the PAR fields as section rows (*I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC*) or as a
column of their own. The header is found by its words, wherever it is in the first
rows; the title and signature lines around the table are ignored.
"""
import re
from dataclasses import dataclass

from .text import fold

# Column role → words a header cell of that column contains (folded), most specific first.
HEADER_WORDS = {
    "supporting": ("phoi hop",),
    "lead_office": ("chu tri", "don vi thuc hien", "co quan thuc hien", "phong thuc hien"),
    "due": ("thoi gian hoan thanh", "thoi han", "han hoan thanh", "thoi gian", "tien do"),
    "output": ("san pham", "ket qua du kien", "ket qua dau ra", "ket qua"),
    "field": ("linh vuc",),
    "source": ("nguon", "cap giao", "van ban giao", "can cu"),
    "description": ("ghi chu", "mo ta"),
    "code": ("stt", "so tt", "ma nhiem vu", "ma so", "ma", "tt"),
    "title": ("noi dung", "ten nhiem vu", "nhiem vu"),
}
HEADER_SCAN_ROWS = 30
ROMAN = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})[.)]?$")
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def roman_value(text: str) -> int | None:
    text = text.strip().rstrip(".)").lower()
    if not text or not ROMAN.match(text):
        return None
    total, previous = 0, 0
    for ch in reversed(text):
        value = ROMAN_VALUES[ch]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total or None


def _role(header_text: str) -> str | None:
    folded = fold(header_text)
    if not folded:
        return None
    for role, words in HEADER_WORDS.items():
        for word in words:
            if role == "code" and word in ("tt", "ma"):
                if folded == word or folded.startswith(word + " "):
                    return role
            elif word in folded:
                return role
    return None


@dataclass
class Layout:
    header_row: int            # Excel row number of the header
    columns: dict              # role → 0-based column index


def find_layout(rows) -> Layout | None:
    """The header row among the first rows: the one naming the most roles, a content
    column among them."""
    best = None
    for number, values in rows[:HEADER_SCAN_ROWS]:
        columns = {}
        for index, value in enumerate(values):
            if isinstance(value, str):
                role = _role(value)
                if role and role not in columns:
                    columns[role] = index
        if "title" in columns and len(columns) >= 3 and (best is None or len(columns) > len(best.columns)):
            best = Layout(number, columns)
    return best


def is_numbering_row(values) -> bool:
    """The row under a header that numbers its columns: (1) (2) (3) … or 1 2 3 …"""
    cells = [str(v).strip() for v in values if v not in (None, "")]
    return len(cells) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", c) for c in cells)


def roman_numeral(number: int) -> str:
    """1 → I, 4 → IV, 8 → VIII: section numbers as plans write them."""
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out
