"""Settings for the reform-plan tracker.

One file, two shapes: the embedded default (SQLite, in-memory channel layer,
in-process dispatch, no services) and the scaled one (PostgreSQL, Redis, workers),
chosen by environment variables only: ``DATABASE_URL``, ``REDIS_URL``.
"""
import os
from datetime import timedelta
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PAR_VAR_DIR", BASE_DIR / "var"))

# --- Production or development ----------------------------------------------
# DEBUG is off unless asked for: bin/run and the test settings (tests/settings.py) turn
# it on for the embedded default. Off, the app refuses to start with a secret anyone
# can read (the built-in one, docker-compose's fallback, or none): docs/deploy.md.
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
_DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
# Secrets published in this repository: never good enough outside development.
KNOWN_SECRET_KEYS = {_DEV_SECRET_KEY, "change-me-in-production-please"}
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (SECRET_KEY in KNOWN_SECRET_KEYS or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random secret of your own when DJANGO_DEBUG is "
        "not 1 (see docs/deploy.md); for development run bin/run, or set DJANGO_DEBUG=1."
    )


def _env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_flag(name, default):
    return os.environ.get(name, "1" if default else "0") == "1"


ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS. Behind the TLS-terminating proxy (deploy/nginx.conf) Django sees plain HTTP:
# it trusts X-Forwarded-Proto only when told the proxy sets it (PAR_BEHIND_PROXY=1).
if _env_flag("PAR_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_flag("PAR_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = _env_flag("PAR_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("PAR_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("PAR_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_flag("PAR_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "daphne",
    # Before Django's own apps: the pages' catalogue wins over theirs ("Log out" is
    # "Đăng xuất" here, "Thoát" in the admin's).
    "backend.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # Expiring, revocable API tokens, many per user (backend/accounts/authentication.py).
    "knox",
    # Locks a username out from an address after repeated wrong passwords (every login).
    "axes",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_htmx",
    "backend.accounts",
    "backend.criteria",
    "backend.documents",
    "backend.plans",
    "backend.evidence",
    "backend.comments",
    "backend.demo",
    "backend.workdays",
    "backend.inspections",
    "backend.scoring",
    "workflows",
    "notifications",
    "backend.deadlines",
    "backend.imports",
    "backend.reports",
    "backend.dossiers",
]

MIDDLEWARE = [
    # Outermost: any 4xx/5xx under /api/ leaves with the JSON error body (CSRF, DEBUG pages).
    "backend.api.middleware.ApiErrorBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Daphne serves no static files itself; WhiteNoise does (admin, API docs).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages speak the signed-in user's language (User.language), Vietnamese by default.
    "backend.web.middleware.PageLanguageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "backend.web.middleware.HtmxLoginRedirectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Pages never show a traceback, DEBUG or not: the site's own 404 / 500 pages.
    "backend.web.middleware.PageErrorsMiddleware",
    # The database unreachable (restarting): 503 with the error body / page, not a 500.
    "backend.web.middleware.DatabaseUnavailableMiddleware",
    # The pages' Content-Security-Policy (below).
    "csp.middleware.CSPMiddleware",
    # Last: turns a locked-out login (django-axes) into the 429 of backend.web.lockout.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
ASGI_APPLICATION = "backend.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backend.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite runs every write transaction as BEGIN IMMEDIATE: the write lock is taken
# when the transaction starts, so two racing transitions queue instead of one of
# them failing with "database is locked" when it upgrades its read lock.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif os.environ.get("PAR_DB_POOL", "1") == "1":
    # PostgreSQL: one psycopg connection pool per process (Django's own, as its docs advise
    # for ASGI). Persistent connections (CONN_MAX_AGE) are tied to the thread that opened
    # them, and Daphne runs each request in a new thread: every request opened a
    # connection and the spent ones lingered until garbage collection (91 in one process
    # at 32 clients). The pool bounds a process to max_size connections; a request that
    # finds them all busy waits up to PAR_DB_POOL_TIMEOUT seconds. Size the server's
    # max_connections for (web + ws + worker processes) × max_size. The health check tests
    # a connection as it is lent, so one broken by a PostgreSQL restart is replaced.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("PAR_DB_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("PAR_DB_POOL_MAX_SIZE", "4")),
        "timeout": float(os.environ.get("PAR_DB_POOL_TIMEOUT", "10")),
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # Django hands the pool its ``check``
else:
    # PAR_DB_POOL=0 (behind an external pooler such as PgBouncer): persistent connections,
    # right for a WSGI server's fixed threads, not for Daphne's thread per request.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("PAR_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username+address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "backend.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# --- Channels ---------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py ≥ 8 reads with a 5 s socket timeout by default, the same as
            # channels-redis' 5 s blocking pop: idle consumers then die with "Timeout
            # reading". Give reads room; connect fast so a dead Redis fails fast.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 2}],
                       "capacity": 1000, "expiry": 60},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Event dispatch and workers ----------------------------------------------
# inline: consumers run in this process right after the commit (embedded default,
# no broker). celery: a worker runs them (docker-compose); if the broker cannot be
# reached the event is delivered in-process instead, and the beat sweep delivers
# whatever a crash left pending.
EVENT_DISPATCH = os.environ.get("PAR_EVENT_DISPATCH", "inline")
# An event whose payload does not match its declared schema (workflows/event_schemas.py):
# "raise" fails the change (DEBUG, tests), "log" logs an error and writes it anyway.
EVENT_SCHEMA_CHECK = os.environ.get("PAR_EVENT_SCHEMA_CHECK", "raise" if DEBUG else "log")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = not (REDIS_URL or os.environ.get("CELERY_BROKER_URL"))
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request thread that enqueues must not hang on a dead broker: fail fast and
# fall back to in-process dispatch.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2,
                                   "max_retries": 0}
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-events": {"task": "workflows.sweep_pending_events", "schedule": 30.0},
    "scan-deadlines": {"task": "workflows.scan_deadlines", "schedule": 300.0},
    # Stored scores catch up with what no event announces (a report falling due).
    "refresh-scores": {"task": "scoring.refresh_scores", "schedule": 300.0},
    "purge-expired-tokens": {"task": "accounts.purge_expired_tokens", "schedule": 3600.0},
}
# Evidence dossiers (backend/dossiers): built on a worker with the task queue ("celery"),
# else in a background thread of the web process ("thread"); "inline" builds right after
# the request's commit (tests, scripts). A build silent this long has died; the newest
# this many ready dossiers of an agency's year are kept.
DOSSIER_BUILD = os.environ.get("PAR_DOSSIER_BUILD", "celery" if EVENT_DISPATCH == "celery" else "thread")
DOSSIER_STALL_SECONDS = int(os.environ.get("PAR_DOSSIER_STALL_SECONDS", "600"))
DOSSIERS_KEPT = int(os.environ.get("PAR_DOSSIERS_KEPT", "3"))
# The embedded default runs the periodic jobs in-process instead (backend.deadlines.scheduler);
# the run script turns it on, so tests and management commands start no threads.
PAR_EMBEDDED_SCHEDULER = os.environ.get("PAR_EMBEDDED_SCHEDULER", "0") == "1"
PAR_SCHEDULER_INTERVAL = float(os.environ.get("PAR_SCHEDULER_INTERVAL", "300"))
# The last year whose official holiday notice (the Government's swap days) the installed
# ``holidays`` release knows (0.106+: 2025–2026 swaps, 24/11 from 2026); later years are
# shown as provisional until the notice is out and the package (or an override) has it.
PAR_HOLIDAY_NOTICES_KNOWN_THROUGH = int(os.environ.get("PAR_HOLIDAY_NOTICES_KNOWN_THROUGH", "2026"))
# Live push: how long one fan-out may wait on the channel layer before giving up
# (the notification is stored; the client gets it by resume).
NOTIFICATION_PUSH_TIMEOUT = float(os.environ.get("PAR_NOTIFICATION_PUSH_TIMEOUT", "2"))
# Each open socket re-joins its group this often and reads what it may have missed (a
# Redis restart loses the groups of the sockets that stayed open).
NOTIFICATION_REFRESH_SECONDS = float(os.environ.get("PAR_NOTIFICATION_REFRESH", "30"))

