"""Settings for netral, read from the environment.

Everything has a safe development default except secrets in production
(``NETRAL_ENV=production``), where a missing secret stops start-up loudly.
SQLite is the default database; ``DATABASE_URL=postgres://...`` switches to PostgreSQL.
"""

from __future__ import annotations

import datetime
import os
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
REFERENCE_DIR = BASE_DIR / "reference"


def env_str(name: str, default: str = "") -> str:
    """A string setting; ``NAME_FILE`` (a path) wins, for container secrets."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    return float(env_str(name, str(default)))


def env_list(name: str, default: str = "") -> list[str]:
    return [x.strip() for x in env_str(name, default).split(",") if x.strip()]


# Writers wait for each other (busy timeout) and take the write lock when their transaction
# starts (IMMEDIATE): a deferred transaction that upgrades to writing mid-way fails at once
# with "database is locked" when another writer got there first.
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}


def database_from_url(url: str) -> dict[str, object]:
    """Translate ``DATABASE_URL`` into Django's DATABASES entry (sqlite or postgres only)."""
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql"):
        options = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        # The working set (cases, cube) lives in memory or on SSD: the default random_page_cost
        # (4, for spinning disks) makes the planner avoid index paths it should take. Override
        # with ``?options=...`` in DATABASE_URL, or PG_RANDOM_PAGE_COST="" to keep the server's.
        page_cost = env_str("PG_RANDOM_PAGE_COST", "1.1")
        if page_cost and "options" not in options:
            try:
                options["options"] = f"-c random_page_cost={float(page_cost)}"
            except ValueError as exc:
                raise ImproperlyConfigured(f"PG_RANDOM_PAGE_COST must be a number, not {page_cost!r}") from exc
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": unquote(parsed.hostname or ""),
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed.path or ":memory:", "OPTIONS": SQLITE_OPTIONS}
    raise ImproperlyConfigured(f"Unsupported DATABASE_URL scheme {parsed.scheme!r}")


PRODUCTION = env_str("NETRAL_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

# Fernet key(s) for reporters' personal data, newest first (comma separated) so keys can rotate.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set in production")
    FIELD_ENCRYPTION_KEYS = ["ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZC0="]
# Separate key for the blind index (HMAC) that lets us find a NIK without decrypting.
BLIND_INDEX_KEY = env_str("BLIND_INDEX_KEY") or ("" if PRODUCTION else "dev-only-blind-index-key")
if PRODUCTION and not BLIND_INDEX_KEY:
    raise ImproperlyConfigured("BLIND_INDEX_KEY must be set in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "netral.core",
    "netral.accounts",
    "netral.regions",
    "netral.agencies",
    "netral.personnel",
    "netral.reports",
    "netral.cases",
    "netral.prevention",
    "netral.monitoring",
    "netral.analytics",
    "netral.api",
    "netral.conversations",
    "netral.letters",
    "netral.chat",
    "netral.demo",
]

MIDDLEWARE = [
    "netral.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "netral.core.middleware.RequestIDMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "netral.core.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "netral.core.middleware.AuditContextMiddleware",
    # A number out of the database's range that reaches a query: 400 with the reason, never a 500.
    "netral.core.params.OutOfRangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "netral.accounts.middleware.TwoFactorMiddleware",
    "netral.accounts.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "netral.urls"
WSGI_APPLICATION = "netral.wsgi.application"

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
                "django.template.context_processors.i18n",
                "netral.navigation.navigation",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The database cache is shared by every app process, so rate limits hold when scaled out.
# Redis (or Valkey) when REDIS_URL is set: the cache for pages and data, and the rate-limit
# counters (core.counters). Without it, the database cache (single-machine default) and a counter
# table; the database cache may cull entries, which is fine for cached pages, never for counters.
REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "netral"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "netral_cache",
            "OPTIONS": {"MAX_ENTRIES": env_int("DB_CACHE_MAX_ENTRIES", 20000)},
        }
    }

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:workspace"  # each role's own workspace (accounts.landing)
LOGOUT_REDIRECT_URL = "core:home"
# Lockout (django-axes) sees every authenticate() that carries a request; ModelBackend signs in.
AUTHENTICATION_BACKENDS = [
    "netral.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-factor sign-in (TOTP + recovery codes) for staff: "on" everywhere by default; "off" only
# for the demo (scripts/run-demo.sh sets it) and refused in production.
NETRAL_STAFF_2FA = env_bool("NETRAL_STAFF_2FA", True)
if PRODUCTION and not NETRAL_STAFF_2FA:
    raise ImproperlyConfigured("NETRAL_STAFF_2FA=off is for the demo only; production requires two-factor sign-in")
# Roles that must use it: every staff role sees personal data (reporters' identity, the accused
# ASN's NIP and name, registry rows), so every role is listed; narrow it only with reason.
NETRAL_2FA_ROLES = env_list("NETRAL_2FA_ROLES", "admin,supervisor,bkn,ppk,analyst")
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "netral")
OTP_TOTP_THROTTLE_FACTOR = 1  # after a wrong code: wait 1, 2, 4, ... seconds (per device)
# How long the password step of a sign-in waits for its code, and an invitation link lives.
SIGNIN_CODE_TIMEOUT_SECONDS = env_int("SIGNIN_CODE_TIMEOUT_SECONDS", 300)
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24) * 3600
# A session's "last seen" is written at most this often (seconds), not on every request.
SESSION_SEEN_EVERY = 300

