"""The embedded default: what ``make run`` and ``manage.py`` use on a fresh clone."""

from config.keys import development_keys
from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
TEACHERREG_DEMO_ALLOWED = True

_keys = development_keys(VAR_DIR / "dev-keys.env")
FIELD_ENCRYPTION_KEYS = _keys.field_keys
FIELD_ENCRYPTION_CURRENT_KEY_ID = _keys.current_key_id
BLIND_INDEX_KEY = _keys.blind_index_key

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Developers read SMS codes in var/sms-outbox.jsonl (phone masked, code kept).
TEACHERREG_SMS_BACKEND = "teacherreg.notify.sms.backends.FileSmsProvider"
TEACHERREG_WECHAT_DEV_PHONE = True  # /wechat/dev-phone/<scene>/ plays the WeChat app
