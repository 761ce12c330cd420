"""Settings for the UNODC MUN delegate assistant.

One file, configured from the environment. Development works with no variables at all
(DEBUG on, SQLite file in the project); production needs SECRET_KEY, ALLOWED_HOSTS and
usually DATABASE_URL, and gets secure defaults.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# `check --deploy` reports a missing key (unodc_mun.checks) instead of passing on a throwaway.
SECRET_KEY_FROM_ENVIRONMENT = bool(SECRET_KEY)


def _offline_management_command() -> bool:
    """True for `manage.py <command>` runs that serve nobody (check, makemigrations, migrate...).

    The secret key signs sessions, CSRF tokens and password-reset links, which only exist
    while the app serves people; refusing to run `makemigrations` without one helps nobody.
    Serving (gunicorn through wsgi.py, `runserver`) still refuses to start without it.
    """
    argv = sys.argv
    return (
        len(argv) > 1
        and os.path.basename(argv[0]) == "manage.py"
        and argv[1] not in {"runserver", "testserver"}
    )


if not SECRET_KEY:
    if not DEBUG and not _offline_management_command():
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "Set DEBUG=1 for local development, or export a long random SECRET_KEY."
        )
    # Development, or an offline command: a key nobody can rely on.
    SECRET_KEY = (
        "dev-only-insecure-key-do-not-use-in-production" if DEBUG else secrets.token_urlsafe(50)
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "unodc_mun",
    "committees",
    "positions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Unchanged polls with a valid poll token: 204 before the rest (unodc_mun/fastpoll.py).
    "unodc_mun.fastpoll.FastPollMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language: the person's choice (below), else the browser's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, remembering the signed-in person's row for pages (unodc_mun/signed_in.py).
    "unodc_mun.signed_in.AuthenticationMiddleware",
    "committees.middleware.PersonLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Control characters and unreadable bodies are refused here, before any view runs.
    "unodc_mun.hygiene.InputHygieneMiddleware",
]

ROOT_URLCONF = "unodc_mun.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "committees.context_processors.navigation",
                "committees.interface_words.interface_words",
            ],
        },
    },
]

WSGI_APPLICATION = "unodc_mun.wsgi.application"
ASGI_APPLICATION = "unodc_mun.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A connection pool per process (psycopg's), e.g. DB_POOL=8: what the ASGI server (event
# streams) uses, since a request there runs in a fresh thread each time and persistent
# per-thread connections would pile up. The WSGI server keeps one persistent connection per
# thread (DB_CONN_MAX_AGE).
DB_POOL = int(os.environ.get("DB_POOL", "0") or 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DB_POOL,
        "timeout": 20,
    }
# Polls that find nothing new are answered from versions heard on PostgreSQL's LISTEN channel
# (one listening thread per process), without a query. Off in development and tests.
LIVE_POLL_CACHE = env_bool("LIVE_POLL_CACHE", not DEBUG)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the busy timeout makes a second
    # writer wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not the shared-cache in-memory database: shared cache locks whole
    # tables and ignores the busy timeout, so a live server answering several browser
    # windows would fail with "database table is locked" where production would just wait.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the sign-in and invite-code throttles (unodc_mun.throttle), so in production
# it must be shared by every process: the database cache table (`manage.py createcachetable`,
# which `make migrate` runs). CACHE=locmem or CACHE=db overrides the default.
_cache = os.environ.get("CACHE", "locmem" if DEBUG else "db")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
        if _cache == "db"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Rendered fragments keyed by the version counters of what they show (unodc_mun/fragments.py):
    # per process is right for them, since a key names one version and never goes stale.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "unodc_mun.passwords.NotAPublicPassword"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Mail (invitations, password reset): SMTP when EMAIL_HOST is set, else printed to the console.
_email_host = os.environ.get("EMAIL_HOST", "")
_email_port = int(os.environ.get("EMAIL_PORT", "587"))
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": _email_port,
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", _email_port == 587),
                "use_ssl": env_bool("EMAIL_USE_SSL", _email_port == 465),
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "20")),
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MUN Delegate Assistant <mun@localhost>")
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(3 * 24 * 3600)))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The interface is translated; what committees write (guides, papers, resolutions) stays as
# written. Spanish is complete for the pages marked for translation, French is started.
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded guides and sources are capped at 10 MB; the importer says so clearly.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Nonce-only Content Security Policy: no inline scripts, no hx-on, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Django's database sessions; a page's read remembered per process (unodc_mun/sessions.py).
SESSION_ENGINE = "unodc_mun.sessions"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "3600"))
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "unodc_mun.logs.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# `manage.py load_demo` runs these in order; each is idempotent (running twice changes nothing).
DEMO_LOADERS = [
    "committees.demo.people.load",
    "committees.demo.guides.load",
    "committees.demo.procedure.load",
    "committees.demo.floor.load",
    "positions.demo.papers.load",
    "positions.demo.resolutions.load",
    "positions.demo.review.load",
    "committees.demo.research.load",
]
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "mun-demo-2026")
