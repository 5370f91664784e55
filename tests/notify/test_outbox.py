"""send_sms / send_email / notify_user: the outbox row, on-commit delivery, dedupe, checks."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection, transaction

from teacherreg.notify.keys import dedupe_hash
from teacherreg.notify.models import Channel, MessageStatus, OutboxMessage
from teacherreg.notify.services import notify_user, send_email, send_sms
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

PHONE = "13600000001"
CODE_PARAMS = {"code": "482916", "minutes": "5", "purpose_label": "账号注册"}


class Boom(Exception):
    pass


def test_it_writes_the_row_and_delivers_after_commit(memory_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="k1")
        assert memory_sms.sent == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert (message.channel, message.status, message.attempts) == (Channel.SMS, MessageStatus.SENT, 1)
    assert message.phone == PHONE
    assert message.language == "zh-hans"
    assert message.sent_at is not None
    assert message.provider_message_id.startswith("memory-")
    [sms] = memory_sms.sent
    assert sms.phone == PHONE
    assert sms.text == "【教师资格定期注册】验证码482916，用于账号注册，5分钟内有效。请勿将验证码告诉任何人。"


def test_it_clears_the_code_from_the_row_once_delivered(memory_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="k1")
    message.refresh_from_db()
    assert message.params == {"code": "******", "minutes": "5", "purpose_label": "账号注册"}


def test_a_rolled_back_change_sends_nothing(memory_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Boom), transaction.atomic():
        send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="k1")
        raise Boom
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert memory_sms.sent == []


@pytest.mark.django_db(transaction=True)
def test_with_real_transactions_commit_sends_and_rollback_does_not(memory_sms):
    with pytest.raises(Boom), transaction.atomic():
        send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="rolled-back")
        raise Boom
    assert memory_sms.sent == []
    with transaction.atomic():
        send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="committed")
        assert memory_sms.sent == []
    assert len(memory_sms.sent) == 1
    assert list(OutboxMessage.objects.values_list("status", flat=True)) == [MessageStatus.SENT]


def test_the_same_dedupe_key_twice_gives_the_first_row_and_one_send(memory_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="same")
        second = send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="same")
    assert first.pk == second.pk
    assert len(callbacks) == 1
    assert len(memory_sms.sent) == 1
    with django_capture_on_commit_callbacks(execute=True):
        third = send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="same")
    assert third.pk == first.pk
    assert len(memory_sms.sent) == 1


def test_a_dedupe_key_reused_for_another_message_is_an_error(memory_sms):
    send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="same")
    with pytest.raises(ValueError, match="already names"):
        send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="same")


def test_the_table_holds_a_keyed_hash_of_the_dedupe_key(memory_sms):
    message = send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="phone-changed-7-abc")
    assert message.dedupe_key == dedupe_hash("phone-changed-7-abc")
    assert len(message.dedupe_key) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT dedupe_key FROM notify_outboxmessage")
        assert "phone-changed" not in repr(cursor.fetchall())


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"code": "1", "minutes": "5"}, "missing \\['purpose_label'\\]"),
        ({**CODE_PARAMS, "phone": "136****01"}, "unexpected \\['phone'\\]"),
        ({**CODE_PARAMS, "purpose_label": "13600000001"}, "looks like a phone"),
        ({**CODE_PARAMS, "purpose_label": "号码 11010519491231002X"}, "looks like a phone or ID"),
    ],
)
def test_it_refuses_wrong_or_personal_parameters(params, error):
    with pytest.raises(ValueError, match=error):
        send_sms(phone=PHONE, template="sms_code", params=params, dedupe_key="k")


def test_the_code_itself_may_look_like_anything():
    message = send_sms(phone=PHONE, template="sms_code", params={**CODE_PARAMS, "code": "139000"}, dedupe_key="k")
    assert message.params["code"] == "139000"


@pytest.mark.parametrize("phone", ["", "12345", "2360000000", "136000000011", "+1 415 555 0100"])
def test_it_refuses_a_number_that_is_not_a_mainland_mobile(phone):
    with pytest.raises(ValueError, match="mainland mobile"):
        send_sms(phone=phone, template="sms_code", params=CODE_PARAMS, dedupe_key="k")


def test_it_normalises_the_number_before_storing_it(memory_sms):
    message = send_sms(phone="+86 136-0000-0001", template="sms_code", params=CODE_PARAMS, dedupe_key="k")
    assert message.phone == PHONE


def test_it_refuses_an_unknown_template_or_a_channel_the_template_lacks():
    with pytest.raises(ValueError, match="No message template"):
        send_sms(phone=PHONE, template="no_such_thing", params={}, dedupe_key="k")
    with pytest.raises(ValueError, match="has no sms text"):
        send_sms(
            phone=PHONE, template="email_change_confirm", params={"link": "https://x", "hours": "24"}, dedupe_key="k"
        )
    with pytest.raises(ValueError, match="has no email text"):
        send_email(to="a@example.com", template="sms_code", context=CODE_PARAMS, dedupe_key="k")


def test_it_sends_an_email_with_text_and_html(django_capture_on_commit_callbacks, settings):
    settings.DEFAULT_FROM_EMAIL = "教师资格 <noreply@jszg.example>"
    link = "https://jszg.example/reset/abc123-token/"
    with django_capture_on_commit_callbacks(execute=True):
        message = send_email(
            to="Teacher@Example.com",
            template="password_reset_link",
            context={"name_masked": "张*", "link": link, "hours": 24},
            dedupe_key="reset-1",
        )
    [email] = mail.outbox
    assert email.to == ["teacher@example.com"]
    assert email.from_email == "教师资格 <noreply@jszg.example>"
    assert email.subject == "【教师资格定期注册】重置登录密码"
    assert email.body.startswith("张*，您好：\n\n有人申请找回您账号的登录密码。请在24小时内")
    assert f"\n\n{link}\n\n" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert f'<a href="{link}">{link}</a>' in html
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.params == {"name_masked": "张*", "link": "******", "hours": "24"}
    assert message.provider_message_id.endswith("@jszg.example")
    assert email.extra_headers["Message-ID"] == f"<{message.provider_message_id}>"


def test_it_refuses_a_link_that_is_not_http(django_capture_on_commit_callbacks):
    with pytest.raises(ValueError, match="http"):
        send_email(
            to="a@example.com",
            template="email_change_confirm",
            context={"link": "javascript:alert(1)", "hours": 24},
            dedupe_key="k",
        )


@pytest.mark.parametrize("to", ["", "not-an-address", "a@b@c", "x@example.com\nBcc: y@example.com"])
def test_it_refuses_a_malformed_address(to):
    with pytest.raises(ValueError, match="valid e-mail"):
        send_email(to=to, template="sign_up_welcome", context={}, dedupe_key="k")


def test_it_renders_in_the_language_asked_for(memory_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="k", language="en-us")
    assert message.language == "en"
    assert memory_sms.sent[0].text.startswith("【教师资格定期注册】The password of your account has just been changed.")


# --- notify_user ----------------------------------------------------------------------------


def test_it_notifies_a_user_by_sms_and_email(memory_sms, django_capture_on_commit_callbacks):
    user = ApplicantFactory(phone="13600000009", email="li@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        messages = notify_user(user, "identity_review_rejected", {"reason": "照片不清晰"}, dedupe_key="review-9")
    assert [(m.channel, m.dedupe_key) for m in messages] == [
        ("sms", dedupe_hash("review-9:sms")),
        ("email", dedupe_hash("review-9:email")),
    ]
    assert all(m.user_id == user.pk for m in messages)
    assert memory_sms.sent[0].text == (
        "【教师资格定期注册】您的身份信息未通过人工审核，原因：照片不清晰。请登录系统查看详情后重新提交。"
    )
    assert mail.outbox[0].to == ["li@example.com"]
    assert mail.outbox[0].subject == "【教师资格定期注册】身份信息人工审核未通过"


def test_it_skips_a_channel_the_user_has_no_contact_for(memory_sms):
    user = ApplicantFactory(phone="13600000009", email=None)
    messages = notify_user(user, "password_changed", {}, dedupe_key="pw")
    assert [m.channel for m in messages] == ["sms"]


def test_it_skips_a_channel_the_template_has_no_text_for(memory_sms):
    user = ApplicantFactory(phone="13600000009", email="li@example.com")
    messages = notify_user(user, "email_change_confirm", {"link": "https://x.example/c", "hours": 24}, dedupe_key="c")
    assert [m.channel for m in messages] == ["email"]


def test_it_honours_the_channels_asked_for(memory_sms):
    user = ApplicantFactory(phone="13600000009", email="li@example.com")
    assert [m.channel for m in notify_user(user, "sign_up_welcome", {}, dedupe_key="w", channels=("email",))] == [
        "email"
    ]


def test_it_refuses_an_unknown_channel_or_a_template_without_any_of_them():
    user = ApplicantFactory(phone="13600000009", email="li@example.com")
    with pytest.raises(ValueError, match="Unknown channel"):
        notify_user(user, "sign_up_welcome", {}, dedupe_key="w", channels=("wechat",))
    with pytest.raises(ValueError, match="has no text"):
        notify_user(user, "sms_code", CODE_PARAMS, dedupe_key="w", channels=("email",))
