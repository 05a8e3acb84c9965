"""The evidence dossier of a big agency: time and peak memory, at two sizes, next to bare.

An agency's year with ``--tasks`` tasks done on time (all counted by components 1.2 and
1.3 of the shipped template) and ``--files`` evidence files on them (``--mib`` MiB in all,
random bytes named .pdf, as scans are). Each step runs in a process of its own, so the
peak resident memory (``ru_maxrss``) is the step's own:

1. setup: the tasks and evidence rows (bulk), the files on disk;
2. build: ``backend.dossiers.services.dossier_build`` (the real build: every component,
   every item a page at a time, each file copied into the zip, the index workbook, the
   self-assessment workbook, the states, history and events);
3. bare: a plain ``zipfile`` copy of the same files, read from disk in the same 1 MiB
   pieces, with no database and no index: what writing that much zip costs at least.

The same at ``--small`` (a fraction) of the size: the dossier's peak memory must not grow
with its size (the zip's directory and the set of stored files are the only things that
do, a few hundred bytes a file).

    .venv/bin/python bench/dossier.py                      # 10,000 tasks, 5,000 files, 1 GiB
    .venv/bin/python bench/dossier.py --tasks 1000 --files 500 --mib 100   # a quick look
    .venv/bin/python bench/dossier.py --mib 100 --heap     # where the memory goes: the Python heap
"""
import argparse
import datetime
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _django(workdir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    # Production settings: with DEBUG on, Django would keep the last 9,000 queries' SQL
    # in memory, which is not the dossier's memory.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    os.environ["PAR_EMBEDDED_SCHEDULER"] = "0"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench-dossier.sqlite3"
    os.environ["PAR_MEDIA_ROOT"] = str(Path(workdir) / "media")
    os.environ["PAR_DOSSIER_BUILD"] = "inline"
    import django  # noqa: PLC0415

    django.setup()


def setup(workdir, tasks, files, mib):
    _django(workdir)
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    from django.conf import settings  # noqa: PLC0415

    from backend.accounts.models import Agency, Office, Role, User  # noqa: PLC0415
    from backend.criteria.models import Criterion, Methodology  # noqa: PLC0415
    from backend.evidence.models import Evidence, evidence_upload_to  # noqa: PLC0415
    from backend.plans.models import ReformPlan, Task  # noqa: PLC0415

    year = datetime.date.today().year
    methodology = Methodology.objects.get(code="dept-template-876")
    field = Criterion.objects.get(methodology=methodology, code="1")
    agency = Agency.objects.create(name="Sở Xây dựng (bench dossier)", short_name="SXD", province="Bench",
                                   methodology=methodology)
    office = Office.objects.create(agency=agency, name="Phòng Quản lý xây dựng")
    head = User.objects.create(username="bench_dossier_head", role=Role.HEAD, agency=agency, full_name="Giám đốc")
    officer = User.objects.create(username="bench_dossier_officer", role=Role.OFFICER, agency=agency, office=office)
    plan = ReformPlan.objects.create(agency=agency, year=year, title="Bench", created_by=head, state="approved",
                                     issue_deadline=datetime.date(year - 1, 12, 15))
    due = datetime.date(year, 1, 15)
    with transaction.atomic():
        made = Task.objects.bulk_create([
            Task(plan=plan, code=f"NV-{i:05d}", title=f"Nhiệm vụ cải cách hành chính số {i}", field=field,
                 lead_office=office, due_date=due, state="done", completed_on_time=True, source="province",
                 expected_output="Báo cáo", created_by=head) for i in range(tasks)], batch_size=2000)
    size = mib * 2**20 // files
    rows = []
    media = Path(settings.MEDIA_ROOT)
    chunk = os.urandom(size)
    for n in range(files):
        task = made[n * len(made) // files]
        evidence = Evidence(task=task, kind="file", name=f"Báo cáo kết quả {n}.pdf", size=size,
                            content_type="application/pdf", uploaded_by=officer)
        name = evidence_upload_to(evidence, f"bao-cao-{n}.pdf")
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # Each file different (the first bytes), none compressible: as scans are.
        with open(path, "wb") as out:
            out.write(n.to_bytes(8, "big"))
            out.write(chunk[8:])
        evidence.file.name = name
        rows.append(evidence)
    Evidence.objects.bulk_create(rows, batch_size=2000)
    return {"agency": agency.pk, "year": year, "head": head.pk, "bytes": size * files}


def build(workdir, info):
    _django(workdir)
    from backend.dossiers.models import Dossier  # noqa: PLC0415
    from backend.dossiers.services import dossier_build  # noqa: PLC0415

    dossier = Dossier.objects.create(agency_id=info["agency"], year=info["year"], requested_by_id=info["head"])
    if info.get("heap"):
        tracemalloc.start()
    t0 = time.perf_counter()
    done = dossier_build(dossier.pk)
    seconds = time.perf_counter() - t0
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if info.get("heap") else None
    assert done.state == "ready", done.state
    with zipfile.ZipFile(done.file.path) as archive:
        entries = len(archive.namelist())
    return {"seconds": seconds, "zip_bytes": done.size, "files": done.files_count, "entries": entries,
            "items": done.items_total, "heap_mib": heap}


def bare(workdir, info):
    media = Path(workdir) / "media" / "evidence"
    paths = sorted(media.rglob("*.pdf"))
    out = Path(workdir) / "bare.zip"
    t0 = time.perf_counter()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for n, path in enumerate(paths):
            info_ = zipfile.ZipInfo(f"1.2/{n:05d}.pdf")
            info_.compress_type = zipfile.ZIP_STORED
            with open(path, "rb") as src, archive.open(info_, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, 2**20)
    seconds = time.perf_counter() - t0
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "zip_bytes": size, "files": len(paths)}


def child(step, workdir, args_json):
    args = json.loads(args_json)
    if step == "setup":
        result = setup(workdir, args["tasks"], args["files"], args["mib"])
    elif step == "build":
        result = build(workdir, args)
    else:
        result = bare(workdir, args)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run(step, workdir, payload):
    out = subprocess.run([sys.executable, __file__, "--child", step, "--workdir", str(workdir),
                          "--payload", json.dumps(payload)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"{step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(tasks, files, mib, tmp, heap=False):
    workdir = Path(tempfile.mkdtemp(prefix="bench-dossier-", dir=tmp))
    try:
        info = run("setup", workdir, {"tasks": tasks, "files": files, "mib": mib})
        built = run("build", workdir, {**info, "heap": heap})
        plain = run("bare", workdir, info)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{tasks:>6} tasks, {files:>5} files, {info['bytes'] / 2**20:6.0f} MiB: "
          f"dossier {built['seconds']:6.1f} s, peak RSS {built['peak_rss_mib']:5.0f} MiB "
          f"({built['zip_bytes'] / 2**20:.0f} MiB zip, {built['entries']} entries, {built['items']} items) | "
          f"bare zip {plain['seconds']:5.1f} s, peak RSS {plain['peak_rss_mib']:4.0f} MiB | "
          f"time {built['seconds'] / plain['seconds']:.1f}× bare"
          + (f" | Python heap peak {built['heap_mib']:.1f} MiB (tracemalloc; slower)" if heap else ""), flush=True)
    return built, plain


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=5_000)
    parser.add_argument("--mib", type=int, default=1024)
    parser.add_argument("--small", type=float, default=0.1, help="the second, smaller size (a fraction)")
    parser.add_argument("--tmp", default=None, help="where the data and zips go (default: the system's temp)")
    parser.add_argument("--heap", action="store_true",
                        help="also trace the build's Python heap (tracemalloc: its peak, at a cost in time)")
    parser.add_argument("--child")
    parser.add_argument("--workdir")
    parser.add_argument("--payload")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.workdir, args.payload)
        return
    small = measure(int(args.tasks * args.small), int(args.files * args.small), max(1, int(args.mib * args.small)),
                    args.tmp, args.heap)
    full = measure(args.tasks, args.files, args.mib, args.tmp, args.heap)
    print(f"peak memory, full size / {args.small:g} of it: dossier {full[0]['peak_rss_mib'] / small[0]['peak_rss_mib']:.2f}×,"
          f" bare {full[1]['peak_rss_mib'] / small[1]['peak_rss_mib']:.2f}× (the size grew "
          f"{1 / args.small:.0f}×)"
          + (f"; Python heap {full[0]['heap_mib'] / small[0]['heap_mib']:.2f}×" if args.heap else ""))


if __name__ == "__main__":
    main()
