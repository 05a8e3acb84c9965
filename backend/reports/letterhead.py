"""The head and foot of an administrative document (Decree 30/2020/NĐ-CP, form 1.4).

Left: the body the agency belongs to and the agency's name; right: the national title
and motto; below them the number and symbol (left, the number left blank for the
clerk's register) and the place and date (right). At the foot: the recipients (left)
and the signer's title, signature space and name (right). The wording is Vietnamese
whatever the reader's language: it is the document's, not the interface's.
"""
import datetime
from dataclasses import dataclass, field

from backend.accounts.models import Role, User

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Letterhead:
    parent: str            # UBND TỈNH QUẢNG TRỊ
    agency: str            # SỞ XÂY DỰNG
    number: str            # Số: …/BC-SXD
    place_and_date: str    # Quảng Trị, ngày 01 tháng 12 năm 2026
    signer_title: str      # GIÁM ĐỐC
    signer_name: str
    recipients: list = field(default_factory=list)
    national_title: str = NATIONAL_TITLE
    motto: str = MOTTO


def _agency_short(agency) -> str:
    """*Sở Xây dựng tỉnh Quảng Trị* → *SỞ XÂY DỰNG* (the province is in the line above)."""
    name = agency.name
    if agency.province and name.endswith(agency.province):
        name = name[: -len(agency.province)].rstrip()
        for word in ("tỉnh", "thành phố"):
            if name.endswith(word):
                name = name[: -len(word)].rstrip()
    return name.upper()


def letterhead_for(agency, *, on: datetime.date, kind: str = "BC", recipients=()) -> Letterhead:
    """The letterhead of a document of ``kind`` (BC: báo cáo) the agency issues ``on``."""
    head = (User.objects.filter(agency=agency, role=Role.HEAD, is_active=True)
            .order_by("date_joined", "id").first())
    symbol = agency.short_name or "".join(w[0] for w in agency.name.split()[:3]).upper()
    province = agency.province or ""
    return Letterhead(
        parent=f"UBND TỈNH {province.upper()}" if province else "",
        agency=_agency_short(agency),
        number=f"Số:        /{kind}-{symbol}",
        place_and_date=f"{province or '……'}, ngày {on:%d} tháng {on:%m} năm {on:%Y}",
        signer_title="GIÁM ĐỐC",
        signer_name=head.full_name if head else "",
        recipients=list(recipients) or ["Sở Nội vụ;", "Lãnh đạo Sở;", "Lưu: VT, VP."],
    )
