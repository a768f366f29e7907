"""The one settings file: everything comes from environment variables.

Parsers in accord.core.env reject junk with a message naming the variable; start-up
(the `accord` command) turns that into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from accord.core.clients import parse_networks
from accord.core.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_number_map,
    parse_database_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", "var")).resolve()


def _secret_key() -> str:
    """Use ACCORD_SECRET_KEY, else a key generated once into var/ (never committed)."""
    configured = os.environ.get("ACCORD_SECRET_KEY")
    if configured is not None:
        if len(configured.strip()) < 32:
            raise ConfigurationError("ACCORD_SECRET_KEY: must be at least 32 characters")
        return configured.strip()
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not write different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _database() -> dict[str, object]:
    raw = os.environ.get("DATABASE_URL", "sqlite:///" + str(VAR_DIR / "accord.sqlite3"))
    url = parse_database_url(raw)
    if url.engine == "sqlite":
        path = Path(url.name)
        if not path.is_absolute():
            path = Path.cwd() / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                # busy timeout in seconds: writers queue instead of failing at once.
                "timeout": 20,
                # IMMEDIATE takes the write lock at BEGIN, so two writers never
                # deadlock upgrading read locks (the classic SQLITE_BUSY trap).
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-65536;"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA mmap_size=1073741824;"
                ),
            },
            "TEST": {"NAME": os.environ.get("ACCORD_TEST_SQLITE_NAME") or None},
            # Keep connections across requests: reopening costs the PRAGMAs above and
            # throws away SQLite's page cache every request (measured in bench/web.py).
            "CONN_MAX_AGE": env_int("ACCORD_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    options = dict(url.options)
    options.setdefault("connect_timeout", "5")
    # No JIT: it pays off for long analytic queries, not for a page's short ones, where
    # compiling (hundreds of ms) costs more than it saves whenever estimates run high.
    options.setdefault("options", "-c jit=off")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": url.name,
        "USER": url.user,
        "PASSWORD": url.password,
        "HOST": url.host,
        "PORT": url.port,
        "OPTIONS": options,
        "CONN_MAX_AGE": env_int("ACCORD_DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }


SECRET_KEY = _secret_key()
DEBUG = env_bool("ACCORD_DEBUG", False)
ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("ACCORD_CSRF_TRUSTED_ORIGINS", [])
DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "accord.admin_site.AccordAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Staff second factor: TOTP devices and recovery codes (docs/security.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accord.core",
    "accord.members",
    "accord.customers",
    "accord.relationships",
    "accord.interactions",
    "accord.promises",
    "accord.commerce",
    "accord.voice",
    "accord.consents",
    "accord.partners",
    "accord.incidents",
    "accord.audit",
    "accord.scoring",
    "accord.imports",
    "accord.webhooks",
    "accord.mail",
    "accord.demo",
    "accord.api",
    "accord.portal",
    "accord.staff",
    "accord.cli",
    # Listed so Ninja's API docs use its bundled Swagger assets instead of a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Numbers past 64 bits in paths, NUL in parameters: refused before any view.
    "accord.core.edge.InputEdgeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accord.staff.middleware.StaffLoginRequiredMiddleware",
    "accord.staff.middleware.SecondFactorRequiredMiddleware",
    "accord.api.idempotency.IdempotencyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Below WhiteNoise, so static files keep their long cache lifetimes.
    "accord.core.headers.NoStoreMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"
AUTH_USER_MODEL = "members.StaffMember"
# The lockout of failed passwords sits in front of Django's own check (accord.members).
AUTHENTICATION_BACKENDS = ["accord.members.backends.ThrottledModelBackend"]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Serve straight from app static folders (no collectstatic step needed to start).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ACCORD_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("ACCORD_SESSION_SECONDS", 8 * 3600, minimum=60)

# Transport (docs/security.md): secure cookies mean the site is served over HTTPS, so by
# default plain HTTP is redirected and browsers are told to stay on HTTPS (HSTS) for a
# year. Each can be tuned; /healthz stays on plain HTTP for load balancers' probes.
SECURE_SSL_REDIRECT = env_bool("ACCORD_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int(
    "ACCORD_HSTS_SECONDS", 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0, minimum=0
)
# Subdomains and preload follow too (what `check --deploy` asks for); turn either off
# while another host under the domain still serves plain HTTP.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ACCORD_HSTS_INCLUDE_SUBDOMAINS", SESSION_COOKIE_SECURE)
SECURE_HSTS_PRELOAD = env_bool("ACCORD_HSTS_PRELOAD", SESSION_COOKIE_SECURE)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips a client's own).
if env_bool("ACCORD_PROXY_SETS_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp): scripts and styles only from Accord's own static
# files, so injected markup cannot run script; images may be data: URLs (Swagger UI's
# icons); no framing, no plugins, forms post only back to Accord.
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
    }
}

EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}.get(os.environ.get("ACCORD_EMAIL_BACKEND", "console").strip().lower(), "")
if not EMAIL_BACKEND:
    raise ConfigurationError(
        f"ACCORD_EMAIL_BACKEND: unexpected value {os.environ['ACCORD_EMAIL_BACKEND']!r}, "
        "use console, file, smtp or memory"
    )
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("ACCORD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ACCORD_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("ACCORD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ACCORD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ACCORD_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("ACCORD_FROM_EMAIL", "accord@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "WARNING")},
}

# Accord's own policies; thresholds later features read. Each is an env variable.
ACCORD_PAGE_SIZE = env_int("ACCORD_PAGE_SIZE", 100, minimum=1)

# Portal (customer side): magic links, rate limits, session idle timeout, retention.
ACCORD_PORTAL_LINK_MINUTES = env_int("ACCORD_PORTAL_LINK_MINUTES", 10, minimum=1)
ACCORD_PORTAL_LINKS_PER_ADDRESS_HOUR = env_int("ACCORD_PORTAL_LINKS_PER_ADDRESS_HOUR", 5, minimum=1)
ACCORD_PORTAL_LINKS_PER_IP_HOUR = env_int("ACCORD_PORTAL_LINKS_PER_IP_HOUR", 30, minimum=1)
ACCORD_PORTAL_FAILED_SIGNINS_PER_IP_HOUR = env_int(
    "ACCORD_PORTAL_FAILED_SIGNINS_PER_IP_HOUR", 20, minimum=1
)
ACCORD_PORTAL_IDLE_SECONDS = env_int("ACCORD_PORTAL_IDLE_SECONDS", 30 * 60, minimum=60)
ACCORD_PORTAL_RETENTION_DAYS = env_int("ACCORD_PORTAL_RETENTION_DAYS", 90, minimum=1)

# Staff sign-in (docs/security.md): failed passwords and API tokens within the window
# lock the account (or token) and, at a higher count, the client address, for the
# window. Client addresses come from X-Forwarded-For only through these proxies.
ACCORD_TRUSTED_PROXIES = env_list("ACCORD_TRUSTED_PROXIES", [])
try:
    parse_networks(tuple(ACCORD_TRUSTED_PROXIES))
except ValueError as error:
    raise ConfigurationError(str(error)) from None
ACCORD_SIGNIN_FAILURES_PER_ACCOUNT = env_int("ACCORD_SIGNIN_FAILURES_PER_ACCOUNT", 10, minimum=1)
ACCORD_SIGNIN_FAILURES_PER_CLIENT = env_int("ACCORD_SIGNIN_FAILURES_PER_CLIENT", 50, minimum=1)
ACCORD_SIGNIN_LOCK_MINUTES = env_int("ACCORD_SIGNIN_LOCK_MINUTES", 15, minimum=1)
OTP_TOTP_ISSUER = os.environ.get("ACCORD_COMPANY_NAME", "Accord")

ACCORD_ERASURE_DEADLINE_DAYS = env_int("ACCORD_ERASURE_DEADLINE_DAYS", 30, minimum=1)
# The data controller named on consent receipts (Kantara v1.1 piiControllers).
ACCORD_COMPANY_NAME = os.environ.get("ACCORD_COMPANY_NAME", "Accord Demo Company")
ACCORD_COMPANY_EMAIL = os.environ.get("ACCORD_COMPANY_EMAIL", "privacy@example.com")
ACCORD_COMPANY_PHONE = os.environ.get("ACCORD_COMPANY_PHONE", "+00 000 000 000")
ACCORD_COMPANY_COUNTRY = os.environ.get("ACCORD_COMPANY_COUNTRY", "EU")
ACCORD_PRIVACY_POLICY_URL = os.environ.get(
    "ACCORD_PRIVACY_POLICY_URL", "http://127.0.0.1:8000/portal/privacy/"
)

# Accountability (issue 3): the gap thresholds the demo generator plants against, the
# per-channel response policy for routed requests, and the issue-shopping link window.
ACCORD_CONTESTED_DAYS = env_int("ACCORD_CONTESTED_DAYS", 30, minimum=1)
ACCORD_STALE_DAYS = env_int("ACCORD_STALE_DAYS", 30, minimum=1)
ACCORD_HANDOFF_SILENCE_DAYS = env_int("ACCORD_HANDOFF_SILENCE_DAYS", 14, minimum=1)
ACCORD_HANDOFF_HORIZON_DAYS = env_int("ACCORD_HANDOFF_HORIZON_DAYS", 60, minimum=1)
ACCORD_MAX_BOOK_SIZE = env_int("ACCORD_MAX_BOOK_SIZE", 250, minimum=1)
ACCORD_MAX_OPEN_REQUESTS = env_int("ACCORD_MAX_OPEN_REQUESTS", 40, minimum=1)
ACCORD_LINK_WINDOW_DAYS = env_int("ACCORD_LINK_WINDOW_DAYS", 14, minimum=1)
ACCORD_RESPONSE_HOURS = env_number_map(
    "ACCORD_RESPONSE_HOURS",
    {
        "email": 24,
        "call": 4,
        "meeting": 24,
        "chat": 1,
        "ticket": 24,
        "social": 2,
        "portal": 24,
        "letter": 72,
        "in_person": 24,
    },
)

# Insight (issue 4): health weights per component (relative, whole numbers), the CLV horizon
# and monthly discount rate (in basis points: 100 = 1 % a month), alert thresholds,
# and whether API/UI writes rescore in-process on commit (the worker drains the rest).
ACCORD_HEALTH_WEIGHTS = env_number_map(
    "ACCORD_HEALTH_WEIGHTS",
    {
        "honesty": 20,
        "transparency": 10,
        "fair_value_customer": 15,
        "fair_value_company": 10,
        "power_balance": 20,
        "responsiveness": 10,
        "sentiment_trend": 15,
    },
)
ACCORD_CLV_HORIZON_MONTHS = env_int("ACCORD_CLV_HORIZON_MONTHS", 12, minimum=1)
ACCORD_CLV_MONTHLY_DISCOUNT = env_int("ACCORD_CLV_MONTHLY_DISCOUNT_BP", 100, minimum=0) / 10000
ACCORD_HEALTH_DROP_ALERT = env_int("ACCORD_HEALTH_DROP_ALERT", 15, minimum=1)
ACCORD_RESCORE_INLINE = env_bool("ACCORD_RESCORE_INLINE", True)

# Webhooks (docs/webhooks.md): seconds a receiver has to answer one POST before the
# attempt counts as failed and is retried on the backoff schedule.
ACCORD_WEBHOOK_TIMEOUT_SECONDS = env_int("ACCORD_WEBHOOK_TIMEOUT_SECONDS", 5, minimum=1)
# Rows an import commits per transaction (its checkpoint step); small values in tests.
ACCORD_IMPORT_CHUNK_ROWS = env_int("ACCORD_IMPORT_CHUNK_ROWS", 20_000, minimum=1)

# Mail capture (docs/mail.md). Company addresses tell outbound mail from inbound: full
# addresses or "@domain" for a whole domain; each mailbox's own address counts too.
ACCORD_COMPANY_ADDRESSES = [value.lower() for value in env_list("ACCORD_COMPANY_ADDRESSES", [])]
ACCORD_MAIL_POLL_SECONDS = env_int("ACCORD_MAIL_POLL_SECONDS", 300, minimum=10)
# Attachments are recorded by name and size; their bytes are kept only when this is on.
ACCORD_MAIL_KEEP_ATTACHMENTS = env_bool("ACCORD_MAIL_KEEP_ATTACHMENTS", False)
ACCORD_MAIL_ATTACHMENT_DIR = VAR_DIR / "mail-attachments"

# Voice of the customer (docs/voice.md): a reshare's typical audience (reach estimate);
# escalate a negative mention past ACCORD_ESCALATION_REACH, or a burst of negative
# mentions on one topic in the last hour: at least ACCORD_BURST_FACTOR times the hourly
# baseline of the week before, and at least ACCORD_BURST_MIN_CUSTOMER posts about one
# customer (ACCORD_BURST_MIN_BOOK book-wide). The owner must act within the due hours.
ACCORD_RESHARE_AUDIENCE = env_int("ACCORD_RESHARE_AUDIENCE", 200, minimum=0)
ACCORD_ESCALATION_REACH = env_int("ACCORD_ESCALATION_REACH", 10_000, minimum=1)
ACCORD_BURST_FACTOR = env_int("ACCORD_BURST_FACTOR", 5, minimum=1)
ACCORD_BURST_MIN_CUSTOMER = env_int("ACCORD_BURST_MIN_CUSTOMER", 3, minimum=1)
ACCORD_BURST_MIN_BOOK = env_int("ACCORD_BURST_MIN_BOOK", 10, minimum=1)
ACCORD_ESCALATION_DUE_HOURS = env_int("ACCORD_ESCALATION_DUE_HOURS", 4, minimum=1)
# Exit intent counts over this window (asked to leave in the last N days).
ACCORD_EXIT_INTENT_DAYS = env_int("ACCORD_EXIT_INTENT_DAYS", 365, minimum=1)

# Sentiment (docs/sentiment.md): the analyzer behind survey comments, mentions and
# `accord sentiment`: "accord" (lexicon plus complaint cues, the default) or "vader".
ACCORD_SENTIMENT_ANALYZER = (
    os.environ.get("ACCORD_SENTIMENT_ANALYZER", "").strip().lower() or "accord"
)
