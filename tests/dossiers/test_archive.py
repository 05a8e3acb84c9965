"""The dossier's names and links: plain file names from Vietnamese text, clickable cells."""
from backend.dossiers.archive import ascii_name, link_to


def test_file_names_are_plain_letters_from_vietnamese():
    assert ascii_name("Báo cáo số 12/BC-SXD (đã ký)") == "bao-cao-so-12-bc-sxd-da-ky"
    assert ascii_name("Đề án “Chuyển đổi số”") == "de-an-chuyen-doi-so"
    assert ascii_name("///") == "tai-lieu" and len(ascii_name("x" * 500)) == 60


def test_a_link_cell_opens_its_target():
    assert link_to("1.2_abc/1.2_0001_bao-cao.pdf") == '=HYPERLINK("1.2_abc/1.2_0001_bao-cao.pdf","1.2_abc/1.2_0001_bao-cao.pdf")'
    assert link_to('https://x.vn/?q="a"') == '=HYPERLINK("https://x.vn/?q=""a""","https://x.vn/?q=""a""")'
    long = "https://x.vn/" + "a" * 300
    assert link_to(long) == long and link_to("") == ""
