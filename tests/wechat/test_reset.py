"""微信验证重置密码 (manual §1.2.2 (c)): offered only to bound accounts; the bound WeChat scans,
the same browser sets the new password once, within the time limits."""

from __future__ import annotations

import datetime
import re
import types

import pytest
from django.test import Client
from django.urls import reverse

from teacherreg.audit.models import AuditEvent
from teacherreg.common import session_flow as flow
from teacherreg.wechat.models import SceneRefusal, WechatBinding, WechatScene
from teacherreg.wechat.services import hash_openid
from tests.captcha.helpers import solve
from tests.factories import PASSWORD
from tests.wechat.conftest import OPENID, OTHER_OPENID, scan, scene_on_page

pytestmark = pytest.mark.django_db
NEW = "Green-hill-2027"
RESET = "/wechat/reset/"
SET_PASSWORD = "/wechat/reset/password/"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def bound(teacher):
    return WechatBinding.objects.create(user=teacher, openid=OPENID, openid_hash=hash_openid(OPENID))


def _start(client, number: str, name: str):
    response = client.post(
        reverse("accounts:reset"),
        {
            "document_type": "id_card",
            "document_number": number,
            "name": name,
            "captcha_token": solve(client, purpose="reset"),
        },
    )
    assert response["Location"] == reverse("accounts:reset_method")
    return client


def _choose_wechat(client) -> WechatScene:
    response = client.post(reverse("accounts:reset_method"), {"method": "wechat"})
    assert response["Location"] == RESET
    return scene_on_page(client.get(RESET).content.decode())


def _status(client, scene: WechatScene, **extra):
    return client.get(reverse("wechat:scene_status", args=[scene.public_id]), **extra)


def _point_flow_at(client, scene: WechatScene) -> None:
    """Write ``scene`` into the client's reset-flow state, as a tampering browser would wish."""
    session = client.session
    holder = types.SimpleNamespace(session=session)
    state = flow.get(holder, "reset", max_age=60)
    flow.put(holder, "reset", {**state, "wechat_scene": str(scene.public_id)})
    session.save()


def _method_page(client) -> str:
    body = client.get(reverse("accounts:reset_method")).content.decode()
    body = re.sub(r"[A-Za-z0-9]{64}", "", body)
    return re.sub(r"（注册邮箱 [^）]+）|（注册手机 [^）]+）", "", body)


def test_the_method_page_offers_wechat_only_to_a_bound_account(client, teacher):
    _start(client, teacher.document_number, "张三")
    assert "微信验证重置密码" not in client.get(reverse("accounts:reset_method")).content.decode()
    WechatBinding.objects.create(user=teacher, openid=OPENID, openid_hash=hash_openid(OPENID))
    body = client.get(reverse("accounts:reset_method")).content.decode()
    assert 'value="wechat"' in body and "微信验证重置密码" in body


def test_an_unknown_account_and_a_wrong_name_keep_the_two_option_shape(client, teacher, bound):
    unbound_client = _start(Client(), teacher.document_number, "张四")  # wrong name of a bound account
    wrong_name = _method_page(unbound_client)
    unknown = _method_page(_start(Client(), "11010519491231002X", "张三"))
    assert wrong_name == unknown
    assert "微信验证重置密码" not in wrong_name
    assert "邮箱重置密码" in wrong_name and "短信验证重置密码" in wrong_name


def test_choosing_wechat_without_a_binding_is_refused_like_no_choice(client, teacher):
    _start(client, teacher.document_number, "张三")
    response = client.post(reverse("accounts:reset_method"), {"method": "wechat"})
    assert response.status_code == 200 and "请选择重置方式" in response.content.decode()
    assert client.get(RESET)["Location"] == reverse("accounts:reset_method")
    assert not WechatScene.objects.exists()


def test_reset_end_to_end_through_the_callback(client, teacher, bound):
    _start(client, teacher.document_number, "张三")
    scene = _choose_wechat(client)
    page = client.get(RESET).content.decode()
    assert "请用账号已绑定的微信扫描二维码" in page and "<svg" in page
    assert _status(client, scene, **HX).status_code == 204
    assert client.get(SET_PASSWORD)["Location"] == RESET  # not scanned yet

    scan(scene, OPENID)

    assert _status(client, scene, **HX)["HX-Redirect"] == SET_PASSWORD
    form_page = client.get(SET_PASSWORD)
    assert form_page.status_code == 200 and "设置新密码" in form_page.content.decode()
    weak = client.post(SET_PASSWORD, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200  # the same validators as every other path
    done = client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    assert done["Location"] == reverse("accounts:login")
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)
    event = AuditEvent.objects.filter(action="account.password_changed").get()
    assert event.data == {"via": "wechat"}
    login = client.get(reverse("accounts:login")).content.decode()
    assert "密码已重置，请用新密码登录。" in login


