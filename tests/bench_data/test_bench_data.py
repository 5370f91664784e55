"""``manage.py bench_data`` at a tiny size: real rows, found the real way, and a reset that
removes only what the bench made."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from teacherreg.accounts.models import User, UserKind
from teacherreg.certificates.models import Certificate
from teacherreg.certificates.services import third_party
from teacherreg.certificates.services.sync import register_matches
from teacherreg.common import idnumber
from teacherreg.organisations.models import Organisation
from teacherreg.reference.models import RegionLevel
from teacherreg.registration.models import Application, Decision
from tests.factories import ApplicationFactory, QualificationTypeFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reference():
    """What the command reads from the reference tables: the bench province and a type."""
    RegionFactory(code="650000", name="新疆维吾尔自治区", level=RegionLevel.PROVINCE, is_municipality=False)
    QualificationTypeFactory()


def bench_certificates():
    return Certificate.objects.filter(issuing_agency__name__startswith="基准·")


def test_it_builds_the_sizes_asked_for():
    call_command("bench_data", "--certificates", "50", "--applications", "30", stdout=StringIO())

    assert bench_certificates().count() == 50
    # One account per teacher who applies: 30 at the big agency, 15 of them again elsewhere.
    assert User.objects.filter(kind=UserKind.APPLICANT, certificates__in=bench_certificates()).count() == 30
    big = Organisation.objects.get(name="基准·659001区教育和体育局")
    assert Application.objects.filter(agency=big).count() == 30
    assert Application.objects.filter(agency__name__startswith="基准·").exclude(agency=big).count() == 15
    # 24 this year (80 %), 6 last year.
    years = sorted(
        Application.objects.filter(agency=big).order_by().values_list("registration_year", flat=True).distinct()
    )
    assert len(years) == 2
    assert Application.objects.filter(agency=big, registration_year=years[1]).count() == 24
    assert Application.objects.filter(agency=big).order_by().values("status").distinct().count() > 3
    assert Decision.objects.filter(application__agency=big).exists()
    assert User.objects.filter(username__in=["bench-operator", "bench-county", "bench-province"]).count() == 3


def test_it_stores_personal_data_encrypted_and_findable_by_blind_index():
    call_command("bench_data", "--certificates", "50", "--applications", "30", stdout=StringIO())
    certificate = bench_certificates().order_by("pk")[7]

    assert idnumber.has_valid_checksum(certificate.holder_document_number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT holder_document_number FROM certificates_certificate WHERE id = %s", [certificate.pk])
        stored = cursor.fetchone()[0]
    assert certificate.holder_document_number not in stored
    assert stored.startswith("t2:")
    # The third-party query finds it through the holder's name, number and blind index.
    found = third_party.query(
        name=certificate.holder_name,
        document_number=certificate.holder_document_number,
        certificate_number=certificate.number,
        phone="13700000000",
        ip="127.0.0.1",
    )
    assert found is not None
    assert found.qualification_type == "小学教师资格"
    # And the holder's account sees it in the register (index and name match).
    assert list(register_matches(certificate.holder)) == [certificate]
    application = Application.objects.filter(certificate=certificate).first()
    assert application.document_number == certificate.holder_document_number


def test_reset_removes_only_bench_rows():
    own = ApplicationFactory()
    call_command("bench_data", "--certificates", "50", "--applications", "30", stdout=StringIO())

    call_command("bench_data", "--reset", stdout=StringIO())

    assert not Organisation.objects.filter(name__startswith="基准·").exists()
    assert not bench_certificates().exists()
    assert not User.objects.filter(username__startswith="bench-").exists()
    assert list(Application.objects.all()) == [own]
    assert list(Certificate.objects.all()) == [own.certificate]
    assert list(User.objects.all()) == [own.applicant]


def test_it_refuses_a_second_build_without_reset():
    call_command("bench_data", "--certificates", "20", "--applications", "10", stdout=StringIO())

    with pytest.raises(CommandError, match="--reset"):
        call_command("bench_data", "--certificates", "20", "--applications", "10", stdout=StringIO())


def test_it_refuses_more_applicants_than_certificates():
    with pytest.raises(CommandError, match="证书数不能少于申请数"):
        call_command("bench_data", "--certificates", "10", "--applications", "20", stdout=StringIO())
