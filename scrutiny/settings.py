"""Settings for Scrutiny monitoring.

One module, driven by environment variables. Without any, it runs locally on
SQLite with safe defaults; `SCRUTINY_ENV=production` switches on everything
`manage.py check --deploy` asks for and insists on a real secret key and host
names. See docs/production.md, "Running it in production".
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """A switch from the environment. Anything but a clear yes or no is
    refused: "flase" must not quietly mean off, nor "enabled" quietly on."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes or a no: use one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


PRODUCTION = os.environ.get("SCRUTINY_ENV", "local") == "production"
DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Keys rotated out, comma-separated: what they signed (sessions, password
# links, the reply addresses of e-mails still in inboxes) still reads.
SECRET_KEY_FALLBACKS = [
    key.strip() for key in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if key.strip()
]
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production never runs on a key from the repository.")
    SECRET_KEY = "django-insecure-local-only-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the host names the service answers to.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "scrutiny.apps.ScrutinyAdminConfig",  # django.contrib.admin, opened by roles
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widgets' templates, for FORM_RENDERER below
    "simple_history",
    "django_filters",
    "axes",
    "csp",
    # Before django_tasks_db, so that its `db_worker` command is ours: the
    # same worker with a heartbeat (actionplans/management/commands/db_worker.py).
    "actionplans",
    "reports",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # The request's id, and its one line in the log (scrutiny/requestlog.py).
    "scrutiny.requestlog.RequestLogMiddleware",
    # The council's wording and grading scales, read once a request.
    "actionplans.council.middleware.CouncilTermsMiddleware",
    # /health/ is answered before anything else looks at the request (its
    # host, the HTTPS redirect, the session): a load balancer probes it by
    # address, over plain HTTP (scrutiny/health.py).
    "scrutiny.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A form body that is not UTF-8 is refused whole (scrutiny/guards.py).
    "scrutiny.guards.RefuseUnreadableFormsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Pages for someone signed in are for their browser alone (scrutiny/privacy.py).
    "scrutiny.privacy.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes goes last so that it sees the outcome of the sign-in view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scrutiny.urls"
WSGI_APPLICATION = "scrutiny.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "scrutiny.context_processors.service",
            ],
        },
    },
]

# Widgets are rendered from the same templates as pages, so a widget's
# template in templates/ is found there (the admin's password summary,
# actionplans.admin.PasswordSummary); Django's own come from django.forms.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Production keeps each worker's database connection for a minute, checked
# before each request reuses it (CONN_HEALTH_CHECKS), rather than opening one
# per request: at 50 users on PostgreSQL the median page answered 1.6 to
# 3.9 times faster (bench/load.py prints both settings). Locally and in the tests a
# connection lasts a request, as Django's default, so that nothing holds a
# test database or a SQLite file open between requests.
conn_max_age = int(os.environ.get("DATABASE_CONN_MAX_AGE") or (60 if PRODUCTION else 0))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=conn_max_age,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # So that many officers can save at once on the embedded default: readers
    # never wait for a writer (WAL), a writer waits its turn for up to 20 s
    # rather than failing with "database is locked", and every transaction
    # takes the write lock when it begins (IMMEDIATE), so a read-then-write
    # such as the officer's save cannot deadlock on upgrading its read lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The tests run on a file too, not in memory, so that threads and the
    # browser tests' live server each open a connection of their own, as in
    # production (tests/test_concurrency.py depends on it).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The dashboards' trend query sits near PostgreSQL's JIT threshold, where
    # compiling it costs more (90-150 ms here) than running it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling: five failures for one user name from one address lock
