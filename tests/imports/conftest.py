"""Plan workbooks as departments write them, built with openpyxl, and a client to upload them."""
import io

import pytest
from openpyxl import Workbook

from tests.factories.accounts import OfficeFactory

FIELD_NAMES = ["Công tác chỉ đạo, điều hành CCHC", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
               "Cải cách thủ tục hành chính"]
HEADER = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"]


@pytest.fixture
def department(world):
    """The test world with real PAR field names and the offices a Sở has."""
    for field, name in zip(world.fields, FIELD_NAMES):
        field.name = name
        field.save(update_fields=["name"])
    world.office_a.code = "QLXD"
    world.office_a.save(update_fields=["code"])
    world.vp = OfficeFactory(agency=world.agency, name="Văn phòng Sở", code="VP")
    world.htkt = OfficeFactory(agency=world.agency, name="Phòng Hạ tầng kỹ thuật và Phát triển đô thị", code="")
    return world


def workbook(rows, *, title="KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026", merges=(), setup=None) -> bytes:
    """A sheet with the usual title lines, the header, the column numbers, then ``rows``."""
    book = Workbook()
    sheet = book.active
    sheet.title = "KH CCHC"
    sheet.append(["UBND TỈNH QUẢNG TRỊ", None, None, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["SỞ XÂY DỰNG", None, None, "Độc lập - Tự do - Hạnh phúc"])
    sheet.append([])
    sheet.append([title])
    sheet.append(HEADER)
    sheet.append([f"({i})" for i in range(1, len(HEADER) + 1)])
    for row in rows:
        sheet.append(list(row))
    for block in merges:
        sheet.merge_cells(block)
    if setup:
        setup(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, plan, data, name="ke-hoach.xlsx"):
    return client.client.post(f"/api/v1/plans/{plan.pk}/imports/",
                              {"file": _named(data, name)}, format="multipart")


def _named(data, name):
    f = io.BytesIO(data)
    f.name = name
    return f