def test_a_used_scene_cannot_reset_again(client, teacher, bound):
    _start(client, teacher.document_number, "张三")
    scene = _choose_wechat(client)
    scan(scene, OPENID)
    client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    # The flow ended; even with its state put back, the scene is used up.
    _start(client, teacher.document_number, "张三")
    _point_flow_at(client, scene)
    response = client.post(SET_PASSWORD, {"password1": "Other-pass-2028", "password2": "Other-pass-2028"})
    assert response["Location"] == reverse("accounts:reset_method")
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)


def test_another_wechat_cannot_confirm_a_reset(client, teacher, bound):
    _start(client, teacher.document_number, "张三")
    scene = _choose_wechat(client)
    scan(scene, OTHER_OPENID)
    scene.refresh_from_db()
    assert scene.refusal == SceneRefusal.OPENID_MISMATCH
    polled = _status(client, scene, **HX)
    assert polled.status_code == 286 and "不是该账号绑定的微信号" in polled.content.decode()
    assert client.get(SET_PASSWORD)["Location"] == reverse("accounts:reset_method")
    scan(scene, OPENID)  # the right WeChat afterwards: the scene has already answered
    assert client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW}).status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_an_expired_code_cannot_be_confirmed(client, teacher, bound, time_machine):
    _start(client, teacher.document_number, "张三")
    scene = _choose_wechat(client)
    time_machine.move_to(scene.expires_at + datetime.timedelta(seconds=1), tick=False)
    scan(scene, OPENID)
    scene.refresh_from_db()
    assert scene.confirmed_at is None
    assert client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW}).status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_the_new_password_must_follow_within_ten_minutes_of_the_scan(client, teacher, bound, time_machine):
    _start(client, teacher.document_number, "张三")
    scene = _choose_wechat(client)
    scan(scene, OPENID)
    scene.refresh_from_db()
    time_machine.move_to(scene.confirmed_at + datetime.timedelta(minutes=10, seconds=1), tick=False)
    response = client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_a_scene_of_another_session_cannot_be_used(client, teacher, bound):
    _start(client, teacher.document_number, "张三")
    scene = _choose_wechat(client)
    scan(scene, OPENID)
    # An attacker who knows the number and the name starts their own reset, then tries to use
    # the victim's confirmed scene by its id.
    attacker = _start(Client(), teacher.document_number, "张三")
    own = _choose_wechat(attacker)
    assert own != scene
    assert _status(attacker, scene, **HX).status_code == 404
    _point_flow_at(attacker, scene)
    assert attacker.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})["Location"] == reverse(
        "accounts:reset_method"
    )
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_unbinding_after_the_scan_voids_the_reset(client, teacher, bound):
    _start(client, teacher.document_number, "张三")
    scene = _choose_wechat(client)
    scan(scene, OPENID)
    WechatBinding.objects.all().delete()
    WechatBinding.objects.create(user=teacher, openid=OTHER_OPENID, openid_hash=hash_openid(OTHER_OPENID))
    response = client.post(SET_PASSWORD, {"password1": NEW, "password2": NEW})
    assert response["Location"] == reverse("accounts:reset_method")
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_the_wechat_pages_need_the_reset_flow(client):
    assert client.get(RESET)["Location"] == reverse("accounts:reset")
    assert client.get(SET_PASSWORD)["Location"] == reverse("accounts:reset")


def test_without_wechat_configured_the_reset_says_so(client, teacher, bound, settings):
    settings.TEACHERREG_WECHAT_DEV_PHONE = False
    settings.DEBUG = False
    _start(client, teacher.document_number, "张三")
    client.post(reverse("accounts:reset_method"), {"method": "wechat"})
    assert client.get(RESET)["Location"] == reverse("accounts:reset_method")
    assert "微信服务号功能暂未开通" in client.get(reverse("accounts:reset_method")).content.decode()
    assert not WechatScene.objects.exists()
