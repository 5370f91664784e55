import datetime

import pytest

from teacherreg.certificates.models import Restriction, RestrictionKind
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "ends_on"),
    [
        (RestrictionKind.LOST, None),  # for life
        (RestrictionKind.REVOKED_CONDUCT, datetime.date(2025, 2, 28)),
        (RestrictionKind.REVOKED_FRAUD, datetime.date(2025, 2, 28)),
        (RestrictionKind.EXAM_CHEATING, datetime.date(2023, 2, 28)),
    ],
)
def test_it_sets_the_official_duration_from_a_leap_day(kind, ends_on):
    cert = CertificateFactory()
    restriction = Restriction.objects.create(
        kind=kind,
        holder_document_number=cert.holder_document_number,
        certificate=cert,
        starts_on=datetime.date(2020, 2, 29),
    )
    assert restriction.ends_on == ends_on


def test_it_is_in_force_from_its_start_until_the_day_before_its_end():
    cert = CertificateFactory()
    restriction = Restriction.objects.create(
        kind=RestrictionKind.EXAM_CHEATING,
        holder_document_number=cert.holder_document_number,
        starts_on=datetime.date(2022, 6, 1),
    )
    assert not restriction.in_force_on(datetime.date(2022, 5, 31))
    assert restriction.in_force_on(datetime.date(2022, 6, 1))
    assert restriction.in_force_on(datetime.date(2025, 5, 31))
    assert not restriction.in_force_on(datetime.date(2025, 6, 1))
    restriction.is_lifted = True
    assert not restriction.in_force_on(datetime.date(2023, 1, 1))


def test_a_15_digit_number_is_keyed_with_19_in_front():
    cert = CertificateFactory(number_as_printed="981100210000123")
    assert cert.number == "19981100210000123"
    assert cert.number_as_printed == "981100210000123"
    assert cert.certification_year == 1998
