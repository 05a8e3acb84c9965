"""How long a 2,000-row plan takes to import from Excel, and how much memory, next to bare.

1. a realistic workbook (title lines, header, eight sections, 2,000 task rows with office
   abbreviations and deadline phrases) built with openpyxl;
2. the preview (``backend.imports.services.import_preview``: the safety checks, both
   openpyxl loads, offices and deadlines read, problems by cell, the preview stored);
3. the confirmation (``import_confirm``: 2,000 ``task_create`` calls in one transaction);
4. the bare baseline in the same run: openpyxl reading the same file once (read-only,
   values only) and one ``bulk_create`` of the same 2,000 tasks;
time (median of ``--repeat``) and peak Python memory (tracemalloc) of each, and ratios.

    .venv/bin/python bench/plan_import.py                     # SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/par_bench_import .venv/bin/python bench/plan_import.py
"""
import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ["PAR_EMBEDDED_SCHEDULER"] = "0"
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench-import.sqlite3"

OFFICES = [("Văn phòng Sở", "VP", "VP Sở"), ("Phòng Quản lý xây dựng", "QLXD", "P. QLXD"),
           ("Phòng Kế hoạch - Tài chính", "KHTC", "Phòng KHTC"),
           ("Phòng Quy hoạch - Kiến trúc", "QHKT", "phòng quy hoạch - kiến trúc"),
           ("Phòng Hạ tầng kỹ thuật và Phát triển đô thị", "", "Phòng HTKT")]
DEADLINES = ["Quý II/{y}", "Tháng 6/{y}", "Trước 30/9", "6 tháng đầu năm", "Thường xuyên", "15/11/{y}"]


def build_workbook(rows: int, year: int, field_names) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    sheet.append(["UBND TỈNH", None, None, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append([f"KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year}"])
    sheet.append(["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"])
    per_field = rows // len(field_names)
    n = 0
    for f, name in enumerate(field_names):
        sheet.append([str(f + 1), name.upper()])
        for i in range(per_field if f < len(field_names) - 1 else rows - n):
            office = OFFICES[(n + f) % len(OFFICES)][2]
            helper = OFFICES[(n + 1) % len(OFFICES)][2]
            sheet.append([i + 1, f"Nhiệm vụ cải cách hành chính số {n + 1} của lĩnh vực {f + 1}", office, helper,
                          DEADLINES[n % len(DEADLINES)].format(y=year), "Báo cáo kết quả thực hiện"])
            n += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure(fn, repeat):
    times, peaks, result = [], [], None
    for _ in range(repeat):
        tracemalloc.start()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), max(peaks), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection, transaction  # noqa: PLC0415
    from openpyxl import load_workbook  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    from backend.accounts.models import Agency, Office, Role, User  # noqa: PLC0415
    from backend.criteria.models import Criterion, Methodology  # noqa: PLC0415
    from backend.imports.services import import_confirm, import_preview  # noqa: PLC0415
    from backend.plans.models import ReformPlan, Task  # noqa: PLC0415

    year = datetime.date.today().year + 1
    methodology = Methodology.objects.get(code="dept-template-876")
    fields = sorted(Criterion.objects.filter(methodology=methodology, parent=None), key=lambda f: int(f.code))
    agency, _ = Agency.objects.get_or_create(name="Sở Xây dựng (bench import)", defaults={
        "short_name": "SXD", "province": "Bench", "methodology": methodology})
    for name, code, _alias in OFFICES:
        Office.objects.get_or_create(agency=agency, name=name, defaults={"code": code})
    head, _ = User.objects.get_or_create(username="bench_import_head", defaults={
        "role": Role.HEAD, "agency": agency, "full_name": "Giám đốc"})
    data = build_workbook(args.rows, year, [f.name for f in fields])
    print(f"workbook: {args.rows} task rows in {len(fields)} sections, {len(data) / 1024:.0f} KiB; "
          f"database: {connection.vendor}")

    def fresh_plan():
        Task.objects.filter(plan__agency=agency).delete()
        ReformPlan.objects.filter(agency=agency).delete()
        return ReformPlan.objects.create(agency=agency, year=year, title="Bench", created_by=head,
                                         issue_deadline=datetime.date(year - 1, 12, 15))

    plan = fresh_plan()
    preview_s, preview_peak, record = measure(
        lambda: import_preview(actor=head, plan=plan, file_name="bench.xlsx", data=data), args.repeat)
    assert not record.problems, record.problems[:3]
    assert len(record.rows) == args.rows

    def confirm():
        p = fresh_plan()
        r = import_preview(actor=head, plan=p, file_name="bench.xlsx", data=data)
        t0 = time.perf_counter()
        import_confirm(actor=head, plan=p, import_id=r.pk)
        return time.perf_counter() - t0
    confirm_times = [confirm() for _ in range(args.repeat)]
    confirm_s = statistics.median(confirm_times)
    tracemalloc.start()
    confirm()
    confirm_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert Task.objects.filter(plan__agency=agency).count() == args.rows

    def bare_read():
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return sum(1 for _row in book.active.iter_rows(values_only=True))
    read_s, read_peak, _n = measure(bare_read, args.repeat)

    offices = list(Office.objects.filter(agency=agency))

    def bare_insert():
        p = fresh_plan()
        with transaction.atomic():
            Task.objects.bulk_create([Task(plan=p, code=f"{i % 8 + 1}.{i}", title=f"Nhiệm vụ {i}",
                                           field=fields[i % 8], lead_office=offices[i % len(offices)],
                                           due_date=datetime.date(year, 6, 30), created_by=head)
                                      for i in range(args.rows)])
    t0 = time.perf_counter()
    insert_times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        bare_insert()
        insert_times.append(time.perf_counter() - t0)
    insert_s = statistics.median(insert_times)

    print(f"preview  : {preview_s * 1000:8.0f} ms   peak {preview_peak / 2**20:6.1f} MiB"
          f"   ({preview_s / read_s:.1f}× a bare read-only openpyxl pass, {read_s * 1000:.0f} ms, "
          f"peak {read_peak / 2**20:.1f} MiB)")
    print(f"confirm  : {confirm_s * 1000:8.0f} ms   peak {confirm_peak / 2**20:6.1f} MiB"
          f"   ({confirm_s / insert_s:.1f}× one bare bulk_create of the rows, {insert_s * 1000:.0f} ms)")
    print(f"in all   : {(preview_s + confirm_s) * 1000:8.0f} ms for {args.rows} rows "
          f"({(preview_s + confirm_s) / args.rows * 1000:.2f} ms a row)")
    fresh_plan().delete()


if __name__ == "__main__":
    main()
