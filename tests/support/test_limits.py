"""Rate limits: per address for everyone, per account for signed-in applicants, per account
for follow-ups (teacherreg.support.conf)."""

from __future__ import annotations

import pytest

from teacherreg.common.ratelimit import Limit
from teacherreg.support import conf
from teacherreg.support.models import Ticket
from teacherreg.support.services import follow_up
from tests.captcha.helpers import solve
from tests.idnumbers import make_id_number
from tests.support.world import ticket as make_ticket

pytestmark = pytest.mark.django_db


def _anonymous(token: str) -> dict:
    return {
        "subject": "赵丽 证书",
        "topic": "certificate",
        "description": "证书信息没有显示。",
        "document_type": "id_card",
        "document_number": make_id_number(40, region="370102"),
        "phone": "13912345678",
        "captcha_token": token,
    }


def test_one_address_may_send_only_so_many(world, visitor, monkeypatch):
    monkeypatch.setattr(conf, "TICKETS_PER_ADDRESS", Limit("support_ticket_ip_test", 2, 3600))
    for _ in range(2):
        assert visitor.post("/help/contact/", _anonymous(solve(visitor, purpose="support"))).status_code == 302

    page = visitor.post("/help/contact/", _anonymous(solve(visitor, purpose="support"))).content.decode()

    assert "从您所在的网络提交的咨询过多，请" in page
    assert "证书信息没有显示。" in page
    assert Ticket.objects.count() == 2


def test_one_account_may_send_only_so_many_a_day(teacher_client, monkeypatch):
    monkeypatch.setattr(conf, "TICKETS_PER_ACCOUNT", Limit("support_ticket_account_test", 1, 86400))
    question = {"subject": "李明 问题", "topic": "other", "description": "问题描述。", "phone": "13612345678"}
    teacher_client.post("/help/contact/", question)

    page = teacher_client.post("/help/contact/", question).content.decode()

    assert "您今天已经提交了 1 条咨询，请等待工作人员回复" in page
    assert Ticket.objects.count() == 1


def test_follow_ups_are_limited_too(world, teacher, monkeypatch):
    from teacherreg.support.messages import SupportError

    monkeypatch.setattr(conf, "REPLIES_PER_ACCOUNT", Limit("support_reply_account_test", 1, 3600))
    ticket = make_ticket("37", user=teacher)
    follow_up(ticket, by=teacher, body="第一条")

    with pytest.raises(SupportError) as refusal:
        follow_up(ticket, by=teacher, body="第二条")

    assert refusal.value.code == "support_too_many_replies"
    assert ticket.replies.count() == 1