# Sign-in lockout (netral.accounts.lockout): failures per account and, separately and higher
# (an office shares one address), per client address; the lock lifts after the cool-off.
AXES_FAILURE_LIMIT = env_int("SIGNIN_ACCOUNT_FAILURES", 5)
SIGNIN_ADDRESS_FAILURES = env_int("SIGNIN_ADDRESS_FAILURES", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGNIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = "netral.accounts.lockout.lockout_parameters"
AXES_HANDLER = "netral.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "netral.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "netral.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
# Tries during a lock do not extend it: the lock lifts SIGNIN_LOCKOUT_MINUTES after it began,
# as the message says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are kept in accounts.SignInSession instead
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# WhiteNoise serves static files in one process without DEBUG: from the finders outside production
# (no collectstatic step for the demo), from STATIC_ROOT (collectstatic) in production.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:  # no collectstatic outside production: an absent STATIC_ROOT is expected there
    warnings.filterwarnings("ignore", message="No directory at")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Evidence originals live outside MEDIA_ROOT: they are served only through scoped views.
PRIVATE_STORAGE_ROOT = Path(env_str("PRIVATE_STORAGE_ROOT", str(BASE_DIR / "var" / "private")))

# Uploads: evidence size cap per file, and Django's in-memory threshold.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 10)
# Images declaring more pixels than this in their header are refused before decoding (image bombs).
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 60_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Pledge certificates: the pepper in each signature hash. Set once and keep it: changing it
# invalidates every certificate already issued. Falls back to SECRET_KEY.
PLEDGE_HASH_PEPPER = env_str("PLEDGE_HASH_PEPPER") or SECRET_KEY
PLEDGE_SIGN_RATE = env_int("PLEDGE_SIGN_RATE", 30)
# Absolute base URL for links in e-mails and PDFs made outside a request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# JSON request bodies: size and nesting limits (a deeply nested body used to end in a RecursionError).
API_JSON_MAX_BYTES = env_int("API_JSON_MAX_BYTES", 1024 * 1024)
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)

