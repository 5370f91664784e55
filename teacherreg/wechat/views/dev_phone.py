"""The development "phone": what the QR code of the development provider opens.

It plays the user's WeChat and the service account at once. The developer types an openid (or
keeps the default one of this browser) and presses 扫码并关注; the page builds the event XML
WeChat would send, signs it with the callback token and hands it to the real callback view
in-process — the same code path as WeChat's own call, without an HTTP request to ourselves
(which would deadlock a single-threaded runserver).

It exists only with ``DEBUG`` or ``TEACHERREG_WECHAT_DEV_PHONE`` (P24); otherwise 404.
"""

from __future__ import annotations

import secrets

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from teacherreg.common.forms import StyledForm
from teacherreg.wechat import conf, events
from teacherreg.wechat.messages import message_for
from teacherreg.wechat.models import ScenePurpose, SceneState, WechatScene
from teacherreg.wechat.services import hash_scene
from teacherreg.wechat.views.callback import callback

OPENID_COOKIE = "wechat_dev_openid"


class DevPhoneForm(StyledForm, forms.Form):
    openid = forms.RegexField(
        label=gettext_lazy("测试 openid"),
        regex=r"\A[A-Za-z0-9_-]{1,64}\Z",  # events.OPENID_PATTERN, anchored for RegexValidator's search
        max_length=64,
        help_text=gettext_lazy("同一个 openid 代表同一个微信用户。换一个 openid 就是换一个微信号。"),
        error_messages={"invalid": gettext_lazy("openid 只能包含字母、数字、下划线和连字符，最多 64 个字符。")},
    )


def _default_openid(request: HttpRequest) -> str:
    """This browser's test WeChat user: kept in a cookie, so it survives logging out (the reset
    must be scanned by the same "phone" that bound the account)."""
    value = request.COOKIES.get(OPENID_COOKIE, "")
    if events.OPENID_PATTERN.fullmatch(value):
        return value
    return "oDev" + secrets.token_urlsafe(18)[:24]


@never_cache
def dev_phone(request: HttpRequest, scene: str) -> HttpResponse:
    if not conf.dev_phone_enabled() or not events.SCENE_PATTERN.fullmatch(scene):
        raise Http404
    openid = _default_openid(request)
    form = DevPhoneForm(request.POST or None, initial={"openid": openid})
    context: dict = {"form": form, "purpose": _purpose_label(scene)}
    if request.method == "POST" and form.is_valid():
        openid = form.cleaned_data["openid"]
        subscribe = request.POST.get("event") != "scan"
        status = _send_scan(openid, scene, subscribe=subscribe)
        context |= {"done": True, "sent_event": "subscribe" if subscribe else "SCAN", "callback_status": status}
        context["reply"] = (
            _reply(scene) if status == 200 else _("服务号没有收到消息（回调返回 %(status)s）。") % {"status": status}
        )
    response = render(request, "wechat/dev_phone.html", context)
    response.set_cookie(
        OPENID_COOKIE,
        openid,
        max_age=30 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        path=reverse("wechat:dev_phone", args=["scene"]).removesuffix("scene/"),
    )
    return response


def _send_scan(openid: str, scene: str, *, subscribe: bool) -> int:
    """The scan event, signed as WeChat signs it, through the real callback view."""
    from django.test import RequestFactory  # here, so that no production process loads django.test

    query = events.signed_query(conf.callback_token(), openid=openid)
    request = RequestFactory().post(
        f"{reverse('wechat:callback')}?{query}",
        data=events.build_scan_xml(openid, scene, subscribe=subscribe),
        content_type="text/xml",
        REMOTE_ADDR="127.0.0.1",
    )
    return callback(request).status_code


def _scene(scene: str) -> WechatScene | None:
    return WechatScene.objects.filter(scene_hash=hash_scene(scene)).first()


def _purpose_label(scene: str) -> str:
    found = _scene(scene)
    return found.get_purpose_display() if found else ""


def _reply(scene: str) -> str:
    """What the service account would write back to the scanner (a development convenience:
    the real account's replies are configured in WeChat, not here)."""
    found = _scene(scene)
    if found is None:
        return _("二维码无效。")
    state = found.state()
    if state == SceneState.CONFIRMED:
        if found.purpose == ScenePurpose.BIND:
            return _("绑定成功。请回到网页继续操作。")
        return _("验证成功。请回到网页设置新密码。")
    if state == SceneState.REFUSED:
        return message_for(f"wechat_{found.refusal}")
    if state == SceneState.USED:
        return message_for("wechat_scene_used")
    return message_for("wechat_scene_expired")
