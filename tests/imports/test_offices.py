"""Offices as plans name them: case, spacing, abbreviations and diacritics set aside."""
import pytest

from backend.accounts.models import Office
from backend.imports.offices import OfficeMatcher, split_offices
from tests.factories.accounts import OfficeFactory


@pytest.fixture
def matcher(department):
    OfficeFactory(agency=department.agency, name="Phòng Quản lý nhà và thị trường bất động sản", code="")
    OfficeFactory(agency=department.other_agency, name="Văn phòng Sở", code="VP")  # another agency's
    return OfficeMatcher(Office.objects.filter(agency=department.agency))


@pytest.mark.parametrize(("text", "name"), [
    ("Phòng Quản lý xây dựng", "Phòng Quản lý xây dựng"),
    ("PHÒNG QUẢN LÝ XÂY DỰNG", "Phòng Quản lý xây dựng"),
    ("phong quan ly xay dung", "Phòng Quản lý xây dựng"),
    ("P. QLXD", "Phòng Quản lý xây dựng"),
    ("P.QLXD", "Phòng Quản lý xây dựng"),
    ("Phòng   QLXD", "Phòng Quản lý xây dựng"),
    ("VP Sở", "Văn phòng Sở"),
    ("Văn phòng", "Văn phòng Sở"),
    ("Phòng Kế hoạch - Tài chính", "Phòng Kế hoạch - Tài chính"),
    ("P. KHTC", "Phòng Kế hoạch - Tài chính"),
    ("Phòng HTKT", "Phòng Hạ tầng kỹ thuật và Phát triển đô thị"),
    ("Phòng Hạ tầng kỹ thuật và PTĐT", "Phòng Hạ tầng kỹ thuật và Phát triển đô thị"),
    ("P. QLN", "Phòng Quản lý nhà và thị trường bất động sản"),
])
def test_a_name_as_written_finds_its_office(matcher, department, text, name):
    office, why = matcher.match(text)
    assert why is None and office.name == name and office.agency_id == department.agency.pk


def test_an_unknown_office_is_reported_with_close_names(matcher):
    assert matcher.match("Phòng Tổ chức cán bộ") == (None, "unknown")
    assert matcher.match("Phòng Quản lý xây dựg")[1] == "unknown"
    assert "Phòng Quản lý xây dựng" in matcher.suggestions("Phòng Quản lý xây dựg")


def test_a_name_two_offices_answer_to_is_ambiguous(department):
    OfficeFactory(agency=department.agency, name="Phòng Quản lý chất lượng", code="")
    OfficeFactory(agency=department.agency, name="Phòng Quản lý công lộ", code="")
    matcher = OfficeMatcher(Office.objects.filter(agency=department.agency))
    assert matcher.match("P. QLCL") == (None, "ambiguous")


def test_several_offices_in_one_cell():
    assert split_offices("P. QLXD, VP Sở; Phòng Quy hoạch - Kiến trúc") == [
        "P. QLXD", "VP Sở", "Phòng Quy hoạch - Kiến trúc"]