# Public form rate limits (reports.quota): only ACCEPTED submissions count, per browser (a signed
# cookie) and, far more generously, per client address (a carrier NAT puts a town behind one address).
PUBLIC_REPORT_RATE = env_int("PUBLIC_REPORT_RATE", 10)
PUBLIC_REPORT_ADDRESS_RATE = env_int("PUBLIC_REPORT_ADDRESS_RATE", 300)
# Every POST to the form, refused or not, per address: only against floods (CPU), far above honest use.
PUBLIC_REPORT_ATTEMPT_RATE = env_int("PUBLIC_REPORT_ATTEMPT_RATE", 2000)
# Evidence that passed the checks on a refused submission is kept for the session this long.
STAGED_EVIDENCE_MINUTES = env_int("STAGED_EVIDENCE_MINUTES", 120)
RECEIPT_LOOKUP_RATE = env_int("RECEIPT_LOOKUP_RATE", 30)
# The receipt e-mailed to a typed address (reports.receipt_doc): per receipt, per browser, per address.
RECEIPT_EMAIL_PER_RECEIPT_RATE = env_int("RECEIPT_EMAIL_PER_RECEIPT_RATE", 3)
RECEIPT_EMAIL_RATE = env_int("RECEIPT_EMAIL_RATE", 10)
RECEIPT_EMAIL_ADDRESS_RATE = env_int("RECEIPT_EMAIL_ADDRESS_RATE", 300)
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx: 1). 0 = use the socket
# address only; never set it higher than the proxies you run, or clients can forge their address.
NETRAL_TRUSTED_PROXIES = env_int("NETRAL_TRUSTED_PROXIES", 0)
# Bearer token for /metrics from outside the machine (Prometheus on another host); loopback needs none.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# How long a public submission's idempotency token answers a retry with the same receipt.
SUBMISSION_REPLAY_HOURS = env_int("SUBMISSION_REPLAY_HOURS", 24)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "netral <noreply@netral.local>")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # Separate queues so a long dashboard rebuild or registry import never delays a notification;
        # production runs a worker per queue (deploy/systemd/netral-worker@.service).
        "QUEUES": ["default", "notifications", "analytics", "imports", "periodic"],
    }
}

# The event path (core.events): the route table, and whether a request also processes the messages it
# just committed (tests; a small install without an outbox worker). Production runs `run_outbox` workers.
NETRAL_EVENT_ROUTES = env_str("NETRAL_EVENT_ROUTES", "netral.events.ROUTES")
NETRAL_OUTBOX_EAGER = env_bool("NETRAL_OUTBOX_EAGER", False)


# Periodic jobs, run by the task workers (core.periodic): management command, every N seconds,
# offset in seconds from 00:00 UTC. NETRAL_SCHEDULER=off leaves them to cron/systemd timers instead.
NETRAL_SCHEDULER = env_bool("NETRAL_SCHEDULER", True)
NETRAL_PERIODIC_JOBS: dict[str, dict[str, Any]] = {
    "send_deadline_reminders": {"every": 3600, "offset": 300},
    "send_prevention_reminders": {"every": 86400, "offset": 3600},  # 08:00 WIB
    "deliver_webhooks": {"every": 60},
    # A safety net: events are drained every minute even where no `run_outbox` worker runs.
    "run_outbox": {"every": 60, "args": ["--once"]},
    "prune_orphan_evidence": {"every": 3600, "offset": 900},
    "prune_submission_tokens": {"every": 3600, "offset": 1200},
    "deliver_reporter_notices": {"every": 60, "offset": 20},
    "deliver_chat_outbox": {"every": 60, "offset": 40},
    "expire_chat_sessions": {"every": 3600, "offset": 1500},
    "prune_db_task_results": {"every": 86400, "offset": 72000, "args": ["--queue-name", "*", "--min-age-days", "14"]},
    # Registry imports whose process died (personnel.lease) continue; indexes a bulk load left dropped come back.
    "resume_registry_imports": {"every": 60, "offset": 30},
}
# A worker beats every HEARTBEAT seconds and is taken for dead after LEASE (keep LEASE > 3 x HEARTBEAT).
NETRAL_WORKER_HEARTBEAT_SECONDS = env_float("NETRAL_WORKER_HEARTBEAT_SECONDS", 10.0)
NETRAL_WORKER_LEASE_SECONDS = env_int("NETRAL_WORKER_LEASE_SECONDS", 60)
NETRAL_TASK_MAX_RECOVERIES = env_int("NETRAL_TASK_MAX_RECOVERIES", 3)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "netral.accounts.lockout.LockoutTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON bodies within API_JSON_MAX_BYTES and API_JSON_MAX_DEPTH (core.jsonlimits): 400 with the reason.
    "DEFAULT_PARSER_CLASSES": [
        "netral.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "netral.api.exceptions.handler",
    "DEFAULT_THROTTLE_CLASSES": ["netral.api.throttling.AnonThrottle", "netral.api.throttling.UserThrottle"],
    # The same client address as Django's rate limits (core.ratelimit.client_ip); DRF's own
    # get_ident is not used by netral's throttles, but keep it consistent for any other.
    "NUM_PROXIES": NETRAL_TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "60/hour"),
        "user": env_str("API_USER_RATE", "5000/hour"),
        "public_report": env_str("API_PUBLIC_REPORT_RATE", "10/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "netral API",
    "DESCRIPTION": "ASN neutrality oversight: regions, elections, reports, cases, sanctions, prevention, monitoring.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components, so a field that may not be blank says so (minLength 1)
    # where clients send it, without promising it of stored rows in responses.
    "COMPONENT_SPLIT_REQUEST": True,
}

