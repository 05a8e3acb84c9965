"""A one-page PDF standing in for the signed result a demo task hands in (a scan, in real
life). Written out directly, a few hundred bytes, so seeding stays fast: the text is in
plain letters (the PDF's built-in font has no Vietnamese marks)."""
import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile


def _plain(text) -> str:
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.replace("\\", "").replace("(", "[").replace(")", "]")


def _pdf(lines) -> bytes:
    text = "BT /F1 13 Tf 56 780 Td 18 TL " + " ".join(f"({_plain(line)[:90]}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


def result_scan(task, output, agency_name) -> SimpleUploadedFile:
    data = _pdf([agency_name.upper(), "", f"BAO CAO KET QUA THUC HIEN NHIEM VU {task.code}", task.title, output])
    return SimpleUploadedFile(f"bao-cao-ket-qua-{task.code.replace('.', '-')}.pdf", data,
                              content_type="application/pdf")
