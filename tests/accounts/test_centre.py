"""个人身份信息 (issue 3 item 7)."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from e2e.outbox import last_email_link, last_sms, last_sms_code
from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.accounts.services.contacts import staff_change_contact
from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from tests.captcha.helpers import solve
from tests.factories import PASSWORD, ApplicantFactory, CodeItemFactory, StaffFactory

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND


@pytest.fixture
def teacher():
    return ApplicantFactory(name="薛明", phone="13612345690", email="old@example.cn")


@pytest.fixture
def signed_in(client, teacher):
    client.force_login(teacher, backend=BACKEND)
    return client


def test_the_centre_shows_masked_data_and_the_identity_status(signed_in, teacher):
    body = signed_in.get(reverse("applicant:centre")).content.decode()
    assert "薛*您好" in body.replace("，", "")
    assert "136****90" in body and "o*****@example.cn" in body
    assert teacher.document_number not in body
    assert "未核验" in body


def test_staff_and_strangers_are_kept_out(client):
    assert client.get(reverse("applicant:centre"))["Location"].startswith(reverse("accounts:login"))


def test_only_the_ethnic_group_is_edited_directly(signed_in, teacher):
    hui = CodeItemFactory(kind="ethnic_group", code="03", name="回族")
    signed_in.post(reverse("applicant:edit_profile"), {"ethnic_group": hui.pk, "name": "别人", "document_number": "x"})
    teacher.refresh_from_db()
    assert teacher.ethnic_group == hui and teacher.name == "薛明"


def test_changing_the_password_keeps_this_session_and_ends_the_others(signed_in, teacher):
    other = Client()
    other.force_login(teacher, backend=BACKEND)
    wrong = signed_in.post(
        reverse("applicant:change_password"),
        {"current": "nope", "password1": "Green-hill-2027", "password2": "Green-hill-2027"},
    )
    assert "当前密码不正确" in wrong.content.decode()
    done = signed_in.post(
        reverse("applicant:change_password"),
        {"current": PASSWORD, "password1": "Green-hill-2027", "password2": "Green-hill-2027"},
    )
    assert done["Location"] == reverse("applicant:centre")
    assert signed_in.get(reverse("applicant:centre")).status_code == 200
    assert other.get(reverse("applicant:centre")).status_code == 302


def test_a_phone_change_needs_the_password_within_20_minutes(signed_in):
    first = signed_in.get(reverse("applicant:change_phone"))
    assert first["Location"].startswith(reverse("applicant:reauth"))
    signed_in.post(reverse("applicant:reauth"), {"password": PASSWORD, "next": "/me/phone/"})
    assert signed_in.get(reverse("applicant:change_phone")).status_code == 200
    session = signed_in.session
    session["reauth_at"] = time.time() - 20 * 60 - 1
    session.save()
    assert signed_in.get(reverse("applicant:change_phone")).status_code == 302


def test_the_new_phone_gets_a_code_and_the_old_one_is_told(signed_in, teacher):
    signed_in.post(reverse("applicant:reauth"), {"password": PASSWORD, "next": "/me/phone/"})
    signed_in.post(
        reverse("applicant:change_phone"),
        {"phone": "13987654321", "captcha_token": solve(signed_in, purpose="sms_send")},
    )
    code = last_sms_code("13987654321")
    response = signed_in.post(reverse("applicant:change_phone_code"), {"sms_code": code})
    assert response["Location"] == reverse("applicant:centre")
    teacher.refresh_from_db()
    assert teacher.phone == "13987654321"
    assert last_sms("13612345690", "phone_changed_old_contact") is not None
    assert AuditEvent.objects.filter(action="account.phone_changed").exists()


def test_a_new_email_is_set_only_through_the_link_and_the_old_address_is_told(signed_in, teacher):
    signed_in.post(reverse("applicant:reauth"), {"password": PASSWORD, "next": "/me/email/"})
    signed_in.post(reverse("applicant:change_email"), {"email": "new@example.cn"})
    teacher.refresh_from_db()
    assert teacher.email == "old@example.cn"
    link = last_email_link("new@example.cn")
    path = link.split("127.0.0.1:8000", 1)[1]
    assert signed_in.get(path).status_code == 200  # a page with a button: link scanners change nothing
    teacher.refresh_from_db()
    assert teacher.email == "old@example.cn"
    signed_in.post(path)
    teacher.refresh_from_db()
    assert teacher.email == "new@example.cn"
    assert any(m.to == ["old@example.cn"] for m in mail.outbox)


def test_staff_change_a_contact_with_a_reason_and_both_contacts_hear_of_it(teacher):
    staff = StaffFactory()
    with pytest.raises(DomainError):
        staff_change_contact(teacher, by=staff, reason=" ", new_phone="13900001111")
    staff_change_contact(teacher, by=staff, reason="来电核实身份后更正手机号", new_phone="13900001111")
    teacher.refresh_from_db()
    assert teacher.phone == "13900001111"
    event = AuditEvent.objects.get(action="account.contact_changed_by_staff")
    assert event.data["reason"] == "来电核实身份后更正手机号"
    assert "13900001111" not in str(event.data)
    assert last_sms("13612345690", "contact_changed_by_staff") and last_sms("13900001111", "contact_changed_by_staff")


def test_the_admin_form_changes_a_contact_only_after_the_identity_check(client, teacher, django_user_model):
    from teacherreg.office.second_factor import VERIFIED, _fingerprint

    admin_user = django_user_model.objects.create_superuser(
        "root-admin", "pw-Long-enough-1", totp_secret="JBSWY3DPEHPK3PXP"
    )
    client.force_login(admin_user)
    session = client.session
    session[VERIFIED] = {"seed": _fingerprint(admin_user), "at": time.time()}
    session.save()
    url = reverse("admin:accounts_user_change_contact", args=[teacher.pk])
    assert client.get(url).status_code == 200
    unchecked = client.post(url, {"new_phone": "13900002222", "reason": "来电核实身份后更正"})
    assert unchecked.status_code == 200
    teacher.refresh_from_db()
    assert teacher.phone == "13612345690"
    done = client.post(url, {"identity_checked": "on", "new_phone": "13900002222", "reason": "来电核实身份后更正"})
    assert done.status_code == 302
    teacher.refresh_from_db()
    assert teacher.phone == "13900002222"
