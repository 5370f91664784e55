"""其他查询 (issue 4 item 5): captcha and SMS first, one answer for every mismatch, limits,
and a log the holder can read."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from e2e.outbox import last_sms_code
from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.captcha.services import reset_address_limit
from teacherreg.certificates.models import CertificateLookup, Conclusion, RegistrationRecord
from teacherreg.notify.sms.backends import MemorySmsProvider
from tests.captcha.helpers import solve
from tests.factories import ApplicantFactory, CertificateFactory

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
NUMBER = "20151100210000008"
BACKEND = APPLICANT_BACKEND


@pytest.fixture(autouse=True)
def deliver_at_once(monkeypatch):
    import types

    from django.db import transaction

    shim = types.SimpleNamespace(atomic=transaction.atomic, on_commit=lambda fn, using=None, robust=False: fn())
    monkeypatch.setattr("teacherreg.notify.services.transaction", shim)
    MemorySmsProvider.clear()


@pytest.fixture
def certificate():
    holder = ApplicantFactory(name="薛明")
    cert = CertificateFactory(
        number_as_printed=NUMBER,
        holder=holder,
        holder_name="薛明",
        holder_document_number=holder.document_number,
        issued_on=datetime.date(2015, 7, 1),
        issuing_agency_name="北京市海淀区教育委员会",
    )
    RegistrationRecord.objects.create(
        certificate=cert,
        conclusion=Conclusion.QUALIFIED,
        decided_on=datetime.date(2023, 11, 1),
        valid_from=datetime.date(2023, 11, 1),
        valid_until=datetime.date(2028, 10, 31),
        ordinal=1,
    )
    return cert


def _query(client: Client, *, name: str, document: str, number: str, phone: str = PHONE):
    reset_address_limit("127.0.0.1")
    start = client.post(
        reverse("portal:third_party_query"),
        {
            "name": name,
            "document_number": document,
            "certificate_number": number,
            "phone": phone,
            "captcha_token": solve(client, purpose="certificate_query"),
        },
    )
    assert start.status_code == 302, start.content.decode()[:3000]
    return client.post(reverse("portal:third_party_query_code"), {"sms_code": last_sms_code(phone)})


def test_a_match_shows_only_masked_and_public_facts(client, certificate):
    body = _query(client, name="薛明", document=certificate.holder_document_number, number=NUMBER).content.decode()
    assert "薛*" in body and "北京市海淀区教育委员会" in body and "2028-10-31" in body and "注册合格" in body
    assert "薛明" not in body and certificate.holder_document_number not in body


def test_every_kind_of_mismatch_gets_the_same_answer(certificate):
    def visible(response):
        body = response.content.decode()
        return re.sub(r"[A-Za-z0-9]{64}", "", body)

    # Three requesters (one SMS code per phone per minute, P12), three kinds of mismatch.
    answers = [
        visible(
            _query(
                Client(), name="薛小明", document=certificate.holder_document_number, number=NUMBER, phone="13900000001"
            )
        ),
        visible(_query(Client(), name="薛明", document="11010519491231002X", number=NUMBER, phone="13900000002")),
        visible(
            _query(
                Client(),
                name="薛明",
                document=certificate.holder_document_number,
                number="20151100210000009",
                phone="13900000003",
            )
        ),
    ]
    answers = [re.sub(r"139\*{4}0[123]", "", a) for a in answers]
    assert "没有查询到符合条件的教师资格证书" in answers[0]
    assert answers[0] == answers[1] == answers[2]


def test_without_the_sms_code_nothing_is_queried(client, certificate):
    reset_address_limit("127.0.0.1")
    client.post(
        reverse("portal:third_party_query"),
        {
            "name": "薛明",
            "document_number": certificate.holder_document_number,
            "certificate_number": NUMBER,
            "phone": PHONE,
            "captcha_token": solve(client, purpose="certificate_query"),
        },
    )
    body = client.post(reverse("portal:third_party_query_code"), {"sms_code": "000000"}).content.decode()
    assert "验证码不正确" in body or "验证码无效" in body
    assert not CertificateLookup.objects.exists()


def test_only_mainland_mobiles_receive_codes(client, certificate):
    body = client.post(
        reverse("portal:third_party_query"),
        {
            "name": "薛明",
            "document_number": "x",
            "certificate_number": NUMBER,
            "phone": "+44 7700 900123",
            "captcha_token": solve(client, purpose="certificate_query"),
        },
    ).content.decode()
    assert "11 位中国大陆手机号码" in body
    assert MemorySmsProvider.for_phone("+44 7700 900123") == []


@time_machine.travel(datetime.datetime(2026, 11, 27, 16, 0, 1, tzinfo=datetime.UTC), tick=True)
def test_the_limits_per_phone_per_address_and_per_holder():
    from teacherreg.certificates.services.third_party import within_limits

    holder = "11010519491231002X"
    # Per phone: 5 a day.
    assert [within_limits(phone="13900000009", ip=f"10.0.0.{i}", document_number=f"doc{i}") for i in range(6)] == [
        True,
        True,
        True,
        True,
        True,
        False,
    ]
    # Per address: 20 an hour.
    assert [within_limits(phone=f"1380000{i:04d}", ip="10.9.9.9", document_number=f"d{i}") for i in range(21)][-2:] == [
        True,
        False,
    ]
    # Per certificate holder: 10 a day, whoever asks.
    results = [within_limits(phone=f"1370000{i:04d}", ip=f"10.1.1.{i}", document_number=holder) for i in range(11)]
    assert results[-2:] == [True, False]


def test_the_page_says_when_the_limits_refuse(client, certificate, monkeypatch):
    monkeypatch.setattr("teacherreg.certificates.services.third_party.within_limits", lambda **kw: False)
    body = client.post(
        reverse("portal:third_party_query"),
        {
            "name": "薛明",
            "document_number": certificate.holder_document_number,
            "certificate_number": NUMBER,
            "phone": PHONE,
            "captcha_token": solve(client, purpose="certificate_query"),
        },
    ).content.decode()
    assert "查询次数过多" in body
    assert MemorySmsProvider.for_phone(PHONE) == []


def test_each_query_is_logged_and_the_holder_sees_the_matches(client, certificate):
    _query(client, name="薛明", document=certificate.holder_document_number, number=NUMBER)
    _query(Client(), name="薛小明", document=certificate.holder_document_number, number=NUMBER, phone="13800000001")
    assert CertificateLookup.objects.count() == 2
    assert CertificateLookup.objects.filter(matched=True, certificate=certificate).count() == 1
    holder_client = Client()
    holder_client.force_login(certificate.holder, backend=BACKEND)
    body = holder_client.get(reverse("applicant:certificate_detail", args=[certificate.pk])).content.decode()
    assert "139****78" in body and PHONE not in body
