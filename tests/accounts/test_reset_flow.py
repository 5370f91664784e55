"""Password reset pages (issue 3 item 5): same-shape answers, e-mail link, SMS code."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from e2e.outbox import last_email_link, last_sms_code
from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.audit.models import AuditEvent
from tests.captcha.helpers import solve
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db
NEW = "Green-hill-2027"


@pytest.fixture
def teacher():
    return ApplicantFactory(name="张三", phone="13612345690", email="2853@qq.com")


def _start(client, number: str, name: str, doc_type: str = "id_card"):
    return client.post(
        reverse("accounts:reset"),
        {
            "document_type": doc_type,
            "document_number": number,
            "name": name,
            "captcha_token": solve(client, purpose="reset"),
        },
    )


def _method_page(client) -> str:
    body = client.get(reverse("accounts:reset_method")).content.decode()
    body = re.sub(r"[A-Za-z0-9]{64}", "", body)
    return re.sub(r"（注册邮箱 [^）]+）|（注册手机 [^）]+）", "", body)


def test_step_two_shows_the_accounts_masked_contacts(client, teacher):
    assert _start(client, teacher.document_number, "张三")["Location"] == reverse("accounts:reset_method")
    body = client.get(reverse("accounts:reset_method")).content.decode()
    assert "2*****@qq.com" in body and "136****90" in body


def test_a_wrong_name_and_an_unknown_number_get_a_page_of_the_same_shape(client, teacher):
    _start(client, teacher.document_number, "张三")
    real = _method_page(client)
    for number, name in ((teacher.document_number, "张四"), ("11010519491231002X", "张三")):
        response = _start(client, number, name)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:reset_method")
        assert _method_page(client) == real
    assert AuditEvent.objects.filter(action="account.reset_lookup").count() == 3


def test_the_email_link_resets_the_password_once(client, teacher):
    _start(client, teacher.document_number, "张三")
    sent = client.post(reverse("accounts:reset_method"), {"method": "email"}).content.decode()
    assert "2*****@qq.com" in sent
    link = last_email_link("2853@qq.com")
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    response = client.post(path, {"password1": NEW, "password2": NEW})
    assert response["Location"] == reverse("accounts:login")
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)
    again = client.post(path, {"password1": "Other-pass-9", "password2": "Other-pass-9"})
    assert again.status_code == 400 and "已使用过" in again.content.decode()


def test_nothing_is_sent_for_an_unknown_account(client):
    _start(client, "11010519491231002X", "无名")
    body = client.post(reverse("accounts:reset_method"), {"method": "email"}).content.decode()
    assert "请查收邮件" in body
    assert mail.outbox == []


def test_the_sms_code_resets_the_password_and_other_sessions_end(client, teacher):
    from django.test import Client

    other = Client()
    other.force_login(teacher, backend=APPLICANT_BACKEND)
    _start(client, teacher.document_number, "张三")
    client.post(reverse("accounts:reset_sms"), {"action": "send", "captcha_token": solve(client, purpose="sms_send")})
    code = last_sms_code("13612345690")
    response = client.post(
        reverse("accounts:reset_sms"), {"action": "reset", "sms_code": code, "password1": NEW, "password2": NEW}
    )
    assert response["Location"] == reverse("accounts:login")
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)
    assert other.get(reverse("applicant:centre")).status_code == 302  # the old session ended


def test_an_sms_code_for_an_unknown_account_never_works(client):
    _start(client, "11010519491231002X", "无名")
    client.post(reverse("accounts:reset_sms"), {"action": "send", "captcha_token": solve(client, purpose="sms_send")})
    body = client.post(
        reverse("accounts:reset_sms"), {"action": "reset", "sms_code": "123456", "password1": NEW, "password2": NEW}
    ).content.decode()
    assert "短信验证码不正确" in body


def test_the_captcha_token_of_another_purpose_is_refused(client, teacher):
    response = client.post(
        reverse("accounts:reset"),
        {
            "document_type": "id_card",
            "document_number": teacher.document_number,
            "name": "张三",
            "captcha_token": solve(client, purpose="login"),
        },
    )
    assert response.status_code == 200
    assert "图形验证" in response.content.decode()


@time_machine.travel(datetime.datetime(2026, 11, 28, 2, 0, 1, tzinfo=datetime.UTC), tick=True)
def test_step_one_is_limited_per_target(client, teacher):
    # Starts just after the hour: the fixed one-hour window holds all six lookups.
    from django.test import Client

    from teacherreg.captcha.services import reset_address_limit

    for _ in range(5):
        reset_address_limit("127.0.0.1")
        _start(Client(), teacher.document_number, "张三")
    reset_address_limit("127.0.0.1")
    response = _start(Client(), teacher.document_number, "张三")
    assert "过于频繁" in response.content.decode()
