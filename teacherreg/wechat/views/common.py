"""Pieces the WeChat pages share: the browser key, the QR code, the page of a scene."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from teacherreg.office import qr
from teacherreg.wechat import conf
from teacherreg.wechat.models import SceneState, WechatScene
from teacherreg.wechat.services import scene_for_browser

# A random key per browser session; each scene stores a hash of it, so a scene (even with its
# id in the status URL) works only in the session that asked for it. Logging in keeps it,
# logging out ends the session and with it the key.
BROWSER_KEY = "wechat_browser"


def browser_key(request: HttpRequest) -> str:
    key = request.session.get(BROWSER_KEY)
    if not key:
        key = request.session[BROWSER_KEY] = secrets.token_urlsafe(32)
    return key


def live_scene(request: HttpRequest, public_id: str | None, purpose: str, user_id: int) -> WechatScene | None:
    """The scene this browser is showing, while it can still be scanned."""
    if not public_id:
        return None
    scene = scene_for_browser(public_id, request.session.get(BROWSER_KEY))
    if scene is None or scene.purpose != purpose or scene.user_id != user_id:
        return None
    return scene if scene.state() == SceneState.PENDING else None


def scene_context(scene: WechatScene) -> dict:
    return {
        "scene": scene,
        "qr_svg": qr_svg(scene),
        "expires_at": scene.expires_at,
        "dev_phone_path": dev_phone_path(scene),
    }


def dev_phone_path(scene: WechatScene) -> str:
    """With the development provider, where the QR code leads on this site: the page links it,
    so a developer (or a browser test) can "scan" without a second device."""
    if not conf.dev_phone_enabled():
        return ""
    path = urlsplit(scene.qr_content).path
    prefix = reverse("wechat:dev_phone", args=["scene"]).removesuffix("scene/")
    return path if path.startswith(prefix) else ""


def qr_svg(scene: WechatScene) -> SafeString:
    return qr.svg(scene.qr_content, label=_("微信扫码二维码"), size_px=220)
