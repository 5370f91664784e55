"""Settings of the WeChat service-account integration, each read when used so that tests and
deployments can change them without reloading the module.

Every name has a default, so the app works with no configuration: the development provider
draws a QR code that opens this site's development "phone" page instead of WeChat. The README's
"What talks to the outside" section lists these names; production sets the real ones.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings

DEVELOPMENT_PROVIDER = "teacherreg.wechat.providers.DevelopmentWechatProvider"
REAL_PROVIDER = "teacherreg.wechat.providers.RealWechatProvider"
DEFAULT_API_BASE = "https://api.weixin.qq.com/"


def get(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


@dataclass(frozen=True)
class WechatSettings:
    provider: str
    app_id: str
    app_secret: str
    api_base: str
    connect_timeout: float
    read_timeout: float


def wechat() -> WechatSettings:
    return WechatSettings(
        provider=get("TEACHERREG_WECHAT_PROVIDER", "") or DEVELOPMENT_PROVIDER,
        app_id=get("TEACHERREG_WECHAT_APP_ID", ""),
        app_secret=get("TEACHERREG_WECHAT_APP_SECRET", ""),
        api_base=get("TEACHERREG_WECHAT_API_BASE", "") or DEFAULT_API_BASE,
        connect_timeout=float(get("TEACHERREG_WECHAT_CONNECT_TIMEOUT", 3.0)),
        read_timeout=float(get("TEACHERREG_WECHAT_READ_TIMEOUT", 5.0)),
    )


def dev_phone_enabled() -> bool:
    """The development "phone" page exists only with DEBUG or TEACHERREG_WECHAT_DEV_PHONE (P24)."""
    return bool(settings.DEBUG or get("TEACHERREG_WECHAT_DEV_PHONE", False))


def available() -> bool:
    """Whether a QR code can lead anywhere: a real provider, or the development one together
    with its phone page. Production without WeChat configured says 暂未开通 instead of drawing
    a code that opens a missing page."""
    return wechat().provider != DEVELOPMENT_PROVIDER or dev_phone_enabled()


def callback_token() -> str:
    """The token WeChat signs its callbacks with (公众号后台 → 服务器配置 → 令牌).

    Unset, the callback refuses everything: a signature over an empty token is one anyone can
    compute. The development phone page still needs a token to sign with, so while it is
    enabled an unset token becomes one derived from SECRET_KEY, known to this server only.
    """
    token = get("TEACHERREG_WECHAT_TOKEN", "")
    if token:
        return token
    if dev_phone_enabled():
        return hmac.new(settings.SECRET_KEY.encode(), b"teacherreg.wechat.dev-token", hashlib.sha256).hexdigest()[:32]
    return ""