# --- i18n -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates dd/mm/yyyy, points with a decimal comma (backend/web/formats/vi).
FORMAT_MODULE_PATH = ["backend.web.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# In development WhiteNoise serves straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
# Bootstrap 5's compiled CSS/JS from its wheel (bootstrap-wrapper), at /static/bootstrap/.
STATICFILES_DIRS = [("bootstrap", str(bootstrap_wrapper.get_bootstrap_dir()))]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("PAR_MEDIA_ROOT", VAR_DIR / "media"))

# --- Evidence uploads -------------------------------------------------------
EVIDENCE_MAX_BYTES = int(os.environ.get("PAR_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))
EVIDENCE_ALLOWED_EXTENSIONS = [
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
    "txt", "csv", "png", "jpg", "jpeg", "zip",
]
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A body that is not a file upload (JSON, a form) may be at most this large.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Any request body: the largest evidence file plus room for the form around it.
# Refused before it is read (backend/api/body_limit.py, in front of Django).
MAX_REQUEST_BODY_BYTES = int(os.environ.get("PAR_MAX_REQUEST_BODY_BYTES", EVIDENCE_MAX_BYTES + 1024 * 1024))
# Each uploaded file is counted as it streams in and dropped once past the evidence cap
# (backend/evidence/uploads.py), before Django's own handlers keep it in memory or on disk.
FILE_UPLOAD_HANDLERS = [
    "backend.evidence.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- REST framework ---------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.accounts.authentication.TokenAuthentication",
        "backend.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "backend.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # On lists only, every number bounded (backend/api/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["backend.api.filters.FilterBackend"],
    # JSON only: the browsable API rendered errors as HTML and built every list's filter
    # form; /api/v1/docs/ is the API's page.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_METADATA_CLASS": "backend.api.metadata.EndpointMetadata",
    "DEFAULT_SCHEMA_CLASS": "backend.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "backend.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "backend.api.parsers.JSONParser",  # refuses too-deep nesting (a 400, not a 500)
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DATETIME_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "PAR reform-plan tracker API",
    "DESCRIPTION": "Plans, tasks, inspections and the PAR Index leadership score of a department.",
    "VERSION": "1.0.0",
    # Every 4xx of every operation is the one error body (backend/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backend.api.schema.add_error_responses",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the installed package, not a CDN: works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Three models have a "kind": each its own enum name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "TaskKindEnum": "backend.plans.models.Task.Kind",
        "EvidenceKindEnum": "backend.evidence.models.Evidence.Kind",
        "CalendarOverrideKindEnum": "backend.workdays.models.CalendarOverride.Kind",
        "CommentKindEnum": "backend.comments.models.Comment.Kind",
        "DocumentKindEnum": "backend.documents.models.Document.Kind",
    },
}

# --- Logins and API tokens ---------------------------------------------------
# API tokens (django-rest-knox): one per login, expiring, ended by logout, logout-all,
# a password change or a disabled account.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=float(os.environ.get("PAR_TOKEN_TTL_HOURS", "12"))),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
# Brute force (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is refused for the cool-off, even with the right password.
# The token endpoint, the pages' login, the API's session login and the admin all count.
AXES_FAILURE_LIMIT = int(os.environ.get("PAR_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("PAR_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "backend.web.lockout.lockout_response"
# The client's address is REMOTE_ADDR: Daphne behind the proxy runs with --proxy-headers,
# so it is the X-Forwarded-For the proxy set (docs/deploy.md), never one a client sent.
AXES_CLIENT_IP_CALLABLE = "backend.accounts.lockout.client_address"
AXES_VERBOSE = False

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
# A refused CSRF check on a page: the site's 403 page, in the user's language.
CSRF_FAILURE_VIEW = "backend.web.errors.csrf_failure"

# --- Content-Security-Policy (django-csp), for the pages ----------------------
# Scripts only from our own static files (htmx, Bootstrap, bell.js, dropzone.js): no
# inline script, no eval. Inline style attributes stay allowed (progress bars' widths,
# htmx's indicator style); no other origin is ever contacted. The API and its docs
# (Swagger UI needs inline script) and Django's admin are left to their own.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/", "/admin/", "/api-auth/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PAR_LOG_LEVEL", "WARNING")},
}