# Legal clocks that the sources leave uncertain are settings, not code (domain.md §3, §9).
NETRAL_DEADLINES = {
    "report_window_days": env_int("DEADLINE_REPORT_DAYS", 7),
    "initial_review_days": env_int("DEADLINE_INITIAL_REVIEW_DAYS", 3),
    "decide_days": env_int("DEADLINE_DECIDE_DAYS", 3),
    "decide_extension_days": env_int("DEADLINE_DECIDE_EXTENSION_DAYS", 2),
    "satgas_verification_days": env_int("DEADLINE_SATGAS_DAYS", 7),
    "bawaslu_sbt_review_working_days": env_int("DEADLINE_SBT_REVIEW_WORKING_DAYS", 3),
    "ppk_followup_days": env_int("DEADLINE_PPK_FOLLOWUP_DAYS", 14),
    "ppk_after_reprimand_days": env_int("DEADLINE_PPK_AFTER_REPRIMAND_DAYS", 3),
    "reminder_before_days": env_int("DEADLINE_REMINDER_BEFORE_DAYS", 1),
    # A supervisor's formal request for completion (kelengkapan): the reporter has 2 days (Perbawaslu 8/2020).
    "completion_request_days": env_int("DEADLINE_COMPLETION_REQUEST_DAYS", 2),
}

# The conversation under the receipt code (netral/conversations): messages a reporter may send per report
# per hour, on the lookup page and by chat together; past it the thread refuses until the hour ends.
THREAD_MESSAGE_RATE = env_int("THREAD_MESSAGE_RATE", 20)

# Reporting by chat (netral/chat, docs/chat.md). A channel is on only when its secrets are set.
# Drafts idle this long expire (their answers and media are deleted).
CHAT_IDLE_HOURS = env_int("CHAT_IDLE_HOURS", 24)
# Messages one chat may send per hour before the bot stops answering until the hour ends.
CHAT_PEER_RATE = env_int("CHAT_PEER_RATE", 120)
# Messages the bot sends per second on each channel (Telegram allows about 30, WhatsApp 80).
CHAT_SEND_PER_SECOND = env_int("CHAT_SEND_PER_SECOND", 20)
CHAT_HTTP_TIMEOUT = env_float("CHAT_HTTP_TIMEOUT", 15.0)
WHATSAPP_API_BASE = env_str("WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID")
WHATSAPP_ACCESS_TOKEN = env_str("WHATSAPP_ACCESS_TOKEN")
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET")
WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN")
# Outside WhatsApp's 24-hour customer-service window only an approved template may be sent.
WHATSAPP_NOTICE_TEMPLATE = env_str("WHATSAPP_NOTICE_TEMPLATE", "netral_pemberitahuan")
WHATSAPP_TEMPLATE_LANGUAGE = env_str("WHATSAPP_TEMPLATE_LANGUAGE", "id")
TELEGRAM_API_BASE = env_str("TELEGRAM_API_BASE", "https://api.telegram.org")
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN")
TELEGRAM_WEBHOOK_SECRET = env_str("TELEGRAM_WEBHOOK_SECRET")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "netral.core.logging.RequestIDFilter"},
        "redact": {"()": "netral.core.logging.RedactFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "netral.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_str("LOG_FORMAT", "plain") == "json" else "plain",
            "filters": ["request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Security: strict by default in production; `manage.py check --deploy` must be clean there.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default behaviour
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every response that has none of its own: scripts, styles,
# images and requests from this site only. No page carries inline scripts, inline styles or event
# handlers (their code lives in static/…/*.js and *.css), so no nonce or hash is needed; htmx runs
# with eval and its inline indicator style switched off (the htmx-config meta tag in base.html).
# Evidence files keep their stricter "default-src 'none'; sandbox". Violations are reported to
# core.csp.report and logged. A browser test loads every page template with this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": ["/csp-laporan/"],
    },
}
# Permissions-Policy: no page needs the camera, microphone, location or other device features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
    "clipboard-write": ["self"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
