"""The development phone: off unless DEBUG or TEACHERREG_WECHAT_DEV_PHONE (P24); when on, its scan
goes through the real, signature-checking callback."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from teacherreg.audit.models import AuditEvent
from teacherreg.wechat import conf
from teacherreg.wechat.models import WechatBinding
from teacherreg.wechat.services import ScenePurpose, hash_openid, start_scene
from tests.factories import ApplicantFactory
from tests.wechat.conftest import OPENID, scene_on_page, scene_str_of, sign_in

pytestmark = pytest.mark.django_db


def _phone_url(scene) -> str:
    return f"/wechat/dev-phone/{scene_str_of(scene)}/"


@pytest.fixture
def phone_on(settings):
    settings.TEACHERREG_WECHAT_DEV_PHONE = True
    return settings


@pytest.fixture
def scene(teacher):
    return start_scene(teacher, ScenePurpose.BIND, browser_key="browser-1")


def test_it_is_404_when_the_setting_is_off(client, scene, settings):
    settings.DEBUG = False
    settings.TEACHERREG_WECHAT_DEV_PHONE = False
    assert client.get(_phone_url(scene)).status_code == 404
    assert client.post(_phone_url(scene), {"openid": OPENID}).status_code == 404
    assert not WechatBinding.objects.exists()


def test_it_is_on_with_debug(client, scene, settings):
    settings.DEBUG = True
    assert client.get(_phone_url(scene)).status_code == 200


def test_it_looks_like_the_service_account_and_offers_a_default_openid(client, scene, phone_on):
    response = client.get(_phone_url(scene))
    body = response.content.decode()
    assert "中国教师资格" in body and "扫码并关注" in body and "绑定微信" in body
    default = response.cookies["wechat_dev_openid"].value
    assert default.startswith("oDev") and f'value="{default}"' in body
    # The same browser keeps its test WeChat user, even after logging out.
    assert client.get(_phone_url(scene)).cookies["wechat_dev_openid"].value == default


def test_scan_and_follow_binds_through_the_callback(client, scene, teacher, phone_on):
    response = client.post(_phone_url(scene), {"openid": OPENID, "event": "subscribe"})
    body = response.content.decode()
    assert "已完成" in body and "绑定成功" in body
    assert WechatBinding.objects.get().user == teacher
    scan_event = AuditEvent.objects.get(action="wechat.scan")
    assert scan_event.data["event"] == "subscribe" and scan_event.ip == "127.0.0.1"


def test_a_follower_scan_sends_the_scan_event(client, scene, phone_on):
    client.post(_phone_url(scene), {"openid": OPENID, "event": "scan"})
    assert AuditEvent.objects.get(action="wechat.scan").data["event"] == "scan"


def test_it_signs_with_the_token_the_callback_checks(client, scene, phone_on, settings):
    settings.TEACHERREG_WECHAT_TOKEN = "changed"
    client.post(_phone_url(scene), {"openid": OPENID})
    assert WechatBinding.objects.exists()


def test_without_a_token_it_signs_with_a_development_one(client, scene, phone_on, settings):
    settings.TEACHERREG_WECHAT_TOKEN = ""
    assert conf.callback_token()  # derived from SECRET_KEY, never empty while the phone is on
    client.post(_phone_url(scene), {"openid": OPENID})
    assert WechatBinding.objects.exists()


def test_a_refusal_is_shown_as_the_accounts_reply(client, scene, phone_on):
    WechatBinding.objects.create(user=ApplicantFactory(), openid=OPENID, openid_hash=hash_openid(OPENID))
    body = client.post(_phone_url(scene), {"openid": OPENID}).content.decode()
    assert "该微信号已绑定其他账号" in body


def test_a_bad_openid_is_a_form_error(client, scene, phone_on):
    body = client.post(_phone_url(scene), {"openid": "o<script>"}).content.decode()
    assert "openid 只能包含字母、数字、下划线和连字符" in body
    assert not WechatBinding.objects.exists()


def test_an_unknown_scene_says_the_code_is_invalid(client, phone_on):
    body = client.post("/wechat/dev-phone/no-such-scene/", {"openid": OPENID}).content.decode()
    assert "二维码无效" in body


def test_the_bind_page_links_the_phone_when_it_is_on(phone_on, teacher):
    client = sign_in(Client(), teacher)
    body = client.get("/wechat/bind/").content.decode()
    scene = scene_on_page(body)
    assert f'href="{_phone_url(scene)}"' in body


def test_check_deploy_refuses_the_phone(phone_on):
    with pytest.raises(SystemCheckError, match=r"wechat\.E002"):
        call_command("check", deploy=True, tags=["security"], fail_level="ERROR")


def test_the_real_provider_without_credentials_fails_the_checks(settings):
    settings.TEACHERREG_WECHAT_PROVIDER = conf.REAL_PROVIDER
    settings.TEACHERREG_WECHAT_APP_ID = ""
    with pytest.raises(SystemCheckError, match=r"wechat\.E001"):
        call_command("check")
