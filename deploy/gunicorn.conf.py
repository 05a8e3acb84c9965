"""gunicorn for the HTTP side at scale (docker-compose.yml ``web``); Daphne serves /ws/ only.

Why split: with the same app and database, one Daphne process served a task's detail at
0.68-1.03 of a gunicorn sync worker's requests per CPU-second (the list 0.89-0.95, a
transition 0.81-0.87); gunicorn with threads served them at 0.91-1.37 (bench/serving.py,
docs/architecture.md "Serving"). WebSockets stay on Daphne.

Each worker is one process with its own PostgreSQL pool: keep PAR_DB_POOL_MAX_SIZE ≥
PAR_WEB_THREADS, or a thread waits for a connection. Environment: PAR_WEB_WORKERS
(default 2), PAR_WEB_THREADS (default 4), PORT (default 8000).
"""
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("PAR_WEB_WORKERS", "2"))
# Threads let a worker answer while another request waits on PostgreSQL or an upload.
worker_class = "gthread"
threads = int(os.environ.get("PAR_WEB_THREADS", "4"))
# nginx in front buffers slow clients; a request that runs this long is a fault.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Whose X-Forwarded-Proto is believed: gunicorn's default (127.0.0.1) unless told;
# docker-compose.yml names its proxy's network (the web services publish no port).
forwarded_allow_ips = os.environ.get("PAR_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None
errorlog = "-"
