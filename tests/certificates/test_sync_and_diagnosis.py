"""Certificate sync and the “why isn't my certificate here?” helper (issue 4 item 2; manual
§2.2, §3.1.2 step 2 添加说明; domain.md §5.3)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.certificates.services.diagnosis import diagnose
from teacherreg.certificates.services.sync import sync_certificates
from tests.factories import ApplicantFactory, CertificateFactory

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND


@pytest.fixture
def teacher():
    return ApplicantFactory(name="薛明")


def _register(teacher, number: str, issued: datetime.date, **overrides):
    """A certificate in the national register that no account has claimed yet."""
    values = {
        "number_as_printed": number,
        "holder": None,
        "holder_name": teacher.name,
        "holder_document_number": teacher.document_number,
        "issued_on": issued,
    }
    values.update(overrides)
    return CertificateFactory(**values)


def test_certificates_from_2008_on_are_listed_and_attached(teacher):
    recent = _register(teacher, "20081100210000001", datetime.date(2008, 3, 1))
    assert [c.pk for c in sync_certificates(teacher)] == [recent.pk]
    recent.refresh_from_db()
    assert recent.holder == teacher


def test_older_ones_only_with_a_first_registration_record(teacher):
    old = _register(teacher, "20071100210000002", datetime.date(2007, 12, 31))
    assert sync_certificates(teacher) == []
    RegistrationRecord.objects.create(
        certificate=old,
        conclusion=Conclusion.QUALIFIED,
        decided_on=datetime.date(2012, 5, 1),
        is_first_registration=True,
    )
    assert [c.pk for c in sync_certificates(teacher)] == [old.pk]


def test_guangxi_starts_in_2012(teacher):
    _register(teacher, "20114500210000003", datetime.date(2011, 6, 1))
    later = _register(teacher, "20124500210000004", datetime.date(2012, 1, 5))
    assert [c.pk for c in sync_certificates(teacher)] == [later.pk]


def test_a_name_or_number_that_differs_keeps_the_certificate_out(teacher):
    _register(teacher, "20151100210000005", datetime.date(2015, 1, 1), holder_name="薛小明")
    other = ApplicantFactory()
    _register(teacher, "20151100210000006", datetime.date(2015, 1, 1), holder_document_number=other.document_number)
    assert sync_certificates(teacher) == []


@pytest.mark.parametrize(
    ("setup", "typed", "code"),
    [
        (None, "2015110021000000", "bad_number"),  # 16 digits
        (None, "20151100210000O07", "bad_number"),  # a letter O
        (None, "20151100210000099", "not_found"),
        ("synced", "20151100210000007", "synced"),
        ("name", "20151100210000007", "name_mismatch"),
        ("document", "20151100210000007", "document_mismatch"),
        ("first_id", "20151100210000007", "first_generation_id"),
        ("old", "20051100210000007", "before_sync_years"),
        ("old15", "051100210000007", "before_sync_years"),  # 15 digits: read as 19xx, kept as the printed form
    ],
)
def test_the_helper_names_the_cause(teacher, setup, typed, code):
    if setup == "synced":
        _register(teacher, typed, datetime.date(2015, 1, 1))
        sync_certificates(teacher)
    elif setup == "name":
        _register(teacher, typed, datetime.date(2015, 1, 1), holder_name="薛小明")
    elif setup == "document":
        _register(teacher, typed, datetime.date(2015, 1, 1), holder_document_number=ApplicantFactory().document_number)
    elif setup == "first_id":
        _register(teacher, typed, datetime.date(2015, 1, 1), holder_document_number="110105491231002")
    elif setup == "old":
        _register(teacher, typed, datetime.date(2005, 1, 1))
    elif setup == "old15":
        _register(teacher, typed, datetime.date(2005, 1, 1))  # stored as 19051100210000007
    assert diagnose(teacher, typed).code == code


def test_the_15_digit_form_and_its_19_form_find_the_same_certificate(teacher):
    _register(teacher, "981100210000123", datetime.date(1998, 9, 1))
    assert diagnose(teacher, "981100210000123").code == "before_sync_years"
    assert diagnose(teacher, "19981100210000123").code == "before_sync_years"


def test_the_list_masks_numbers_and_the_detail_shows_the_full_number_and_history(client, teacher):
    certificate = _register(teacher, "20151100210000008", datetime.date(2015, 1, 1))
    RegistrationRecord.objects.create(
        certificate=certificate,
        conclusion=Conclusion.QUALIFIED,
        decided_on=datetime.date(2021, 11, 1),
        valid_from=datetime.date(2021, 11, 1),
        valid_until=datetime.date(2026, 10, 31),
        ordinal=1,
    )
    client.force_login(teacher, backend=BACKEND)
    listing = client.get(reverse("applicant:certificates")).content.decode()
    assert "2015*****08" in listing and "20151100210000008" not in listing
    detail = client.get(reverse("applicant:certificate_detail", args=[certificate.pk])).content.decode()
    assert "20151100210000008" in detail
    assert "2021-11-01 – 2026-10-31" in detail and "第 1 次" in detail


def test_another_persons_certificate_is_not_there(client, teacher):
    stranger = ApplicantFactory()
    theirs = _register(stranger, "20151100210000009", datetime.date(2015, 1, 1), holder=stranger)
    client.force_login(teacher, backend=BACKEND)
    assert client.get(reverse("applicant:certificate_detail", args=[theirs.pk])).status_code == 404


def test_the_helper_answers_on_the_page(client, teacher):
    client.force_login(teacher, backend=BACKEND)
    body = client.post(reverse("applicant:certificates"), {"number": "12345"}).content.decode()
    assert "证书号码不是 15 位或 17 位数字" in body
