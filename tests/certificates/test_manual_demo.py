"""The demo's hand-added certificates get a photo and show every verification state."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.certificates.models import CertificateSource, VerificationState
from teacherreg.demo.manual_certificates import build_manual_certificates
from teacherreg.documents.uploads import validate_scan
from tests.factories import CertificateFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_each_gets_a_photo_and_the_states_are_mixed(world, private_root):
    StaffFactory(is_superuser=True)
    certificates = [
        CertificateFactory(
            number_as_printed=f"2003370102100000{i}",
            source=CertificateSource.MANUAL,
            verification_state=VerificationState.PENDING,
            issued_on=datetime.date(2003, 7, 1),
            province=world.shandong,
            issuing_agency=world.lixia_office,
        )
        for i in range(3)
    ]

    assert build_manual_certificates(datetime.date(2026, 11, 28)) == 3

    states = []
    for certificate in certificates:
        certificate.refresh_from_db()
        states.append(certificate.verification_state)
        validate_scan((private_root / certificate.scan.name).read_bytes())  # passes P13
        assert certificate.city == world.jinan and certificate.submitted_at is not None
    assert states == ["pending", "verified", "rejected"]
    assert certificates[2].rejection_reason
