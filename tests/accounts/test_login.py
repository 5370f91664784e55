"""Login (issue 3 item 4): captcha and per-IP limit before the hash, lockout after 5
failures per account, one answer for an unknown account and a wrong password."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.audit.models import AuditEvent
from tests.captcha.helpers import solve
from tests.factories import PASSWORD, ApplicantFactory

pytestmark = pytest.mark.django_db
URL = "/account/login/"


def _post(client, number: str, password: str, *, captcha: bool = True, ip: str = "10.1.1.1"):
    data = {"document_number": number, "password": password}
    if captcha:
        data["captcha_token"] = solve(client, purpose="login")
    return client.post(URL, data, REMOTE_ADDR=ip)


def test_it_signs_in_with_the_document_number_in_any_case_and_width(client):
    user = ApplicantFactory(document_number="11010519491231002X")
    response = _post(client, "１１０１０５１９４９１２３１００２x", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("applicant:centre")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(action="account.login", result="ok").count() == 1


def test_it_refuses_without_a_captcha_and_never_checks_the_password(client, monkeypatch):
    ApplicantFactory(document_number="11010519491231002X")
    called = []
    monkeypatch.setattr(
        "teacherreg.accounts.backends.DocumentNumberBackend.authenticate", lambda *a, **k: called.append(1)
    )
    response = _post(client, "11010519491231002X", PASSWORD, captcha=False)
    assert response.status_code == 200
    assert "请先完成图形验证" in response.content.decode()
    assert called == []


def test_an_unknown_account_and_a_wrong_password_look_the_same(client):
    ApplicantFactory(document_number="11010519491231002X")
    wrong = _post(client, "11010519491231002X", "not-the-password")
    unknown = _post(client, "110105194912310037", PASSWORD)

    def visible(response):
        body = response.content.decode()
        # The CSRF token and the captcha's own challenge differ per render; the rest must not.
        import re

        body = re.sub(r"[A-Za-z0-9]{64}", "", body)  # CSRF tokens
        body = re.sub(r'value="(11010519491231002X|110105194912310037)"', "", body)
        return re.sub(r'data-captcha-[a-z-]+="[^"]*"', "", body)

    assert wrong.status_code == unknown.status_code == 200
    assert "证件号码或密码不正确" in wrong.content.decode()
    assert visible(wrong) == visible(unknown)
    assert sorted(wrong.headers) == sorted(unknown.headers)


def test_five_failures_lock_the_account_for_fifteen_minutes(client):
    ApplicantFactory(document_number="11010519491231002X")
    for _ in range(5):
        _post(client, "11010519491231002X", "wrong-password-1")
    locked = _post(client, "11010519491231002X", PASSWORD)
    assert locked.status_code == 429
    assert "15 分钟" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_table_holds_no_document_number(client):
    from axes.models import AccessAttempt

    ApplicantFactory(document_number="11010519491231002X")
    _post(client, "11010519491231002X", "wrong-password-1")
    attempt = AccessAttempt.objects.get()
    assert "11010519491231002X" not in f"{attempt.username}{attempt.post_data}{attempt.get_data}"


@time_machine.travel(datetime.datetime(2026, 11, 28, 2, 0, 1, tzinfo=datetime.UTC), tick=True)
def test_more_than_twenty_logins_a_minute_from_one_address_are_refused(client):
    # Starts just after a minute boundary: the fixed one-minute window holds all 21 posts.
    from django.test import Client

    from teacherreg.captcha.services import reset_address_limit

    for i in range(20):
        reset_address_limit("127.0.0.1")  # the captcha's own limits are not what this test is about
        _post(Client(), f"1101051949123100{i:02d}", "whatever-1", ip="10.9.9.9")
    reset_address_limit("127.0.0.1")
    response = _post(client, "11010519491231002X", PASSWORD, ip="10.9.9.9")
    assert "登录尝试过于频繁" in response.content.decode()


def test_the_centre_shows_the_previous_login_time(client):
    user = ApplicantFactory()
    _post(client, user.document_number, PASSWORD)
    first = client.get(reverse("applicant:centre")).content.decode()
    assert "上次登录时间" not in first
    client.post("/account/logout/")
    _post(client, user.document_number, PASSWORD)
    assert "上次登录时间" in client.get(reverse("applicant:centre")).content.decode()


def test_logout_needs_a_post(client):
    user = ApplicantFactory()
    client.force_login(user, backend=APPLICANT_BACKEND)
    assert client.get("/account/logout/").status_code == 405
    assert client.post("/account/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
