"""Sign-up (issue 3 item 3; P3, P4, P5, P7)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from e2e.outbox import last_sms_code
from teacherreg.accounts.models import User, UserKind
from teacherreg.accounts.services.signup import Outcome, SignUpData, sign_up
from tests.captcha.helpers import solve
from tests.factories import ApplicantFactory, CodeItemFactory, RegionFactory

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
NUMBER = "11010519491231002X"


@pytest.fixture
def han():
    RegionFactory(code="110105", name="朝阳区", level="county", is_municipality=False)
    return CodeItemFactory(kind="ethnic_group", code="01", name="汉族")


def _verify_phone(client, phone: str = PHONE):
    response = client.post(
        reverse("accounts:sign_up"), {"phone": phone, "captcha_token": solve(client, purpose="sign_up")}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(reverse("accounts:sign_up_code"), {"sms_code": last_sms_code(phone)})
    assert response["Location"] == reverse("accounts:sign_up_details")


def _details(han, **overrides) -> dict:
    data = {
        "document_type": "id_card",
        "document_number": NUMBER.lower(),
        "name": "薛明",
        "ethnic_group": han.pk,
        "sex": "male",  # ignored: the number says female (P4)
        "birth_date": "2000-01-01",  # ignored likewise
        "email": "Xue.Ming@Example.cn",
        "password1": "Blue-river-2026",
        "password2": "Blue-river-2026",
        "agree": "on",
    }
    data.update(overrides)
    return data


def test_a_teacher_signs_up_with_a_verified_phone_and_is_signed_in(client, han):
    _verify_phone(client)
    response = client.post(reverse("accounts:sign_up_details"), _details(han))
    assert response.status_code == 302
    assert response["Location"] == reverse("applicant:centre")
    user = User.objects.get_by_document_number(NUMBER)
    assert (user.kind, user.name, user.phone, user.sex, str(user.birth_date)) == (
        UserKind.APPLICANT,
        "薛明",
        PHONE,
        "female",
        "1949-12-31",
    )
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.check_password("Blue-river-2026")


def test_details_without_a_verified_phone_go_back_to_step_one(client, han):
    response = client.post(reverse("accounts:sign_up_details"), _details(han))
    assert response["Location"] == reverse("accounts:sign_up")
    assert not User.objects.filter(kind=UserKind.APPLICANT).exists()


def test_a_wrong_sms_code_is_refused_and_says_how_many_tries_remain(client):
    client.post(reverse("accounts:sign_up"), {"phone": PHONE, "captcha_token": solve(client, purpose="sign_up")})
    code = last_sms_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    body = client.post(reverse("accounts:sign_up_code"), {"sms_code": wrong}).content.decode()
    assert "验证码不正确，还可以再输入4次" in body


def test_bad_input_keeps_what_was_typed_and_says_what_to_fix(client, han):
    _verify_phone(client)
    response = client.post(
        reverse("accounts:sign_up_details"),
        _details(
            han, document_number="110105194912310021", name="张\u200b三", password1="password", password2="password"
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "校验位不正确" in body
    assert "不可见字符" in body
    assert "Xue.Ming@Example.cn" in body  # nothing typed is lost
    assert not User.objects.filter(kind=UserKind.APPLICANT).exists()


def test_a_password_containing_the_birth_date_is_refused(client, han):
    _verify_phone(client)
    body = client.post(
        reverse("accounts:sign_up_details"), _details(han, password1="abc19491231xyz", password2="abc19491231xyz")
    ).content.decode()
    assert "密码不能包含出生日期" in body


def test_an_existing_number_is_named_only_after_the_phone_is_verified(client, han):
    ApplicantFactory(document_number=NUMBER)
    _verify_phone(client)
    body = client.post(reverse("accounts:sign_up_details"), _details(han)).content.decode()
    assert "该证件号码已注册账号" in body


def test_a_legacy_number_leads_to_the_takeover_page(client, han):
    ApplicantFactory(document_number=NUMBER, is_legacy=True)
    _verify_phone(client)
    response = client.post(reverse("accounts:sign_up_details"), _details(han))
    assert response["Location"] == reverse("accounts:legacy_takeover")


def test_other_documents_type_sex_and_birth_date_once(client, han):
    _verify_phone(client)
    missing = client.post(
        reverse("accounts:sign_up_details"),
        _details(han, document_type="passport", document_number="E12345678", name="John Smith", sex="", birth_date=""),
    ).content.decode()
    assert "请选择性别" in missing and "请填写出生日期" in missing
    client.post(
        reverse("accounts:sign_up_details"),
        _details(
            han,
            document_type="passport",
            document_number="e12345678",
            name="John Smith",
            sex="male",
            birth_date="1980-02-03",
        ),
    )
    user = User.objects.get_by_document_number("E12345678")
    assert (user.sex, str(user.birth_date), user.name) == ("male", "1980-02-03", "John Smith")


def _data(number: str = NUMBER) -> SignUpData:
    return SignUpData("id_card", number, "薛明", None, "female", None, PHONE, "a@example.cn", "Blue-river-2026")


def test_the_service_refuses_a_second_account_for_one_number():
    assert sign_up(_data()).outcome is Outcome.CREATED
    assert sign_up(_data()).outcome is Outcome.EXISTS


@pytest.mark.concurrency
@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_five_parallel_sign_ups_for_one_number_make_one_account():
    barrier = threading.Barrier(5, timeout=30)
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait()
            result = sign_up(_data())
            with lock:
                outcomes.append(result.outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(o.value for o in outcomes) == ["created"] + ["exists"] * 4
    assert User.objects.filter(kind=UserKind.APPLICANT).count() == 1
