"""Bindings and scenes in the admin: readable by staff, never the openid, never editable."""

from __future__ import annotations

import pyotp
import pytest

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.wechat.models import WechatBinding
from teacherreg.wechat.services import ScenePurpose, hash_openid, start_scene
from tests.factories import StaffFactory
from tests.wechat.conftest import OPENID

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    staff = StaffFactory(is_superuser=True, totp_secret=pyotp.random_base32())
    client.force_login(staff, backend=STAFF_BACKEND)
    response = client.post("/office/verify/", {"code": pyotp.TOTP(staff.totp_secret).now(), "next": "/admin/"})
    assert response.status_code == 302, "the staff second factor was not passed"
    return client


def test_the_binding_list_shows_a_hash_prefix_not_the_openid(admin_client, teacher):
    binding = WechatBinding.objects.create(user=teacher, openid=OPENID, openid_hash=hash_openid(OPENID))
    listing = admin_client.get("/admin/wechat/wechatbinding/").content.decode()
    assert binding.openid_hash[:12] in listing and OPENID not in listing
    detail = admin_client.get(f"/admin/wechat/wechatbinding/{binding.pk}/change/").content.decode()
    assert OPENID not in detail and 'name="_save"' not in detail
    assert admin_client.get(f"/admin/wechat/wechatbinding/{binding.pk}/delete/").status_code == 403


def test_the_scene_list_shows_each_state(admin_client, teacher):
    start_scene(teacher, ScenePurpose.BIND, browser_key="b")
    listing = admin_client.get("/admin/wechat/wechatscene/").content.decode()
    assert "等待扫码" in listing
    assert admin_client.get("/admin/wechat/wechatscene/add/").status_code == 403
