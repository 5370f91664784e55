"""P7: a pre-2019 account is taken over by a new sign-up after SMS and real-name checks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from e2e.outbox import last_sms_code
from teacherreg.accounts.models import User
from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import Certificate
from teacherreg.identity.models import IdentityRecord
from tests.captcha.helpers import solve
from tests.factories import ApplicantFactory, CertificateFactory, CodeItemFactory, RegionFactory

pytestmark = pytest.mark.django_db
NUMBER = "11010519491231002X"
PHONE = "13812345678"


@pytest.fixture
def legacy():
    RegionFactory(code="110105", name="朝阳区", level="county", is_municipality=False)
    user = ApplicantFactory(document_number=NUMBER, name="薛明", is_legacy=True, phone="13000000000", email=None)
    CertificateFactory(holder=user)
    return user


def _sign_up_over(client, name: str = "薛明"):
    han = CodeItemFactory(kind="ethnic_group", code="01", name="汉族")
    client.post(reverse("accounts:sign_up"), {"phone": PHONE, "captcha_token": solve(client, purpose="sign_up")})
    client.post(reverse("accounts:sign_up_code"), {"sms_code": last_sms_code(PHONE)})
    return client.post(
        reverse("accounts:sign_up_details"),
        {
            "document_type": "id_card",
            "document_number": NUMBER,
            "name": name,
            "ethnic_group": han.pk,
            "email": "new@example.cn",
            "password1": "Blue-river-2026",
            "password2": "Blue-river-2026",
            "agree": "on",
        },
    )


def test_a_verified_takeover_keeps_the_account_and_its_certificates(client, legacy):
    IdentityRecord.objects.create(document_number=NUMBER, name="薛明")
    assert _sign_up_over(client)["Location"] == reverse("accounts:legacy_takeover")
    response = client.post(reverse("accounts:legacy_takeover"), {"name": "薛明"})
    assert response["Location"] == reverse("applicant:centre")
    user = User.objects.get(pk=legacy.pk)
    assert (user.is_legacy, user.phone, user.email, user.identity_status) == (
        False,
        PHONE,
        "new@example.cn",
        "verified",
    )
    assert user.check_password("Blue-river-2026")
    assert Certificate.objects.filter(holder=user).count() == 1
    assert User.objects.filter(document_number_index=user.document_number_index).count() == 1
    assert AuditEvent.objects.filter(action="account.legacy_takeover").count() == 1


def test_a_failed_verification_changes_nothing(client, legacy):
    IdentityRecord.objects.create(document_number=NUMBER, name="薛明")
    _sign_up_over(client)
    body = client.post(reverse("accounts:legacy_takeover"), {"name": "薛小明"}).content.decode()
    assert "今天还可核验 2 次" in body
    user = User.objects.get(pk=legacy.pk)
    assert (user.is_legacy, user.phone) == (True, "13000000000")
    assert not user.check_password("Blue-river-2026")
