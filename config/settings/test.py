"""Settings for the test suite (testing.md): fast hasher, immediate huey, fixed keys."""

import base64
import os

from config.keys import parse_keys
from config.settings.base import *  # noqa: F403
from config.settings.base import HUEY

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = HUEY | {"immediate": True}
TEACHERREG_DEMO_ALLOWED = True
TEACHERREG_CAPTCHA_TEST_HOOK = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Fixed, obviously fake keys: tests must be repeatable and never meet a real key.
_keys = parse_keys(
    os.environ.get(
        "TEACHERREG_TEST_FIELD_KEYS",
        "t2:" + base64.b64encode(b"T" * 32).decode() + ",t1:" + base64.b64encode(b"t" * 32).decode(),
    ),
    base64.b64encode(b"i" * 32).decode(),
)
FIELD_ENCRYPTION_KEYS = _keys.field_keys
FIELD_ENCRYPTION_CURRENT_KEY_ID = _keys.current_key_id
BLIND_INDEX_KEY = _keys.blind_index_key
# Browser tests run a live server with DEBUG off: serve static files straight from the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# xdist workers share one Redis; each keeps to its own keys.
if "default" in CACHES and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "teacherreg-test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405

# SMS delivered in tests stays in memory, where e2e/outbox.py and the tests read the codes.
TEACHERREG_SMS_BACKEND = "teacherreg.notify.sms.backends.MemorySmsProvider"

# A page cached by one test would outlive its database rollback; tests/common/test_page_cache.py
# turns the page cache on for itself.
TEACHERREG_PAGE_CACHE = False

TEACHERREG_WECHAT_DEV_PHONE = True  # /wechat/dev-phone/<scene>/ plays the WeChat app

# Django's SQLite test database lives in memory with a shared cache, where a second connection
# that writes gets "database table is locked" at once instead of waiting. Browser tests have
# several (the live server's threads, the test itself), so the test database is a file, which
# honours WAL and the busy timeout like the real one (pytest-django adds the xdist suffix).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405  (a fresh clone has no var/ yet)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