# that pair out for an hour; other people keep signing in.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static" / "dist"]
# collectstatic gathers the files here in production; locally they are served
# straight from static/dist (rebuilt by `make`), so there is no STATIC_ROOT.
STATIC_ROOT = (os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles") if PRODUCTION else None
# The stores' files (published documents, evidence) are the service's and
# its group's (a backup agent's, say), never every local user's: whatever
# the umask the server starts with, as Django sets them on each save.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The published record: each published round's documents as they went
    # out (PublishedDocument holds the name and SHA-256). On the local disk
    # by default; councils running several app servers point it at storage
    # they share (PUBLISHED_STORAGE_BACKEND, e.g. storages.backends.s3.S3Storage,
    # configured through that backend's own settings).
    "published": {
        "BACKEND": os.environ.get("PUBLISHED_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": (
            {}
            if os.environ.get("PUBLISHED_STORAGE_BACKEND")
            else {"location": os.environ.get("PUBLISHED_ROOT") or BASE_DIR / "published", "base_url": None}
        ),
    },
    # Evidence files officers attach to their updates (EvidenceFile holds the
    # name, size and SHA-256): the local disk by default, or any Django
    # storage backend (EVIDENCE_STORAGE_BACKEND, e.g. S3-compatible storage,
    # configured through that backend's own settings).
    "evidence": {
        "BACKEND": os.environ.get("EVIDENCE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": (
            {}
            if os.environ.get("EVIDENCE_STORAGE_BACKEND")
            else {"location": os.environ.get("EVIDENCE_ROOT") or BASE_DIR / "evidence", "base_url": None}
        ),
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Background work (rendering a published round's documents): queued in the
# database and run by `manage.py db_worker`, which `make run` starts beside
# the server. TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
# runs each task inside the request instead (the tests do).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Each worker writes a heartbeat this often; a worker unseen for
# SCRUTINY_WORKER_LOST_SECONDS is taken as gone (killed, or its machine lost):
# the health check fails while no worker is alive, and a task the lost worker
# had started is put back in the queue for another (actionplans/models/workers.py).
# The health check also fails while a task has waited longer than
# SCRUTINY_HEALTH_TASK_WAIT_SECONDS to start.
SCRUTINY_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("SCRUTINY_WORKER_HEARTBEAT_SECONDS", "30"))
SCRUTINY_WORKER_LOST_SECONDS = float(os.environ.get("SCRUTINY_WORKER_LOST_SECONDS", "180"))
# A round's document the published storage would not take (the disk full)
# is rendered and stored again, whole, this often until there is room.
SCRUTINY_STORAGE_RETRY_SECONDS = float(os.environ.get("SCRUTINY_STORAGE_RETRY_SECONDS", "60"))
SCRUTINY_HEALTH_TASK_WAIT_SECONDS = float(os.environ.get("SCRUTINY_HEALTH_TASK_WAIT_SECONDS", "600"))
if SCRUTINY_WORKER_LOST_SECONDS < 2 * SCRUTINY_WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "SCRUTINY_WORKER_LOST_SECONDS must be at least twice SCRUTINY_WORKER_HEARTBEAT_SECONDS, "
        "or a working worker would be taken for lost between two heartbeats."
    )

# How many processes print a long PDF (reports/documents/sections.py): one per
# core by default; 1 prints every PDF in the process asking for it. Where a
# long document's pages break does not depend on it.
SCRUTINY_PDF_PROCESSES = max(1, int(os.environ.get("SCRUTINY_PDF_PROCESSES") or os.cpu_count() or 1))


def _csp_hash(source: str) -> str:
    digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# Content-Security-Policy: only our own scripts and styles; the one inline
# script (GOV.UK Frontend's js-enabled switch) carries the request's nonce.
# The one inline style attribute allowed is the admin history page's
# paginator (django-simple-history's template), by its exact hash.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_HASHES, _csp_hash("border-top: 0")],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Mail: locally it is printed to the console; production sends it through
# the council's SMTP server (DJANGO_EMAIL_HOST and the rest, below) and
# refuses to start with a backend that keeps it on the machine: printed,
# written to files or held in memory, a reset link or a notification would
# reach the service's log or disk, where whoever reads them could follow it
# (a set-password link signs in as its addressee). A council that wants that
# all the same, on a test install, says so with
# SCRUTINY_EMAIL_NOT_SENT_ON_PURPOSE=true; `check --deploy` still warns.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "").strip() or (
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend"
)
SCRUTINY_EMAIL_NOT_SENT_ON_PURPOSE = env_bool("SCRUTINY_EMAIL_NOT_SENT_ON_PURPOSE", False)
if PRODUCTION and EMAIL_BACKEND in LOCAL_EMAIL_BACKENDS and not SCRUTINY_EMAIL_NOT_SENT_ON_PURPOSE:
    raise ImproperlyConfigured(
        f"DJANGO_EMAIL_BACKEND={EMAIL_BACKEND} keeps mail on this machine, where password reset links would reach "
        "the log: production sends it through the council's SMTP server (leave DJANGO_EMAIL_BACKEND unset and set "
        "DJANGO_EMAIL_HOST), or set SCRUTINY_EMAIL_NOT_SENT_ON_PURPOSE=true on a test install."
    )
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "scrutiny@localhost")

# The council's name as the service first prints it, until an administrator
# sets it (with the rest of the council's wording) on the council's
# settings page (/council/): read once, when the database is made.
SCRUTINY_COUNCIL_NAME = os.environ.get("SCRUTINY_COUNCIL_NAME", "").strip()

# Logs: one line a request with its id (scrutiny/requestlog.py), and the
# security events (actionplans/security.py), on standard error; as JSON lines
# with SCRUTINY_LOG_FORMAT=json, for a log collector.
SCRUTINY_LOG_FORMAT = os.environ.get("SCRUTINY_LOG_FORMAT", "plain").strip().lower()
if SCRUTINY_LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"SCRUTINY_LOG_FORMAT={SCRUTINY_LOG_FORMAT!r}: use plain or json.")
import scrutiny.requestlog  # noqa: E402, F401 (gives every log record its request's id)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "scrutiny.requestlog.PlainFormatter"},
        "json": {"()": "scrutiny.requestlog.JsonLinesFormatter"},
    },
    "filters": {"hide_path_secrets": {"()": "scrutiny.requestlog.HidePathSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": SCRUTINY_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Chatty at INFO; it logs every font it subsets.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Says at INFO that it has started, in every process that joins a PDF.
        "pikepdf": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Our own line for each request says it all; runserver's, and
        # Django's warning for each 4xx, would say it twice. Django's 500s
        # come with their tracebacks.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR", "filters": ["hide_path_secrets"]},
    },
}
AXES_VERBOSE = False

