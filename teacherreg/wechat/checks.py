"""System checks: a real WeChat account needs its credentials; production needs the
development phone off (P24: `check --deploy` fails while it is on)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from teacherreg.wechat import conf


@register()
def real_provider_is_configured(app_configs=None, **kwargs) -> list[Error]:
    if conf.wechat().provider != conf.REAL_PROVIDER:
        return []
    missing = [
        name
        for name in ("TEACHERREG_WECHAT_APP_ID", "TEACHERREG_WECHAT_APP_SECRET", "TEACHERREG_WECHAT_TOKEN")
        if not getattr(settings, name, "")
    ]
    if not missing:
        return []
    return [
        Error(
            f"The real WeChat provider needs {', '.join(missing)}.",
            hint="Set them from the service account's 基本配置 (AppID, AppSecret) and 服务器配置 (Token).",
            id="wechat.E001",
        )
    ]


@register(Tags.security, deploy=True)
def dev_phone_is_off(app_configs=None, **kwargs) -> list[Error]:
    if not getattr(settings, "TEACHERREG_WECHAT_DEV_PHONE", False):
        return []
    return [
        Error(
            "TEACHERREG_WECHAT_DEV_PHONE is on: anyone could pose as any WeChat user through /wechat/dev-phone/.",
            hint="Turn it off in production settings.",
            id="wechat.E002",
        )
    ]
