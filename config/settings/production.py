"""Production: PostgreSQL, Redis, huey on Redis, object storage, HTTPS only.

Every secret and server address comes from the environment; a missing one stops start-up.
P24: demo data and the captcha test hook are refused here.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.keys import keys_from_environment
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, REDIS_URL

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required in production.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://…")
if not REDIS_URL:
    raise ImproperlyConfigured("Production needs REDIS_URL for the shared cache and huey.")

if env_bool("TEACHERREG_DEMO_ALLOWED", False):
    raise ImproperlyConfigured("P24: demo data cannot be enabled under production settings.")
TEACHERREG_DEMO_ALLOWED = False
if env_bool("TEACHERREG_CAPTCHA_TEST_HOOK", False):
    raise ImproperlyConfigured("P24: the captcha test hook cannot be enabled in production.")
TEACHERREG_CAPTCHA_TEST_HOOK = False

_keys = keys_from_environment()
FIELD_ENCRYPTION_KEYS = _keys.field_keys
FIELD_ENCRYPTION_CURRENT_KEY_ID = _keys.current_key_id
BLIND_INDEX_KEY = _keys.blind_index_key

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

STORAGES = {
    "default": {"BACKEND": env_str("TEACHERREG_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
TEACHERREG_SMS_BACKEND = env_str("TEACHERREG_SMS_BACKEND", "teacherreg.notify.sms.aliyun.AliyunSmsProvider")
TEACHERREG_SMS_ALIYUN_ACCESS_KEY_ID = env_str("TEACHERREG_SMS_ALIYUN_ACCESS_KEY_ID")
TEACHERREG_SMS_ALIYUN_ACCESS_KEY_SECRET = env_str("TEACHERREG_SMS_ALIYUN_ACCESS_KEY_SECRET")
TEACHERREG_SMS_ALIYUN_ENDPOINT = env_str("TEACHERREG_SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
# "sms_code:SMS_123,password_changed:SMS_456": our template codes to the gateway's approved ones.
TEACHERREG_SMS_ALIYUN_TEMPLATES = dict(
    pair.split(":", 1) for pair in env_list("TEACHERREG_SMS_ALIYUN_TEMPLATES", []) if ":" in pair
)
TEACHERREG_SITE_URL = env_str("TEACHERREG_SITE_URL")
# The WeChat service account (binding, reset by WeChat). The development phone never runs here.
TEACHERREG_WECHAT_PROVIDER = env_str(
    "TEACHERREG_WECHAT_PROVIDER", "teacherreg.wechat.providers.DevelopmentWechatProvider"
)
TEACHERREG_WECHAT_APP_ID = env_str("TEACHERREG_WECHAT_APP_ID", "")
TEACHERREG_WECHAT_APP_SECRET = env_str("TEACHERREG_WECHAT_APP_SECRET", "")
TEACHERREG_WECHAT_TOKEN = env_str("TEACHERREG_WECHAT_TOKEN", "")
TEACHERREG_WECHAT_API_BASE = env_str("TEACHERREG_WECHAT_API_BASE", "https://api.weixin.qq.com/")
TEACHERREG_WECHAT_DEV_PHONE = False
# The police identity check (实名核验): production names its adapter explicitly.
TEACHERREG_IDENTITY_PROVIDER = env_str("TEACHERREG_IDENTITY_PROVIDER")

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@example.invalid")
