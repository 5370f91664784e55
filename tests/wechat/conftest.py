"""Fixtures of the WeChat tests: a known callback token, applicants signed in and re-authenticated,
and WeChat's side of the conversation (a signed scan event sent to the callback)."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
import types
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.wechat.models import WechatScene
from teacherreg.wechat.providers import RealWechatProvider
from tests.factories import PASSWORD, ApplicantFactory
from tests.wechat.wechat_stub import APP_ID, APP_SECRET, WechatStub

TOKEN = "callback-token-for-tests"
BACKEND = APPLICANT_BACKEND
OPENID = "oTest000000000000000000000A"
OTHER_OPENID = "oTest000000000000000000000B"


@pytest.fixture(autouse=True)
def wechat_settings(settings):
    settings.TEACHERREG_WECHAT_TOKEN = TOKEN
    settings.TEACHERREG_WECHAT_PROVIDER = "teacherreg.wechat.providers.DevelopmentWechatProvider"
    settings.TEACHERREG_WECHAT_DEV_PHONE = True  # as in config/settings/test.py
    return settings


@pytest.fixture(autouse=True)
def deliver_at_once(monkeypatch):
    """set_password queues a notification on commit; the test transaction never commits."""
    shim = types.SimpleNamespace(atomic=transaction.atomic, on_commit=lambda fn, using=None, robust=False: fn())
    monkeypatch.setattr("teacherreg.notify.services.transaction", shim)


@pytest.fixture
def teacher():
    return ApplicantFactory(name="张三", phone="13612345690", email="2853@qq.com")


def sign_in(client: Client, user, *, reauth: bool = True) -> Client:
    client.force_login(user, backend=BACKEND)
    if reauth:
        response = client.post(reverse("applicant:reauth"), {"password": PASSWORD, "next": "/me/"})
        assert response.status_code == 302, "re-authentication failed"
    return client


@pytest.fixture
def signed_in(client, teacher):
    return sign_in(client, teacher)


def scene_str_of(scene: WechatScene) -> str:
    """The scene string, as WeChat would read it from the QR code (the development provider's
    URL ends with it)."""
    return urlsplit(scene.qr_content).path.rstrip("/").rsplit("/", 1)[1]


def scene_on_page(body: str) -> WechatScene:
    """The scene whose status URL the page polls."""
    public_id = re.search(r"/wechat/scene/([0-9a-f-]{36})/status/", body).group(1)
    return WechatScene.objects.get(public_id=public_id)


def signed_query(token: str = TOKEN, *, timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    """Written here from WeChat's documentation, apart from teacherreg.wechat.events."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    # Random: the callback remembers every (timestamp, nonce) in the shared cache, which on
    # Redis outlives a test.
    nonce = nonce or secrets.token_hex(8)
    signature = hashlib.sha1("".join(sorted([token, ts, nonce])).encode()).hexdigest()  # noqa: S324
    return {"signature": signature, "timestamp": ts, "nonce": nonce}


def scan_xml(openid: str, scene_str: str, *, event: str = "subscribe") -> bytes:
    key = f"qrscene_{scene_str}" if event == "subscribe" else scene_str
    return (
        "<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime>"
        "<MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event>"
        f"<EventKey><![CDATA[{key}]]></EventKey>"
        "<Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==]]></Ticket>"
        "</xml>"
    ).encode()


def post_event(body: bytes, query: dict[str, str] | None = None, client: Client | None = None):
    """What WeChat's server does: POST the XML to the callback with a signed query string."""
    client = client or Client()
    query = query if query is not None else signed_query()
    path = reverse("wechat:callback") + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(path, data=body, content_type="text/xml")


def scan(scene: WechatScene, openid: str = OPENID, *, event: str = "subscribe"):
    response = post_event(scan_xml(openid, scene_str_of(scene), event=event))
    assert response.status_code == 200 and response.content == b"success"
    return response


@pytest.fixture
def wechat_stub():
    with WechatStub() as stub:
        yield stub


@pytest.fixture
def real_wechat(settings, wechat_stub):
    """The real provider pointed at the local stub, with tiny timeouts."""
    settings.TEACHERREG_WECHAT_PROVIDER = "teacherreg.wechat.providers.RealWechatProvider"
    settings.TEACHERREG_WECHAT_APP_ID = APP_ID
    settings.TEACHERREG_WECHAT_APP_SECRET = APP_SECRET
    settings.TEACHERREG_WECHAT_API_BASE = wechat_stub.url
    settings.TEACHERREG_WECHAT_CONNECT_TIMEOUT = 0.5
    settings.TEACHERREG_WECHAT_READ_TIMEOUT = 0.3
    # The access token lives in the shared cache (Redis in CI): start and end without one.
    key = RealWechatProvider()._cache_key
    cache.delete(key)
    yield wechat_stub
    cache.delete(key)
