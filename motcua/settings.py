# SPDX-License-Identifier: MPL-2.0
"""Settings for motcua: one env-driven module (healthchecks style).

Every setting is declared here with a development-safe default. Deployment values come from
the environment (see docs/configuration.md and .env.example); policy that province
administrators change (working hours, cut-off, channels) lives in the database instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines of a local .env file; real environment variables win."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


load_env_file(Path(os.environ.get("MOTCUA_ENV_FILE", BASE_DIR / ".env")))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd secrets); fail loudly."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def parse_database_url(url: str) -> dict[str, object]:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/name`` into a DATABASES entry."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        # sqlite:////abs/path is absolute; sqlite:///rel/path is relative to the project.
        name = path[1:] if path.startswith("//") else str(BASE_DIR / path.lstrip("/"))
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name if path.strip("/") else str(BASE_DIR / "db.sqlite3"),
            "OPTIONS": {
                # WAL lets readers run beside the single writer; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported")


# --- Core -------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG=false")
    SECRET_KEY = "dev-only-insecure-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = env("SITE_NAME", "Cổng dịch vụ công tỉnh Hưng Yên")
# Public address of the portal, printed in QR codes on official forms.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "motcua.core.admin_config.MotcuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "motcua.core",
    "motcua.outbox",
    "motcua.audit",
    "motcua.accounts",
    "motcua.org",
    "motcua.workcal",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.reports",
    "motcua.clients",
    "motcua.portal",
    "motcua.desk",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.core.request_cache.RequestCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last (STACK.md §3).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": parse_database_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, authentication, 2FA, throttling -----------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must be first (STACK.md §3)
    "motcua.accounts.backends.LoginIdentifierBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
STAFF_LOGIN_URL = "desk:login"
# Staff must pass a TOTP second factor. On by default whenever DEBUG is off.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "motcua")

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind nginx, the client address comes from X-Forwarded-For set by our own proxy.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
# The lock-out counts by the same client address as every other rate limit (the right-most
# untrusted hop of X-Forwarded-For behind AXES_PROXY_COUNT proxies); without this, axes
# would need django-ipware and, behind nginx, would see 127.0.0.1 for everyone.
AXES_CLIENT_IP_CALLABLE = "motcua.core.ratelimit.client_address"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Public status lookup (/tra-cuu/): per client address and window, lookups of any kind and
# wrong lookup secrets (motcua/core/ratelimit.py); over the limit the answer is HTTP 429.
LOOKUP_RATE_LIMIT = env_int("LOOKUP_RATE_LIMIT", 30)
LOOKUP_SECRET_FAILURE_LIMIT = env_int("LOOKUP_SECRET_FAILURE_LIMIT", 5)
LOOKUP_RATE_WINDOW_SECONDS = env_int("LOOKUP_RATE_WINDOW_SECONDS", 600)
REGISTRATION_RATE_LIMIT = env_int("REGISTRATION_RATE_LIMIT", 10)  # sign-ups per address and hour


def parse_cache_url(url: str) -> dict[str, object]:
    """``locmem://`` (one cache per process), ``db://table`` (shared by every process,
    after ``manage.py createcachetable``) or ``redis://host:port/db`` (``rediss://`` with
    TLS; shared, and the cheapest: a rate-limit hit is two round trips instead of about ten
    queries) into a CACHES entry."""
    parts = urlsplit(url)
    if parts.scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "motcua",
        }
    if parts.scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": parts.netloc or "motcua_cache",
        }
    raise ImproperlyConfigured(f"CACHE_URL scheme {parts.scheme!r} is not supported")


# Rate-limit counters live here.
CACHES = {"default": parse_cache_url(env("CACHE_URL", "locmem://"))}

# --- Internationalisation: Vietnamese first, English available --------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["motcua.formats"]
USE_THOUSAND_SEPARATOR = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))


def s3_media_storage() -> dict[str, object]:
    """The STORAGES entry for uploaded files on S3-compatible object storage (django-storages).

    Files stay private: the application streams each one after its permission check and never
    hands out a bucket URL. Names are never overwritten (two applicants' "to-khai.pdf" in the
    same month get distinct names, as on disk). Bucket and both keys are required.
    """
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    access_key = env_secret("AWS_ACCESS_KEY_ID")
    secret_key = env_secret("AWS_SECRET_ACCESS_KEY")
    if not (bucket and access_key and secret_key):
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME, AWS_ACCESS_KEY_ID(_FILE) "
            "and AWS_SECRET_ACCESS_KEY(_FILE)"
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,  # empty: Amazon S3 itself
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE") or None,  # "path" for MinIO
            "access_key": access_key,
            "secret_key": secret_key,
            "file_overwrite": False,
            "default_acl": None,  # the bucket's own policy: keep the bucket private
            "querystring_auth": True,
        },
    }


# Uploaded files: the local disk under MEDIA_ROOT (default), or "s3" so that several web and
# worker servers share them (docs/deployment.md).
MEDIA_STORAGE = env("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3: {MEDIA_STORAGE!r}")
STORAGES = {
    "default": (
        s3_media_storage()
        if MEDIA_STORAGE == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security ---------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)  # one uploaded file

# --- REST API v1 (docs/api.md) -----------------------------------------------------------
# Public, read-only endpoints for now: no authentication classes, so no session and no CSRF.
# The default permission fails closed; every view states its own (AllowAny for public reads).
# Anonymous clients are throttled per address (API_ANON_RATE, "<number>/<second|minute|
# hour|day>"), counted in the default cache like the portal's rate limits.
API_ANON_RATE = env("API_ANON_RATE", "120/minute")
# Each signed-in API caller (a connected system's service account, a staff session).
API_CLIENT_RATE = env("API_CLIENT_RATE", "1200/minute")
# How long a client's Idempotency-Key is remembered (manage.py purge_idempotency_keys).
API_IDEMPOTENCY_DAYS = env_int("API_IDEMPOTENCY_DAYS", 30)
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 25)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "motcua.api.throttling.AnonymousRateThrottle",
        "motcua.api.throttling.ClientRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "motcua.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua – API dịch vụ công",
    "DESCRIPTION": (
        "API v1 của hệ thống một cửa điện tử: tra cứu thủ tục hành chính, cơ quan và "
        "tình trạng hồ sơ (công khai); hồ sơ của cơ quan cho hệ thống kết nối (khóa Bearer, "
        "quyền theo scope) và cán bộ đã đăng nhập. Lỗi trả về theo RFC 9457 "
        "(application/problem+json). Xem docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice set used by several fields (dossier create and return-result).
    "ENUM_NAME_OVERRIDES": {"ResultDeliveryEnum": "motcua.dossiers.models.ResultDelivery"},
}

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "motcua <no-reply@motcua.local>")
# SMTP relay (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend). The timeout bounds
# each SMTP call of the outbox worker; it must stay below OUTBOX_LEASE_SECONDS.
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# --- National single sign-on (docs/integrations.md) -------------------------------------
# "fake" (a local page of demo identities) by default in development; "" switches VNeID
# sign-on off. The fake lets anyone sign in as a demo person, so it is refused in production.
SSO_PROVIDER = env("SSO_PROVIDER", "fake" if DEBUG else "")
if SSO_PROVIDER == "fake" and not DEBUG:
    raise ImproperlyConfigured("SSO_PROVIDER=fake is for development only (DEBUG=true)")

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Outbox (docs/outbox.md) ------------------------------------------------------------
# Tries before a message goes dead; backoff doubles from BASE up to MAX (seconds); a claimed
# message is reclaimable by another worker once its lease has run out.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 12)
OUTBOX_BACKOFF_BASE_SECONDS = env_int("OUTBOX_BACKOFF_BASE_SECONDS", 30)
OUTBOX_BACKOFF_MAX_SECONDS = env_int("OUTBOX_BACKOFF_MAX_SECONDS", 6 * 3600)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300)
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 20)
OUTBOX_POLL_SECONDS = env_int("OUTBOX_POLL_SECONDS", 5)

# --- National Public Service Portal sync (DVCQG), docs/integrations.md -------------------
# "fake" records what would be sent (development only); "http" posts to the portal's sync
# service through the LGSP and needs DVCQG_URL and DVCQG_TOKEN; "" switches the sync off.
DVCQG_PROVIDER = env("DVCQG_PROVIDER", "fake" if DEBUG else "")
if DVCQG_PROVIDER not in {"", "fake", "http"}:
    raise ImproperlyConfigured(f"DVCQG_PROVIDER must be fake, http or empty: {DVCQG_PROVIDER!r}")
if DVCQG_PROVIDER == "fake" and not DEBUG:
    raise ImproperlyConfigured("DVCQG_PROVIDER=fake is for development only (DEBUG=true)")
DVCQG_URL = env("DVCQG_URL", "")
DVCQG_TOKEN = env_secret("DVCQG_TOKEN")
if DVCQG_PROVIDER == "http" and not (DVCQG_URL and DVCQG_TOKEN):
    raise ImproperlyConfigured("DVCQG_PROVIDER=http needs DVCQG_URL and DVCQG_TOKEN(_FILE)")
DVCQG_TIMEOUT_SECONDS = env_int("DVCQG_TIMEOUT_SECONDS", 20)
DVCQG_FAKE_FILE = env("DVCQG_FAKE_FILE", "")  # the fake also appends JSON lines here

# --- Webhooks to API clients (docs/outbox.md) --------------------------------------------
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
# Plain-http receivers (a signed body, but readable on the wire): development only by default.
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", DEBUG)
# Allow webhook hosts on loopback/private networks (tests, a receiver inside the province's LAN).
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", DEBUG)

for _name in ("EMAIL_TIMEOUT", "DVCQG_TIMEOUT_SECONDS", "WEBHOOK_TIMEOUT_SECONDS"):
    if not 0 < globals()[_name] < OUTBOX_LEASE_SECONDS:
        raise ImproperlyConfigured(f"{_name} must be positive and below OUTBOX_LEASE_SECONDS")
