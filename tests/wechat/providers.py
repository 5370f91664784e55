"""Providers for the WeChat tests, selected with ``settings.TEACHERREG_WECHAT_PROVIDER``."""

from __future__ import annotations

from teacherreg.wechat.providers import Scene, WechatProvider, WechatUnavailable


class BrokenProvider(WechatProvider):
    """WeChat cannot be reached."""

    def scene_qr_content(self, scene: Scene) -> str:
        raise WechatUnavailable("timeout")
