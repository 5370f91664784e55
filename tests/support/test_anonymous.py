"""Writing without signing in: the captcha first (P11), then the ticket; the reply is announced
by SMS to the phone given, and waits in the account of the document given."""

from __future__ import annotations

import pytest

from teacherreg.notify.models import OutboxMessage
from teacherreg.support.models import Ticket
from tests.captcha.helpers import solve
from tests.idnumbers import make_id_number
from tests.office.office_world import office_client

pytestmark = pytest.mark.django_db

NUMBER = make_id_number(21, region="430102")  # 湖南


def _question(**extra) -> dict:
    return {
        "subject": "王芳 无法登录",
        "topic": "account",
        "description": "输入密码后提示账号不存在。",
        "document_type": "id_card",
        "document_number": NUMBER,
        "phone": "13912345678",
        **extra,
    }


def test_it_refuses_without_the_captcha_and_keeps_what_was_typed(world, visitor):
    page = visitor.post("/help/contact/", _question()).content.decode()

    assert "请先完成图形验证。" in page
    assert 'value="王芳 无法登录"' in page
    assert "输入密码后提示账号不存在。" in page
    assert 'value="13912345678"' in page
    assert Ticket.objects.count() == 0


def test_with_the_captcha_it_opens_a_ticket_and_shows_its_number(world, visitor):
    token = solve(visitor, purpose="support")

    answer = visitor.post("/help/contact/", _question(captcha_token=token))

    ticket = Ticket.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == "/help/contact/sent/"
    assert ticket.user is None
    assert ticket.province_code == "43"
    sent = visitor.get("/help/contact/sent/").content.decode()
    assert ticket.number in sent
    assert "139****78" in sent
    assert "13912345678" not in sent


def test_a_token_for_another_purpose_does_not_do(world, visitor):
    token = solve(visitor, purpose="login")

    page = visitor.post("/help/contact/", _question(captcha_token=token)).content.decode()

    assert "图形验证已过期，请重新验证。" in page
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("document_number", "37010219860612001", "证件号码应为 18 位：前 17 位是数字，最后一位是数字或 X。"),
        ("phone", "010-12345678", "请输入以 1 开头的 11 位中国大陆手机号码。"),
        ("subject", "", "请填写主题。"),
        ("description", "", "请填写问题描述。"),
        ("topic", "nonsense", "请选择列表中的问题类型。"),
        ("description", "长" * 2001, "最多 2000 个字，现在有 2001 个。"),
    ],
)
def test_it_says_what_is_wrong_with_a_field(world, visitor, field, value, message):
    token = solve(visitor, purpose="support")

    page = visitor.post("/help/contact/", _question(captcha_token=token, **{field: value})).content.decode()

    assert message in page
    assert Ticket.objects.count() == 0


def test_the_reply_goes_by_sms_to_the_phone_given(world, visitor):
    visitor.post("/help/contact/", _question(captcha_token=solve(visitor, purpose="support")))
    ticket = Ticket.objects.get()
    hunan = office_client(world.theirs.staff["province_admin"])

    hunan.post(f"/office/support/{ticket.pk}/reply/", {"body": "请先注册账号，再用新密码登录。"})

    (sms,) = OutboxMessage.objects.filter(template="support_reply_anonymous")
    assert sms.channel == "sms"
    assert sms.params == {"number": ticket.number}
    assert sms.user is None


def test_the_owner_of_the_document_reads_it_after_signing_in(world, visitor):
    from tests.factories import ApplicantFactory

    visitor.post("/help/contact/", _question(captcha_token=solve(visitor, purpose="support")))
    ticket = Ticket.objects.get()
    owner = office_client(ApplicantFactory(document_number=NUMBER))
    stranger = office_client(ApplicantFactory(document_number=make_id_number(22, region="430102")))

    assert ticket.number in owner.get("/me/support/").content.decode()
    assert owner.get(f"/me/support/{ticket.pk}/").status_code == 200
    assert stranger.get(f"/me/support/{ticket.pk}/").status_code == 404
