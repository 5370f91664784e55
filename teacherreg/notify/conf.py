"""Settings of the notify app, each read when used so that tests and deployments can change
them without a restart of the module.

Every name has a default here, so the app works with no configuration at all (the embedded
default logs SMS to the console and sends e-mail through ``EMAIL_BACKEND``). The README's
"What talks to the outside" section lists these names; production sets the SMS gateway ones.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

CONSOLE_BACKEND = "teacherreg.notify.sms.backends.ConsoleSmsProvider"
DEFAULT_SIGN_NAME = "教师资格定期注册"
DEFAULT_ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com/"


def get(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


# --- SMS gateway -------------------------------------------------------------------------


def sms_backend() -> str:
    """Dotted path of the ``SmsProvider`` class (``TEACHERREG_SMS_BACKEND``)."""
    return get("TEACHERREG_SMS_BACKEND", CONSOLE_BACKEND)


def sms_sign_name() -> str:
    """The 【signature】 every SMS starts with; also Alibaba Cloud's ``SignName``."""
    return get("TEACHERREG_SMS_SIGN_NAME", DEFAULT_SIGN_NAME)


def sms_file_path() -> Path:
    default = Path(get("VAR_DIR", Path(settings.BASE_DIR) / "var")) / "sms-outbox.jsonl"
    return Path(get("TEACHERREG_SMS_FILE_PATH", default))


@dataclass(frozen=True)
class AliyunSettings:
    access_key_id: str
    access_key_secret: str
    endpoint: str
    region_id: str
    templates: dict[str, str]
    connect_timeout: float
    read_timeout: float
    http_method: str


def aliyun() -> AliyunSettings:
    return AliyunSettings(
        access_key_id=get("TEACHERREG_SMS_ALIYUN_ACCESS_KEY_ID", ""),
        access_key_secret=get("TEACHERREG_SMS_ALIYUN_ACCESS_KEY_SECRET", ""),
        endpoint=get("TEACHERREG_SMS_ALIYUN_ENDPOINT", DEFAULT_ALIYUN_ENDPOINT),
        region_id=get("TEACHERREG_SMS_ALIYUN_REGION_ID", "cn-hangzhou"),
        templates=dict(get("TEACHERREG_SMS_ALIYUN_TEMPLATES", {})),
        connect_timeout=float(get("TEACHERREG_SMS_ALIYUN_CONNECT_TIMEOUT", 3.0)),
        read_timeout=float(get("TEACHERREG_SMS_ALIYUN_READ_TIMEOUT", 5.0)),
        http_method=str(get("TEACHERREG_SMS_ALIYUN_HTTP_METHOD", "POST")).upper(),
    )


# --- E-mail -------------------------------------------------------------------------------


def email_timeout() -> float:
    """Seconds an SMTP connection may block (security.md G7); Django's ``EMAIL_TIMEOUT`` wins."""
    return float(get("EMAIL_TIMEOUT", None) or get("TEACHERREG_NOTIFY_EMAIL_TIMEOUT", 10.0))


# --- Delivery -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryPolicy:
    max_attempts: int
    retry_delay: int  # seconds before the 2nd attempt; doubled for each later one
    max_retry_delay: int
    lease: datetime.timedelta  # how long a worker may hold a message it is sending
    stale_after: datetime.timedelta  # a pending message this late is re-queued by the sweep
    retention_days: int


def delivery_policy() -> DeliveryPolicy:
    return DeliveryPolicy(
        max_attempts=int(get("TEACHERREG_NOTIFY_MAX_ATTEMPTS", 5)),
        retry_delay=int(get("TEACHERREG_NOTIFY_RETRY_DELAY", 30)),
        max_retry_delay=int(get("TEACHERREG_NOTIFY_MAX_RETRY_DELAY", 3600)),
        lease=datetime.timedelta(seconds=int(get("TEACHERREG_NOTIFY_LEASE_SECONDS", 120))),
        stale_after=datetime.timedelta(seconds=int(get("TEACHERREG_NOTIFY_STALE_AFTER", 120))),
        retention_days=int(get("TEACHERREG_NOTIFY_RETENTION_DAYS", 184)),
    )


# --- SMS verification codes (P12) ---------------------------------------------------------


@dataclass(frozen=True)
class CodePolicy:
    ttl: int  # seconds a code stays valid
    cooldown: int  # seconds between two codes for one (phone, purpose)
    per_phone_hour: int  # codes per phone in any 60 minutes, across purposes
    per_phone_day: int  # codes per phone per Asia/Shanghai day, across purposes
    per_session_day: int  # codes per browser session per day; 0 turns the limit off
    max_attempts: int  # wrong entries that void a code
    daily_budget: int  # codes the whole service sends per Asia/Shanghai day


def code_policy() -> CodePolicy:
    """P12 numbers. They are settings so that browser tests can shorten them instead of
    freezing the clock (testing.md); production keeps the defaults."""
    return CodePolicy(
        ttl=int(get("TEACHERREG_SMS_CODE_TTL", 300)),
        cooldown=int(get("TEACHERREG_SMS_CODE_COOLDOWN", 60)),
        per_phone_hour=int(get("TEACHERREG_SMS_CODE_PER_PHONE_HOUR", 5)),
        per_phone_day=int(get("TEACHERREG_SMS_CODE_PER_PHONE_DAY", 10)),
        per_session_day=int(get("TEACHERREG_SMS_CODE_PER_SESSION_DAY", 6)),
        max_attempts=int(get("TEACHERREG_SMS_CODE_MAX_ATTEMPTS", 5)),
        daily_budget=int(get("TEACHERREG_SMS_DAILY_BUDGET", 50_000)),
    )
