"""Settings shared by every configuration.

The embedded default (SQLite, local files, huey on SQLite, database cache) needs no
environment variable at all; production reads its servers from ``DATABASE_URL`` and
``REDIS_URL`` (see ``production.py`` and docs/adr/0005-embedded-default-vs-production.md).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_path, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = env_path("TEACHERREG_VAR_DIR", BASE_DIR / "var")

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-only-key-never-used-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    "axes",
    # shared parts
    "teacherreg.common",
    "teacherreg.reference",
    "teacherreg.audit",
    "teacherreg.notify",
    "teacherreg.captcha",
    "teacherreg.documents",
    "teacherreg.wechat",
    # domain
    "teacherreg.accounts",
    "teacherreg.identity",
    "teacherreg.organisations",
    "teacherreg.certificates",
    "teacherreg.profiles",
    "teacherreg.records",
    "teacherreg.registration",
    "teacherreg.imports",
    "teacherreg.exports",
    "teacherreg.announcements",
    "teacherreg.support",
    # web layers
    "teacherreg.portal",
    "teacherreg.faq",
    "teacherreg.applicant",
    "teacherreg.office",
    "teacherreg.manuals",
    # demo world (P24: refused under production settings)
    "teacherreg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "teacherreg.accounts.session_policy.SessionPolicyMiddleware",  # idle and absolute limits
    "teacherreg.office.middleware.StaffSecondFactorMiddleware",  # P22: TOTP for every staff page
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "teacherreg" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "teacherreg.portal.context_processors.site",
            ],
        },
    },
]


def _database() -> dict:
    url = env_str("DATABASE_URL", "")
    if not url:
        return _sqlite(VAR_DIR / "teacherreg.sqlite3")
    parsed = parse_database_url(url)
    if parsed.engine.endswith("sqlite3"):
        return _sqlite(Path(parsed.name))
    return {
        "ENGINE": parsed.engine,
        "NAME": parsed.name,
        "USER": parsed.user,
        "PASSWORD": parsed.password,
        "HOST": parsed.host,
        "PORT": parsed.port,
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "connect_timeout": 3,
            # Bounded waits: a stuck lock or a forgotten transaction must fail a request,
            # not hang a worker (security.md §5.5). JIT off: our queries are short OLTP ones
            # and PostgreSQL's JIT spent longer compiling the statistics queries than running
            # them (bench/scale.py, 100k applications: 3.1 s → 2.3 s).
            "options": (
                "-c statement_timeout=15000 -c lock_timeout=5000 -c idle_in_transaction_session_timeout=30000"
                " -c jit=off"
            ),
            **parsed.options,
        },
        "TEST": {"NAME": f"test_{parsed.name}"},
    }


def _sqlite(path: Path) -> dict:
    # WAL lets the web process read while the huey worker writes; IMMEDIATE takes the
    # write lock at BEGIN so two writers queue on the timeout instead of failing with
    # "database is locked" half-way through a transaction.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "timeout": 25,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "teacherreg",
            # Without socket timeouts a hung Redis blocks a request for ever
            # (security.md finding 4).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "teacherreg_cache",
            # Django's default of 300 entries culls a third of the table, in key order, once
            # it is full: captcha rate counters would then start again at zero and challenges
            # vanish. Expired rows go first when culling, so a high ceiling costs little.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

HUEY = {
    "name": "teacherreg",
    "immediate": False,
    "results": False,
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account before any hashing
    "teacherreg.accounts.backends.DocumentNumberBackend",  # applicants: document number (P3)
    "teacherreg.accounts.backends.LoginNameBackend",  # staff: login name
]

# Lockout (issue 3 item 4): 5 failures per account in 15 minutes. The per-IP limit is our own
# database counter (teacherreg.accounts.throttles), because schools share one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "teacherreg.accounts.lockout.axes_username"
AXES_LOCKOUT_CALLABLE = "teacherreg.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "document_number", "phone", "email", "sms_code", "captcha_token"]
AXES_VERBOSE = False
# axes.W006 asks for an IP lockout too. A shared school address must not lock out every
# teacher behind it, so the per-IP limit is our own counter (accounts.throttles), not axes.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "teacherreg.accounts.password_rules.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "applicant:centre"
# Links in e-mails are built from this, never from the request's Host header.
TEACHERREG_SITE_URL = env_str("TEACHERREG_SITE_URL", "http://127.0.0.1:8000")

# Sessions live in the database: a Redis outage must not log everyone out or break login
# (security.md finding 4). Django's database store, read with a statement written once
# (issue 7, ADR 0010).
SESSION_ENGINE = "teacherreg.accounts.session_store"
# Inputs and selects drawn without a template include each (issue 7; same HTML, tested).
FORM_RENDERER = "teacherreg.common.form_renderer.QuickWidgetRenderer"
# The cookie outlives the longest absolute limit; SessionPolicyMiddleware ends sessions earlier
# (applicants 30 min idle / 12 h, staff 15 min idle / 8 h; issue 3 items 4 and 8, P22).
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
TEACHERREG_STAFF_IDLE_SECONDS = 15 * 60
TEACHERREG_STAFF_ABSOLUTE_SECONDS = 8 * 60 * 60
TEACHERREG_APPLICANT_IDLE_SECONDS = 30 * 60
TEACHERREG_APPLICANT_ABSOLUTE_SECONDS = 12 * 60 * 60
TEACHERREG_SESSION_WARNING_SECONDS = 120
# Saved when changed only; the activity stamp moves at most once a minute (session_policy).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "teacherreg" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "teacherreg" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Field encryption (docs/adr/0002-encryption-and-keys.md). Keys never come from SECRET_KEY.
# FIELD_ENCRYPTION_KEYS: {key_id: 32 raw bytes}; the first id in the mapping encrypts.
FIELD_ENCRYPTION_KEYS: dict[str, bytes] = {}
FIELD_ENCRYPTION_CURRENT_KEY_ID = ""
BLIND_INDEX_KEY: bytes = b""

# Notifications (teacherreg.notify; README "What talks to the outside"). The SMS gateway and its
# keys are set in production.py; development writes SMS to var/sms-outbox.jsonl.
TEACHERREG_SMS_SIGN_NAME = env_str("TEACHERREG_SMS_SIGN_NAME", "教师资格定期注册")
TEACHERREG_SMS_DAILY_BUDGET = env_int("TEACHERREG_SMS_DAILY_BUDGET", 50_000, minimum=1)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@example.invalid")

# P24: demo data and the captcha test hook are off unless a configuration turns them on.
TEACHERREG_DEMO_ALLOWED = env_bool("TEACHERREG_DEMO_ALLOWED", False)
# Anonymous visitors get the public pages from the cache (teacherreg.common.page_cache).
TEACHERREG_PAGE_CACHE = env_bool("TEACHERREG_PAGE_CACHE", True)
TEACHERREG_CAPTCHA_TEST_HOOK = False

# Where the personal centre reads national records (exam results, 普通话, 学历, 学位): a dotted
# path to a class implementing teacherreg.records.national.NationalRecords. The default reads
# the tables the office imports; a real feed replaces it here.
TEACHERREG_NATIONAL_RECORDS_BACKEND = env_str(
    "TEACHERREG_NATIONAL_RECORDS_BACKEND", "teacherreg.records.national.TableNationalRecords"
)

# Shown in the footer and on help pages; the operator sets the real ones.
TEACHERREG_OPERATOR = {
    "name": env_str("TEACHERREG_OPERATOR_NAME", "教师资格定期注册系统运行单位"),
    "phone": env_str("TEACHERREG_OPERATOR_PHONE", "010-00000000"),
    "email": env_str("TEACHERREG_SUPPORT_EMAIL", "support@example.invalid"),
    "icp": env_str("TEACHERREG_ICP", ""),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Login failures are in the audit log; axes' own lines would repeat them.
        "axes": {"level": "ERROR"},
    },
}
