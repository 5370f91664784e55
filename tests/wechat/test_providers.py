"""The QR-code providers: the development one, and the real WeChat API adapter against a local
stub (ok / error / hang / slow / malformed / 5xx; testing.md)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from teacherreg.wechat.providers import (
    DevelopmentWechatProvider,
    RealWechatProvider,
    Scene,
    WechatUnavailable,
    get_provider,
)
from tests.wechat.wechat_stub import QR_URL

SCENE = Scene(scene_str="AbC-123_xyz", expire_seconds=600)


pytestmark = pytest.mark.django_db


def test_the_default_is_the_development_provider(settings):
    del settings.TEACHERREG_WECHAT_PROVIDER
    assert isinstance(get_provider(), DevelopmentWechatProvider)


def test_the_development_code_opens_the_development_phone(settings):
    settings.TEACHERREG_SITE_URL = "http://127.0.0.1:8000/"
    assert DevelopmentWechatProvider().scene_qr_content(SCENE) == "http://127.0.0.1:8000/wechat/dev-phone/AbC-123_xyz/"


def test_the_real_provider_gets_a_token_then_the_code(real_wechat):
    assert get_provider().scene_qr_content(SCENE) == QR_URL
    assert real_wechat.state.paths == ["GET /cgi-bin/token", "POST /cgi-bin/qrcode/create"]
    assert real_wechat.state.bodies == [
        {"expire_seconds": 600, "action_name": "QR_STR_SCENE", "action_info": {"scene": {"scene_str": "AbC-123_xyz"}}}
    ]


def test_the_token_is_kept_in_the_shared_cache_encrypted(real_wechat):
    RealWechatProvider().scene_qr_content(SCENE)
    RealWechatProvider().scene_qr_content(SCENE)
    assert real_wechat.state.tokens_issued == 1
    assert real_wechat.state.paths.count("GET /cgi-bin/token") == 1
    key = RealWechatProvider()._cache_key
    assert "TOKEN-1" not in str(cache.get(key))


def test_a_token_wechat_no_longer_accepts_is_renewed_once(real_wechat):
    RealWechatProvider().scene_qr_content(SCENE)
    real_wechat.state.stale_once = True
    assert RealWechatProvider().scene_qr_content(SCENE) == QR_URL
    assert real_wechat.state.tokens_issued == 2


def test_wrong_credentials_are_an_errcode(real_wechat, settings):
    settings.TEACHERREG_WECHAT_APP_SECRET = "wrong"
    with pytest.raises(WechatUnavailable) as caught:
        RealWechatProvider().scene_qr_content(SCENE)
    assert caught.value.code == "errcode_40125"


def test_an_error_answer_is_unavailable_with_its_code(real_wechat):
    real_wechat.state.mode = "error"
    with pytest.raises(WechatUnavailable) as caught:
        RealWechatProvider().scene_qr_content(SCENE)
    assert caught.value.code == "errcode_45009"


def test_a_hanging_api_times_out(real_wechat):
    real_wechat.state.mode = "hang"
    with pytest.raises(WechatUnavailable) as caught:
        RealWechatProvider().scene_qr_content(SCENE)
    assert caught.value.code == "timeout"


def test_a_slow_answer_within_the_timeout_is_fine(real_wechat):
    real_wechat.state.mode = "slow"
    real_wechat.state.slow_seconds = 0.1  # the read timeout is 0.3 s
    assert RealWechatProvider().scene_qr_content(SCENE) == QR_URL


def test_a_malformed_answer_is_unavailable(real_wechat):
    real_wechat.state.mode = "malformed"
    with pytest.raises(WechatUnavailable) as caught:
        RealWechatProvider().scene_qr_content(SCENE)
    assert caught.value.code == "malformed_response"


def test_a_server_error_is_unavailable(real_wechat):
    real_wechat.state.mode = "http500"
    with pytest.raises(WechatUnavailable) as caught:
        RealWechatProvider().scene_qr_content(SCENE)
    assert caught.value.code == "http_500"


def test_a_refused_connection_is_unavailable(real_wechat, settings):
    real_wechat.__exit__()
    with pytest.raises(WechatUnavailable) as caught:
        RealWechatProvider().scene_qr_content(SCENE)
    assert caught.value.code == "network_error"


def test_missing_credentials_are_a_configuration_error(settings):
    settings.TEACHERREG_WECHAT_APP_ID = ""
    settings.TEACHERREG_WECHAT_APP_SECRET = ""
    with pytest.raises(ImproperlyConfigured):
        RealWechatProvider()


def test_a_base_url_that_is_not_http_is_a_configuration_error(settings):
    settings.TEACHERREG_WECHAT_APP_ID = "wx1"
    settings.TEACHERREG_WECHAT_APP_SECRET = "s"
    settings.TEACHERREG_WECHAT_API_BASE = "ftp://api.weixin.qq.com/"
    with pytest.raises(ImproperlyConfigured):
        RealWechatProvider()


def test_the_bind_page_draws_wechats_url_with_the_real_provider(real_wechat, client, teacher):
    from tests.wechat.conftest import scene_on_page, sign_in

    sign_in(client, teacher)
    body = client.get("/wechat/bind/").content.decode()
    assert scene_on_page(body).qr_content == QR_URL
    assert real_wechat.state.bodies[0]["expire_seconds"] == 600
