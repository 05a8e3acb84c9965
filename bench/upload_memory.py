"""Server memory for a refused 60 MB upload vs an accepted small one (Daphne, SQLite).

Starts Daphne on a free port with a throwaway database, logs in through the API, then
POSTs (1) a 60 MB evidence file with its Content-Length, (2) the same 60 MB chunked
(no Content-Length), (3) a 10 KB PDF, and prints the server's RSS after each, and the
growth against its RSS before. The body cap (backend/api/body_limit.py) answers the
first two 413; what Daphne itself takes in before the app sees the request is Daphne's.

    /work/main/.venv/bin/python bench/upload_memory.py
"""
import http.client
import json
import os
import secrets
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


def main():
    tmp = Path(tempfile.mkdtemp(prefix="par-upload-bench-"))
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": "bench-" + secrets.token_hex(32), "PAR_VAR_DIR": str(tmp),
           "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}", "PAR_LOG_LEVEL": "ERROR"}
    env.pop("REDIS_URL", None)
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([py, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([py, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "backend.asgi:application"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        path = f"/api/v1/tasks/{tasks[0]['id']}/evidence/" if tasks else "/api/v1/tasks/1/evidence/"
        auth = {"Authorization": f"Token {token}", "Content-Type": "multipart/form-data; boundary=B"}
        # Warm up: one small request through the whole stack.
        request(port, "POST", path, multipart("warm.pdf", b"%PDF-1.4 warm"), auth)
        time.sleep(0.5)
        baseline = rss_kb(server.pid)
        print(f"server RSS before: {baseline / 1024:.1f} MB   (cap {20 + 1} MB, upload path {path})")
        big = multipart("big.pdf", b"%PDF-1.4 " + b"x" * (60 * MB))
        rows = []
        for label, kwargs in (("60 MB with Content-Length", {}), ("60 MB chunked (no length)", {"chunked": True}),
                              ("10 KB PDF (accepted)", None)):
            before = rss_kb(server.pid)
            if kwargs is None:
                status, _ = request(port, "POST", path, multipart("small.pdf", b"%PDF-1.4 " + b"y" * 10240), auth)
            else:
                status, _ = request(port, "POST", path, big, auth, **kwargs)
            time.sleep(0.5)
            after = rss_kb(server.pid)
            rows.append((label, status, (after - before) / 1024, (after - baseline) / 1024))
        print(f"{'request':30} {'answer':>28} {'RSS growth':>11} {'vs start':>9}")
        for label, status, growth, total in rows:
            print(f"{label:30} {str(status):>28} {growth:9.1f} MB {total:7.1f} MB")
        print(f"refused 60 MB (length) / accepted 10 KB growth: {rows[0][2]:.1f} / {rows[2][2]:.1f} MB")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
