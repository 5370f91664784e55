"""微信绑定 from the personal centre: re-auth first, QR code, scan through the callback, status,
one openid ↔ one account, unbinding (security.md §1.11)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.audit.models import AuditEvent
from teacherreg.wechat.models import SceneRefusal, WechatBinding, WechatScene
from tests.factories import ApplicantFactory, StaffFactory
from tests.wechat.conftest import OPENID, OTHER_OPENID, scan, scene_on_page, sign_in

pytestmark = pytest.mark.django_db
BIND = "/wechat/bind/"
HX = {"HTTP_HX_REQUEST": "true"}


def _status_url(scene: WechatScene) -> str:
    return reverse("wechat:scene_status", args=[scene.public_id])


def test_strangers_are_sent_to_log_in(client):
    assert client.get(BIND)["Location"].startswith(reverse("accounts:login"))


def test_binding_needs_the_password_within_20_minutes(client, teacher):
    sign_in(client, teacher, reauth=False)
    first = client.get(BIND)
    assert first.status_code == 302
    assert first["Location"] == f"{reverse('applicant:reauth')}?next={BIND}"
    assert not WechatScene.objects.exists()
    sign_in(client, teacher)
    assert client.get(BIND).status_code == 200
    session = client.session
    session["reauth_at"] = time.time() - 20 * 60 - 1
    session.save()
    assert client.get(BIND).status_code == 302


def test_staff_are_kept_out(client):
    staff = StaffFactory()
    client.force_login(staff, backend=STAFF_BACKEND)
    assert client.get(BIND).status_code == 302
    assert not WechatScene.objects.exists()


def test_the_page_shows_a_qr_code_and_the_instruction(signed_in):
    body = signed_in.get(BIND).content.decode()
    assert "请用微信扫描二维码，关注服务号后即完成绑定" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body and 'aria-label="微信扫码二维码"' in body
    scene = scene_on_page(body)
    assert f'hx-get="{_status_url(scene)}"' in body and 'hx-trigger="every 2s"' in body
    assert "我已扫码，刷新状态" in body


def test_without_wechat_configured_the_page_says_so(signed_in, settings):
    # Production with the default provider: no phone page, so no code that leads nowhere.
    settings.TEACHERREG_WECHAT_DEV_PHONE = False
    settings.DEBUG = False
    body = signed_in.get(BIND).content.decode()
    assert "微信服务号功能暂未开通" in body and "<svg" not in body
    assert not WechatScene.objects.exists()


def test_the_page_shows_the_same_code_until_it_is_used(signed_in):
    first = scene_on_page(signed_in.get(BIND).content.decode())
    again = scene_on_page(signed_in.get(BIND).content.decode())
    assert first == again
    assert WechatScene.objects.count() == 1


def test_binding_end_to_end_through_the_callback(signed_in, teacher):
    scene = scene_on_page(signed_in.get(BIND).content.decode())
    assert signed_in.get(_status_url(scene), **HX).status_code == 204  # waiting: nothing changes

    scan(scene, OPENID)

    binding = WechatBinding.objects.get()
    assert binding.user == teacher and binding.openid == OPENID
    polled = signed_in.get(_status_url(scene), **HX)
    assert polled.status_code == 200 and polled["HX-Redirect"] == reverse("applicant:centre")
    centre = signed_in.get(reverse("applicant:centre")).content.decode()
    assert "微信绑定成功" in centre
    assert "解除微信绑定" in centre
    page = signed_in.get(BIND).content.decode()
    assert "已绑定微信" in page and "解除绑定" in page
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["wechat.scene_created", "wechat.bound", "wechat.scan"]


def test_without_javascript_the_refresh_button_leads_on(signed_in):
    scene = scene_on_page(signed_in.get(BIND).content.decode())
    assert signed_in.get(_status_url(scene))["Location"] == BIND  # not yet: back to the same code
    scan(scene)
    assert signed_in.get(_status_url(scene))["Location"] == reverse("applicant:centre")


def test_the_openid_is_stored_encrypted():
    user = ApplicantFactory()
    WechatBinding.objects.create(user=user, openid=OPENID, openid_hash="h" * 64)
    with connection.cursor() as cursor:
        cursor.execute("SELECT openid FROM wechat_wechatbinding")
        [(stored,)] = cursor.fetchall()
    assert OPENID not in stored


def test_a_second_account_cannot_bind_the_same_openid(signed_in, teacher):
    scan(scene_on_page(signed_in.get(BIND).content.decode()), OPENID)
    other = ApplicantFactory()
    other_client = sign_in(Client(), other)
    scene = scene_on_page(other_client.get(BIND).content.decode())

    scan(scene, OPENID)

    assert list(WechatBinding.objects.values_list("user", flat=True)) == [teacher.pk]
    scene.refresh_from_db()
    assert scene.refusal == SceneRefusal.OPENID_TAKEN
    polled = other_client.get(_status_url(scene), **HX)
    assert polled.status_code == 286  # htmx stops polling
    assert "该微信号已绑定其他账号" in polled.content.decode()
    assert AuditEvent.objects.filter(action="wechat.scan", result="denied").exists()


def test_an_account_cannot_hold_two_bindings(signed_in, teacher):
    first = scene_on_page(signed_in.get(BIND).content.decode())
    # A second code from another browser of the same person, scanned after the first.
    second_client = sign_in(Client(), teacher)
    second = scene_on_page(second_client.get(BIND).content.decode())
    scan(first, OPENID)
    scan(second, OTHER_OPENID)
    assert WechatBinding.objects.get().openid == OPENID
    second.refresh_from_db()
    assert second.refusal == SceneRefusal.ACCOUNT_BOUND


def test_a_scene_answers_only_one_scan(signed_in, teacher):
    scene = scene_on_page(signed_in.get(BIND).content.decode())
    scan(scene, OPENID)
    scan(scene, OPENID)  # WeChat retries
    other = ApplicantFactory()
    scan(scene, OTHER_OPENID)  # someone else scans the same code later
    assert WechatBinding.objects.get().openid == OPENID
    assert not WechatBinding.objects.filter(user=other).exists()
    outcomes = list(AuditEvent.objects.filter(action="wechat.scan").order_by("pk").values_list("data", flat=True))
    assert [o["outcome"] for o in outcomes] == ["confirmed", "duplicate", "already_confirmed"]


def test_an_expired_code_binds_nothing(signed_in, time_machine):
    scene = scene_on_page(signed_in.get(BIND).content.decode())
    time_machine.move_to(scene.expires_at + datetime.timedelta(seconds=1), tick=False)
    scan(scene)
    assert not WechatBinding.objects.exists()
    polled = signed_in.get(_status_url(scene), **HX)
    assert polled.status_code == 286 and "二维码已过期" in polled.content.decode()


def test_a_scene_of_another_session_is_not_shown(signed_in, teacher):
    scene = scene_on_page(signed_in.get(BIND).content.decode())
    other_browser = sign_in(Client(), teacher)  # same account, another session
    assert other_browser.get(_status_url(scene), **HX).status_code == 404
    stranger = sign_in(Client(), ApplicantFactory())
    assert stranger.get(_status_url(scene), **HX).status_code == 404
    assert Client().get(_status_url(scene)).status_code == 404


def test_a_new_code_ends_the_previous_one_of_the_same_browser(signed_in):
    first = scene_on_page(signed_in.get(BIND).content.decode())
    session = signed_in.session
    del session["wechat_bind_scene"]
    session.save()
    second = scene_on_page(signed_in.get(BIND).content.decode())
    assert first != second
    scan(first)
    assert not WechatBinding.objects.exists()


def test_codes_are_limited_per_account(signed_in):
    for _ in range(20):
        session = signed_in.session
        session.pop("wechat_bind_scene", None)
        session.save()
        assert signed_in.get(BIND).status_code == 200
    session = signed_in.session
    session.pop("wechat_bind_scene", None)
    session.save()
    response = signed_in.get(BIND)
    assert response.status_code == 429 and "获取二维码的次数过多" in response.content.decode()


def test_unbinding_needs_post_and_a_fresh_password(client, teacher):
    WechatBinding.objects.create(user=teacher, openid=OPENID, openid_hash="a" * 64)
    sign_in(client, teacher, reauth=False)
    assert client.get(reverse("wechat:unbind")).status_code == 405
    assert client.post(reverse("wechat:unbind"))["Location"].startswith(reverse("applicant:reauth"))
    assert WechatBinding.objects.exists()


def test_unbinding_removes_the_binding_and_is_audited(signed_in, teacher):
    scan(scene_on_page(signed_in.get(BIND).content.decode()), OPENID)
    response = signed_in.post(reverse("wechat:unbind"))
    assert response["Location"] == reverse("applicant:centre")
    assert not WechatBinding.objects.exists()
    assert "已解除微信绑定" in signed_in.get(reverse("applicant:centre")).content.decode()
    event = AuditEvent.objects.get(action="wechat.unbound")
    assert event.actor_id == teacher.pk and OPENID not in str(event.data)
    # The openid is free again: another account may bind it.
    other_client = sign_in(Client(), ApplicantFactory())
    scan(scene_on_page(other_client.get(BIND).content.decode()), OPENID)
    assert WechatBinding.objects.get().user != teacher


def test_unbinding_without_a_binding_says_so(signed_in):
    signed_in.post(reverse("wechat:unbind"))
    assert "您的账号没有绑定微信" in signed_in.get(reverse("applicant:centre")).content.decode()


def test_the_centre_links_to_the_wechat_page(signed_in):
    body = signed_in.get(reverse("applicant:centre")).content.decode()
    assert f'href="{BIND}"' in body and "微信绑定" in body


def test_a_failing_provider_is_a_message_not_an_error(signed_in, settings):
    settings.TEACHERREG_WECHAT_PROVIDER = "tests.wechat.providers.BrokenProvider"
    response = signed_in.get(BIND)
    assert response.status_code == 503
    assert "微信服务暂时无法连接" in response.content.decode()
    assert not WechatScene.objects.exists()


def test_polling_does_not_count_as_activity(signed_in):
    scene = scene_on_page(signed_in.get(BIND).content.decode())
    session = signed_in.session
    session["_last_activity_at"] = before = time.time() - 600
    session.save()
    signed_in.get(_status_url(scene), **HX)
    assert signed_in.session["_last_activity_at"] == before