# Reminders: the address links in e-mails start with, and how many days
# before the deadline `send_reminders` starts chasing. Locally, left unset,
# the clerk's button uses the address the clerk is on and the command
# http://127.0.0.1:8000; in production people follow these links from their
# mail, so they must be the service's public https address.
SCRUTINY_BASE_URL = os.environ.get("SCRUTINY_BASE_URL", "").strip().rstrip("/")
if PRODUCTION:
    _base = urlsplit(SCRUTINY_BASE_URL)
    if _base.scheme != "https" or not _base.hostname or _base.hostname in {"localhost", "127.0.0.1", "::1"}:
        raise ImproperlyConfigured(
            "Set SCRUTINY_BASE_URL to the service's public https address (e.g. https://scrutiny.council.gov.uk): "
            "the links in reminder e-mails start with it."
        )
SCRUTINY_REMINDER_DAYS = int(os.environ.get("SCRUTINY_REMINDER_DAYS", "7"))
# "Forgot your password?": at most this many e-mails an hour to each address
# and for each client IP address (counted in the database, so across servers).
SCRUTINY_FORGOT_PASSWORD_LIMIT = int(os.environ.get("SCRUTINY_FORGOT_PASSWORD_LIMIT", "5"))
# Personal data: sign-in logs, API request logs and e-mails sent are kept
# this many days, then deleted by `manage.py prune_personal_data` (cron).
SCRUTINY_LOG_RETENTION_DAYS = int(os.environ.get("SCRUTINY_LOG_RETENTION_DAYS", "365"))
# The most characters one long text field (Evidence of Progress and the like)
# holds: well under Excel's 32,767 a cell, and quick to print (actionplans/text.py).
SCRUTINY_EVIDENCE_MAX_CHARS = int(os.environ.get("SCRUTINY_EVIDENCE_MAX_CHARS", "10000"))
# The executive's response to a scrutiny report (s.9FE of the Local
# Government Act 2000): due this long after the executive received the report
# ("2 months" by law; some councils use "28 days" or "8 weeks"). Checked at
# start-up (actionplans/checks.py). "Accepted in principle" is offered as a
# response only where the council allows it.
SCRUTINY_RESPONSE_PERIOD = os.environ.get("SCRUTINY_RESPONSE_PERIOD", "2 months")
SCRUTINY_RESPONSE_IN_PRINCIPLE = env_bool("SCRUTINY_RESPONSE_IN_PRINCIPLE", default=False)
# What a recommendation achieved (actionplans/models/outcomes.py): the ages,
# in months, at which an open one is listed as long open; how many days
# before its target an open one is listed as due soon; and how many months
# after its completion `send_reminders` asks its owners whether it still holds.
SCRUTINY_LONG_OPEN_MONTHS = tuple(int(n) for n in env_list("SCRUTINY_LONG_OPEN_MONTHS", ["12", "24", "36"]))
SCRUTINY_DUE_SOON_DAYS = int(os.environ.get("SCRUTINY_DUE_SOON_DAYS", "90"))
SCRUTINY_RECHECK_MONTHS = int(os.environ.get("SCRUTINY_RECHECK_MONTHS", "12"))
# The municipal year the scrutiny annual report counts: the month it starts
# (5: May to April, as most councils' years run). Checked at start-up
# (actionplans/checks.py); actionplans/municipal.py reads it.
SCRUTINY_MUNICIPAL_YEAR_START = os.environ.get("SCRUTINY_MUNICIPAL_YEAR_START", "5")
# Importing a spreadsheet (actionplans/importing/sheets.py): the largest file
# accepted, the most its zip may unpack to (a zip bomb is small until opened),
# and the most rows and filled cells one sheet may have. A 5,000-row tracker
# is about 1 MB and unpacks to about 5 MB.
IMPORT_MAX_BYTES = int(os.environ.get("SCRUTINY_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("SCRUTINY_IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("SCRUTINY_IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_CELLS = int(os.environ.get("SCRUTINY_IMPORT_MAX_CELLS", "500000"))

# Evidence files on an update (docs/production.md): how big each may be and
# how many an update may carry; clamd's local socket, which scans each one
# for malware before anyone may download it, and how long to wait for it.
EVIDENCE_MAX_BYTES = int(os.environ.get("SCRUTINY_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
EVIDENCE_MAX_FILES = int(os.environ.get("SCRUTINY_EVIDENCE_MAX_FILES", "10"))
# Of a larger upload, no more than the largest of these limits is written to
# the app server's disk (scrutiny/uploads.py).
FILE_UPLOAD_HANDLERS = [
    # Past EVIDENCE_MAX_FILES in one request, files are counted, not stored.
    "scrutiny.uploads.CountingUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "scrutiny.uploads.BoundedTemporaryFileUploadHandler",
]
# The update takes up to EVIDENCE_MAX_FILES, every other form one; more are
# counted and not stored (scrutiny/uploads.py), so that the form says so.
# Past this, Django's own default, a request is refused whole (400).
DATA_UPLOAD_MAX_NUMBER_FILES = 100
SCRUTINY_CLAMD_SOCKET = os.environ.get("SCRUTINY_CLAMD_SOCKET", "/var/run/clamav/clamd.ctl")
SCRUTINY_CLAMD_TIMEOUT = float(os.environ.get("SCRUTINY_CLAMD_TIMEOUT", "60"))

# Opening outward (docs/public-pages-and-api.md and
# docs/notifications-and-sign-on.md). Each part is off, or quiet, until
# switched on.

# Public pages: each committee's reviews, recommendations with the executive
# responses, and every published round, to anyone without signing in; the
# open data (CSV and JSON) with them. Exempt information never shows there.
SCRUTINY_PUBLIC_PAGES = env_bool("SCRUTINY_PUBLIC_PAGES", False)

# --- open data ---
# The open data (/open-data/: CSV and JSON with their schemas) has no switch
# of its own: it is published while SCRUTINY_PUBLIC_PAGES is on.

# --- API ---

# The read-only API at /api/v1/ (reports/api/), its description at /api/ and
# its OpenAPI schema at /api/schema/: 404 until switched on. Anonymous
# requests read the public data only, and only while SCRUTINY_PUBLIC_PAGES is
# on; a token (issued by an administrator in the admin) reads what its role
# may see.
SCRUTINY_API = env_bool("SCRUTINY_API", False)
# How many items one page of a list holds, unless the caller asks for
# another number with ?page_size= (at most SCRUTINY_API_MAX_PAGE_SIZE).
SCRUTINY_API_PAGE_SIZE = int(os.environ.get("SCRUTINY_API_PAGE_SIZE", "100"))
SCRUTINY_API_MAX_PAGE_SIZE = int(os.environ.get("SCRUTINY_API_MAX_PAGE_SIZE", "1000"))
# drf_spectacular for its `spectacular` command (the schema, checked by the
# tests). Not rest_framework: the API needs none of what installing it adds
# (the browsable API's templates, its template tags), and Django's templates
# import every installed app's tags when they first render anything, which
# for REST framework's brought Pygments and YAML (and more) into every
# server and every export.
INSTALLED_APPS += ["drf_spectacular"]
REST_FRAMEWORK = {
    # A token, or nobody (the public): never the browser's session, so that
    # no page of the site can be made to read the API as the signed-in user.
    "DEFAULT_AUTHENTICATION_CLASSES": ["reports.api.auth.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["reports.api.auth.ApiReader"],
    # JSON only: the browsable API would want scripts and styles from
    # elsewhere that the content security policy refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "reports.api.pages.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Scrutiny monitoring API",
    "DESCRIPTION": "Read-only: reviews, recommendations with the executive's responses, actions with their "
    "latest grade, monitoring rounds and progress updates. Public data is published under the Open "
    "Government Licence v3.0. Send a token as Authorization: Token <key> (or Bearer <key>); any other "
    "Authorization header is refused (401). Without one, a request reads the public data, while the "
    "council's public pages are on; otherwise it is refused (401).",
    "VERSION": "1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# --- notifications ---
# E-mail to people when something needs them or changes
# (docs/notifications-and-sign-on.md): on unless SCRUTINY_NOTIFICATIONS=false,
# when nothing is recorded or sent but the reminders of a deadline. Mail goes
# out through EMAIL_BACKEND (SMTP in production, above); the SMTP server's
# address, login and TLS come from these variables. The links in e-mails
# start with SCRUTINY_BASE_URL.
SCRUTINY_NOTIFICATIONS = env_bool("SCRUTINY_NOTIFICATIONS", True)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Seconds to wait for the SMTP server before giving up (the row is retried).
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))

# --- updates by e-mail ---
# Officers answer the e-mails that ask them for an update (docs/replies.md):
# each carries a Reply-To of this mailbox with a signed token naming the
# update (updates+<token>@...). Without it no e-mail offers a reply.
SCRUTINY_REPLY_ADDRESS = os.environ.get("SCRUTINY_REPLY_ADDRESS", "").strip()
# The authserv-id the council's own mail server writes in the
# Authentication-Results header of each message it receives: a reply is
# taken only where that server found it passed DMARC (or, with no DMARC
# result, DKIM or SPF). Without it every reply is refused, and /health/ says why.
SCRUTINY_REPLY_AUTHSERV_ID = os.environ.get("SCRUTINY_REPLY_AUTHSERV_ID", "").strip()
# A graded reply that meets the rules goes to the link officer at once,
# rather than waiting as a draft for the officer to submit it.
SCRUTINY_REPLY_SUBMITS = env_bool("SCRUTINY_REPLY_SUBMITS", False)
# How long a reply address works after the e-mail that gave it was sent.
SCRUTINY_REPLY_DAYS = int(os.environ.get("SCRUTINY_REPLY_DAYS", "90"))
# The largest reply taken, in bytes as the mail server holds it: a larger
# one is read no further than its headers, kept as them alone, and refused
# (its sender told, where shown to be the officer). 25 MiB by default.
SCRUTINY_REPLY_MAX_BYTES = int(os.environ.get("SCRUTINY_REPLY_MAX_BYTES", str(25 * 1024 * 1024)))
# The replies land in the council's reply mailbox, read over IMAP by the task worker
# every SCRUTINY_REPLY_FETCH_SECONDS and by `manage.py fetch_replies`
# (actionplans/replies/mailbox.py). Off while the host is blank. SECURITY is
# tls (IMAPS, port 993), starttls (port 143) or none (refused unless
# DEBUG: actionplans/checks.py). Signed in with the password, or with an
# OAuth 2.0 access token (XOAUTH2: Exchange Online, Gmail): one the service
# asks of the provider's token endpoint and renews itself where TOKEN_URL is
# set (actionplans/replies/oauth.py; docs/replies.md), else a fixed one given
# as OAUTH2_TOKEN (they last about an hour). Each message read is moved to the handled or the refused folder
# (made if missing); one that fails is left where it is, for the next run.
SCRUTINY_REPLY_IMAP_HOST = os.environ.get("SCRUTINY_REPLY_IMAP_HOST", "").strip()
SCRUTINY_REPLY_IMAP_PORT = int(os.environ.get("SCRUTINY_REPLY_IMAP_PORT", "993"))
SCRUTINY_REPLY_IMAP_SECURITY = os.environ.get("SCRUTINY_REPLY_IMAP_SECURITY", "tls").strip().lower()
SCRUTINY_REPLY_IMAP_USER = os.environ.get("SCRUTINY_REPLY_IMAP_USER", "")
SCRUTINY_REPLY_IMAP_PASSWORD = os.environ.get("SCRUTINY_REPLY_IMAP_PASSWORD", "")
SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN = os.environ.get("SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN", "")
# The provider's token endpoint and the app registered with it; the grant is
# the refresh token's where one is given, else the client's own credentials
# (Microsoft 365's scope: https://outlook.office365.com/.default).
SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL = os.environ.get("SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL", "").strip()
SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_ID = os.environ.get("SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_ID", "").strip()
SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET = os.environ.get("SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET", "")
SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE = os.environ.get("SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE", "").strip()
SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN = os.environ.get("SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN", "").strip()
SCRUTINY_REPLY_IMAP_FOLDER = os.environ.get("SCRUTINY_REPLY_IMAP_FOLDER", "INBOX")
SCRUTINY_REPLY_IMAP_HANDLED_FOLDER = os.environ.get("SCRUTINY_REPLY_IMAP_HANDLED_FOLDER", "Handled")
SCRUTINY_REPLY_IMAP_REFUSED_FOLDER = os.environ.get("SCRUTINY_REPLY_IMAP_REFUSED_FOLDER", "Refused")
SCRUTINY_REPLY_FETCH_SECONDS = float(os.environ.get("SCRUTINY_REPLY_FETCH_SECONDS", "60"))

# --- single sign-on ---
# Signing in with the council's own accounts through OpenID Connect
# (mozilla-django-oidc; actionplans/sso.py): Microsoft Entra ID or any other
# provider. Off by default; docs/notifications-and-sign-on.md gives Entra ID's
# values.
SCRUTINY_OIDC = env_bool("SCRUTINY_OIDC", False)
# What the button on the sign-in page says: "Sign in with Microsoft".
SCRUTINY_OIDC_PROVIDER_NAME = os.environ.get("SCRUTINY_OIDC_PROVIDER_NAME", "your council account").strip()
# The app registered with the provider, and the provider's addresses (Entra
# ID: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/authorize,
# .../oauth2/v2.0/token, https://graph.microsoft.com/oidc/userinfo and
# .../discovery/v2.0/keys). The secret only from the environment.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# ID tokens signed with the provider's published keys (never a shared secret).
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
# PKCE as well as the state and nonce: a stolen code is no use on its own.
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = 10
# The claim (in the ID token or from the user-info address) listing the
# person's groups (Entra ID sends the groups' object ids), and which group
# gives which of the roles: "<group>=<role>,<group>=<role>", roles as the
# People pages name them (Clerk, Link officer, Officer, Committee member,
# Administrator, Partner lead). Checked at start-up (actionplans/sso.py).
# The groups decide every role at every sign-in; someone in no group named
# here cannot sign in this way.
SCRUTINY_OIDC_GROUPS_CLAIM = os.environ.get("SCRUTINY_OIDC_GROUPS_CLAIM", "groups").strip()
SCRUTINY_OIDC_GROUP_ROLES = os.environ.get("SCRUTINY_OIDC_GROUP_ROLES", "")
# The claim holding the e-mail address of the person's manager (told when
# their update is late: docs/notifications-and-sign-on.md), read at every
# sign-in like the groups. Blank: managers are recorded on the People pages.
SCRUTINY_OIDC_MANAGER_CLAIM = os.environ.get("SCRUTINY_OIDC_MANAGER_CLAIM", "").strip()
# The provider's sign-in is ours to start and finish (404 while SSO is off).
OIDC_AUTHENTICATE_CLASS = "actionplans.sso.SignInRequestView"
OIDC_CALLBACK_CLASS = "actionplans.sso.SignInCallbackView"
# Username and password sign-in (and "Forgot your password?"): on by
# default; off, the sign-in page offers only the provider's button and no
# password signs anyone in, the admin's sign-in included.
SCRUTINY_PASSWORD_SIGN_IN = env_bool("SCRUTINY_PASSWORD_SIGN_IN", True)
# Sign-in throttling (axes) counts wrong passwords, not the provider's
# answers. (Not in actionplans/sso.py: axes' start-up check imports it, and
# sso.py brings mozilla-django-oidc, requests and PyJWT, a third of a second.)
AXES_WHITELIST_CALLABLE = "actionplans.security.not_a_password_attempt"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "actionplans.sso.PasswordBackend",
    "actionplans.sso.SingleSignOnBackend",
]
if SCRUTINY_OIDC:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
            "SCRUTINY_OIDC_GROUP_ROLES",
        )
        if not globals()[name].strip()
    ]
    if _missing:
        raise ImproperlyConfigured(
            f'SCRUTINY_OIDC is on: set {", ".join(_missing)} (docs/notifications-and-sign-on.md, "Single sign-on").'
        )
elif not SCRUTINY_PASSWORD_SIGN_IN:
    raise ImproperlyConfigured(
        "SCRUTINY_PASSWORD_SIGN_IN is off and SCRUTINY_OIDC is not on: nobody could sign in. Switch one on."
    )

# --- search ---
# Search needs no setting of its own: /search/ is on for every reader, and
# /public/search/ follows SCRUTINY_PUBLIC_PAGES (reports/search/query.py).
