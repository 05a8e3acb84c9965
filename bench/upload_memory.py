"""Server memory for a refused 60 MB upload vs an accepted small one (Daphne, SQLite).

Starts Daphne on a free port with a throwaway database, logs in through the API, then
POSTs (1) a 60 MB evidence file with its Content-Length, (2) the same 60 MB chunked
(no Content-Length), (3) a 10 KB PDF, and prints the server's RSS growth for each.
Twice, in the same run: with the body cap (backend/api/body_limit.py: 413 before Django
reads the body) and, as the baseline, with the cap lifted so that Django reads the body
(the streaming upload handler still drops the file past the evidence cap). What Daphne
itself takes in before the app sees a request is Daphne's (nginx caps it in production).

    /work/main/.venv/bin/python bench/upload_memory.py
"""
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def rss_kb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=b"", headers=None, chunked=False):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    if chunked:
        conn.putrequest(method, path)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        try:
            for i in range(0, len(body), MB):
                piece = body[i:i + MB]
                conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
    else:
        try:
            conn.request(method, path, body=body, headers=headers or {})
        except (BrokenPipeError, ConnectionResetError):
            pass
    try:
        r = conn.getresponse()
        return r.status, r.read()
    except (ConnectionResetError, http.client.RemoteDisconnected) as exc:
        return f"connection closed ({type(exc).__name__})", b""
    finally:
        conn.close()


def multipart(name, content):
    head = (f'--B\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n").encode()
    return head + content + b"\r\n--B--\r\n"


def prepared_database():
    """Migrated and seeded once; each server below gets its own copy."""
    tmp = Path(tempfile.mkdtemp(prefix="par-upload-bench-"))
    env = server_env(tmp / "template.sqlite3", {})
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return tmp / "template.sqlite3"


SECRET = "bench-" + secrets.token_hex(32)


def server_env(db, extra_env):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": SECRET, "PAR_VAR_DIR": str(db.parent), "DATABASE_URL": f"sqlite:///{db}",
           "PAR_LOG_LEVEL": "ERROR", **extra_env}
    env.pop("REDIS_URL", None)
    return env


def one_request(template, extra_env, what):
    """A fresh server (its own copy of the database), warmed up, then one request: RSS growth."""
    db = template.parent / f"db-{secrets.token_hex(4)}.sqlite3"
    shutil.copy(template, db)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                               "backend.asgi:application"], cwd=ROOT, env=server_env(db, extra_env),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        status, body = request(port, "POST", "/api/v1/auth/token/",
                               json.dumps({"username": "officer", "password": "demo-password"}).encode(),
                               {"Content-Type": "application/json"})
        token = json.loads(body)["token"]
        me = json.loads(request(port, "GET", "/api/v1/me/", headers={"Authorization": f"Token {token}"})[1])
        status, body = request(port, "GET", f"/api/v1/tasks/?page_size=200&assignee={me['id']}",
                               headers={"Authorization": f"Token {token}"})
        tasks = [t for t in json.loads(body)["results"] if t["state"] in ("in_progress", "returned")]
        path = f"/api/v1/tasks/{tasks[0]['id']}/evidence/"
        auth = {"Authorization": f"Token {token}", "Content-Type": "multipart/form-data; boundary=B"}
        request(port, "POST", path, multipart("warm.pdf", b"%PDF-1.4 warm"), auth)  # the whole stack, once
        time.sleep(0.5)
        before = rss_kb(server.pid)
        if what == "small":
            status, _ = request(port, "POST", path, multipart("small.pdf", b"%PDF-1.4 " + b"y" * 10240), auth)
        else:
            big = multipart("big.pdf", b"%PDF-1.4 " + b"x" * (60 * MB))
            status, _ = request(port, "POST", path, big, auth, chunked=(what == "chunked"))
            del big
        time.sleep(0.5)
        return status, (rss_kb(server.pid) - before) / 1024
    finally:
        server.terminate()
        server.wait(10)
        db.unlink(missing_ok=True)


CASES = (("60 MB with Content-Length", "length"), ("60 MB chunked (no length)", "chunked"),
         ("10 KB PDF", "small"))
CONFIGS = (
    ("body cap on (default: evidence cap + 1 MiB, 413 before Django reads)", {}),
    ("body cap off (baseline: PAR_MAX_REQUEST_BODY_BYTES=1 GiB, Django reads the body; "
     "the upload handler still drops the file past 20 MiB)", {"PAR_MAX_REQUEST_BODY_BYTES": str(1024 * MB)}),
)


def main():
    template = prepared_database()
    results = {}
    for label, extra_env in CONFIGS:
        print(f"\n{label}")
        print(f"  {'request (fresh server each)':28} {'answer':>8} {'RSS growth':>11}")
        for what, case in CASES:
            status, growth = one_request(template, extra_env, case)
            results[(label, case)] = growth
            print(f"  {what:28} {str(status):>8} {growth:8.1f} MB")
    on, off = (label for label, _ in CONFIGS)
    print()
    for what, case in CASES[:2]:
        print(f"{what}: RSS growth {results[(on, case)]:.1f} MB with the cap vs {results[(off, case)]:.1f} MB "
              f"without; an accepted 10 KB upload: {results[(on, 'small')]:.1f} MB")


if __name__ == "__main__":
    main()
