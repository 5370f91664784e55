"""The owner hears of every WeChat binding and unbinding (a change to a reset factor)."""

from __future__ import annotations

import pytest

from teacherreg.notify.models import OutboxMessage
from teacherreg.wechat import services
from teacherreg.wechat.models import WechatBinding
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


def test_binding_and_unbinding_each_send_a_notice_by_sms_and_email():
    user = ApplicantFactory(email="owner@example.cn")
    assert services._bind(user, "openid-abc", services.hash_openid("openid-abc"), ip=None) == ""
    assert WechatBinding.objects.filter(user=user).exists()
    services.unbind(user)
    sent = sorted(OutboxMessage.objects.values_list("template", "channel"))
    assert sent == [
        ("wechat_bound", "email"),
        ("wechat_bound", "sms"),
        ("wechat_unbound", "email"),
        ("wechat_unbound", "sms"),
    ]
