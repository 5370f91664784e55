"""Items for the review-queue tests, in a province given by its two digits (山东 37 is our
region in ``office_world``, 湖南 43 the other one).

Rows are written directly (with their photos in private storage), as the applicant-side
services would leave them, so each test states only what it needs; the verdicts under test
go through the services.
"""

from __future__ import annotations

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from teacherreg.accounts.models import DocumentType, IdentityStatus, User
from teacherreg.certificates.models import Certificate, CertificateSource, VerificationState
from teacherreg.documents.storage import private_storage, uuid_name
from teacherreg.identity.models import ManualReview
from teacherreg.identity.services import review_due_date
from teacherreg.records.models import MandarinRecord, RecordSource
from teacherreg.reference.models import GraduationSchool, SchoolStatus
from tests.documents.images import jpeg
from tests.factories import ApplicantFactory, CodeItemFactory, QualificationTypeFactory, RegionFactory
from tests.idnumbers import make_id_number

PROVINCES = {"37": "山东省", "43": "湖南省", "11": "北京市"}
_numbers = itertools.count(100)


def province(code: str):
    return RegionFactory(code=f"{code}0000", name=PROVINCES.get(code, "某省"), is_municipality=code == "11")


def applicant(code: str = "37", **extra: object) -> User:
    """An applicant whose identity-card number belongs to province ``code``; with "" a
    passport holder, who belongs to no province."""
    if not code:
        return ApplicantFactory(document_type=DocumentType.PASSPORT, document_number=f"E{next(_numbers):08d}", **extra)
    number = make_id_number(next(_numbers), region=f"{code}0102")
    return ApplicantFactory(document_number=number, **extra)


def stored_photo() -> str:
    """A landscape scan, as an ID card or a certificate photographed flat."""
    return private_storage.save(uuid_name("queue-tests"), ContentFile(jpeg((640, 400))))


def identity_review(code: str = "37", *, name: str = "", submitted_at: datetime.datetime | None = None) -> ManualReview:
    person = applicant(code, identity_status=IdentityStatus.MANUAL_REVIEW)
    when = submitted_at or timezone.now()
    return ManualReview.objects.create(
        user=person,
        submitted_name=name or person.name,
        document_type=person.document_type,
        front_photo=stored_photo(),
        back_photo=stored_photo(),
        consent_version="test",
        consented_at=when,
        submitted_at=when,
        due_by=review_due_date(when),
        province_code=code,
    )


def manual_certificate(code: str = "37", **extra: object) -> Certificate:
    holder = applicant(code)
    values: dict[str, object] = {
        "number_as_printed": f"2005{code}01021{next(_numbers):06d}",
        "holder": holder,
        "holder_name": holder.name,
        "holder_document_type": DocumentType.ID_CARD,
        "holder_document_number": holder.document_number,
        "qualification_type": QualificationTypeFactory(),
        "issued_on": datetime.date(2005, 7, 1),
        "province": province(code),
        "source": CertificateSource.MANUAL,
        "verification_state": VerificationState.PENDING,
        "scan": stored_photo(),
        "added_by": holder,
        "submitted_at": timezone.now(),
    }
    values.update(extra)
    return Certificate.objects.create(**values)


def mandarin_entry(code: str = "37", **extra: object) -> MandarinRecord:
    owner = applicant(code)
    values: dict[str, object] = {
        "source": RecordSource.ENTERED,
        "owner": owner,
        "grade": CodeItemFactory(kind="mandarin_grade", code="2A", name="二级甲等"),
        "certificate_number": f"PTH-{next(_numbers)}",
        "issued_on": datetime.date(2012, 5, 20),
        "issuing_body": "山东省语言文字工作委员会",
        "scan": stored_photo(),
        "verification_state": "pending",
        "province_code": code,
    }
    values.update(extra)
    return MandarinRecord.objects.create(**values)


def proposed_school(code: str | None = "37", *, name: str = "", **extra: object) -> GraduationSchool:
    values: dict[str, object] = {
        "name": name or f"齐鲁第{next(_numbers)}师范学校",
        "province": province(code) if code else None,
        "school_type": CodeItemFactory(kind="school_type", code="normal", name="师范院校"),
        "status": SchoolStatus.PENDING,
        "created_by": applicant(code or "37"),
    }
    values.update(extra)
    return GraduationSchool.objects.create(**values)
