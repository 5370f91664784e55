"""e2e/outbox.py: how browser tests read the codes and links they were sent."""

from __future__ import annotations

import pytest
from django.core import mail

from e2e import outbox
from teacherreg.notify.codes import issue_code
from teacherreg.notify.services import send_email

pytestmark = pytest.mark.django_db


def test_it_reads_the_newest_code_for_a_phone(memory_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue_code(phone="13600000001", purpose="sign_up")
        issue_code(phone="13600000002", purpose="sign_up")
        issue_code(phone="13600000001", purpose="login")
    newest = memory_sms.for_phone("13600000001")[-1]
    assert newest.text.startswith("【教师资格定期注册】验证码") and "登录验证" in newest.text
    assert outbox.last_sms_code("+86 136 0000 0001") == newest.params["code"]


def test_it_says_so_when_nothing_was_sent(memory_sms):
    with pytest.raises(LookupError):
        outbox.last_sms_code("13600000001")
    with pytest.raises(LookupError):
        outbox.last_email_link("nobody@example.com")


def test_it_needs_the_memory_backend(settings):
    settings.TEACHERREG_SMS_BACKEND = "teacherreg.notify.sms.backends.ConsoleSmsProvider"
    with pytest.raises(RuntimeError, match="MemorySmsProvider"):
        outbox.last_sms_code("13600000001")


def test_it_reads_the_link_of_the_newest_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in (1, 2):
            send_email(
                to="li@example.com",
                template="email_change_confirm",
                context={"link": f"https://jszg.example/confirm/{n}/", "hours": 24},
                dedupe_key=f"confirm-{n}",
            )
    assert len(mail.outbox) == 2
    assert outbox.last_email_link("LI@example.com") == "https://jszg.example/confirm/2/"
    outbox.clear()
    assert mail.outbox == []
