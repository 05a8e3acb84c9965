# One image for every role of the scaled deployment: web (gunicorn, HTTP), ws (Daphne,
# WebSockets), worker, scheduler; docker-compose.yml gives each its command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PAR_VAR_DIR=/app/var

WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY backend ./backend
COPY workflows ./workflows
COPY notifications ./notifications
# The compiled catalogues: Vietnamese is the default language (settings.LOCALE_PATHS).
COPY locale ./locale
COPY manage.py ./
COPY deploy/gunicorn.conf.py ./deploy/gunicorn.conf.py
RUN pip install --no-cache-dir -c requirements/constraints.txt . && mkdir -p /app/var/static /app/var/media \
    && useradd --system --home /app par && chown -R par /app/var
USER par

EXPOSE 8000
# HTTP by default; the WebSocket service runs Daphne (docker-compose.yml).
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "backend.wsgi:application"]
