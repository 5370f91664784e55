"""Adding an older certificate by hand (manual §3.1.2 step 2, 教师资格证添加说明; issue 4 item 3).

The register syncs certificates certified from 2008 on (广西 from 2012 on) and older ones with
a first registration. Anything else the holder adds with a photo of the certificate; it waits
for staff of its province to verify it (``services.verification``).

Holder name and document are always the signed-in account's: a certificate whose holder
details differ must be corrected by the issuing agency first (manual 添加说明 3a–3c).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from teacherreg.accounts.models import User
from teacherreg.audit import services as audit
from teacherreg.certificates.models import (
    SCAN_FOLDER,
    Certificate,
    CertificatePhoto,
    CertificateSource,
    VerificationState,
)
from teacherreg.certificates.services.manual_choices import agency_choices, city_choices, subject_choices
from teacherreg.certificates.services.manual_rules import (
    CertificateNumber,
    Refusal,
    issue_date_refusal,
    number_refusal,
    parse_number,
)
from teacherreg.certificates.services.sync import is_synchronisable
from teacherreg.common.dates import today as shanghai_today
from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.documents.storage import private_storage, uuid_name
from teacherreg.documents.uploads import validate_scan
from teacherreg.organisations.models import Organisation
from teacherreg.reference.models import QualificationType, Region, Subject

MAX_EXTRA_PHOTOS = 3

Upload = bytes | IO[bytes]


@dataclass(frozen=True)
class ManualCertificateData:
    """What the applicant enters (the form's cleaned data); the holder comes from the account."""

    number: str
    issued_on: datetime.date
    province: Region
    city: Region
    qualification_type: QualificationType
    subject: Subject
    agency: Organisation


# ----------------------------------------------------------------------------------------
# Checks


class _Errors:
    """Form-field errors collected from every rule, so the applicant sees them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, code: str, **params: object) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message_for(code, **params), code=code))

    def add_refusal(self, field: str, refusal: Refusal | None) -> None:
        if refusal is not None:
            self.add(field, refusal.code, **refusal.params)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _holder_matches(certificate: Certificate, user: User) -> bool:
    return certificate.holder_document_index == user.document_number_index and certificate.holder_name == user.name


def _existing_refusal(
    number: CertificateNumber, user: User, ignore: Certificate | None
) -> tuple[str | None, Certificate | None]:
    """(code, register record to take over). A 15-digit number and its "19" form are one key."""
    existing = Certificate.objects.filter(number=number.key).exclude(pk=ignore.pk if ignore else None).first()
    if existing is None:
        return None, None
    if existing.source == CertificateSource.SYNCED:
        if is_synchronisable(existing) or not _holder_matches(existing, user):
            return "cert_in_register", None
        # An old record the register holds but does not list (before 2008, no first
        # registration): the manual sends its holder here, so the holder's hand-added
        # details and photo take it over, to be verified like any other.
        return None, existing
    if existing.holder_id == user.pk:
        return "cert_already_yours", None
    return "cert_added_by_other", None


def _check_data(
    user: User, data: ManualCertificateData, errors: _Errors, ignore: Certificate | None = None
) -> tuple[CertificateNumber | None, Certificate | None]:
    number = parse_number(data.number)
    adopt = None
    if number is None:
        errors.add("number", "cert_number_bad_shape")
    else:
        refusal = number_refusal(number, shanghai_today())
        errors.add_refusal("number", refusal)
        if refusal is None:
            code, adopt = _existing_refusal(number, user, ignore)
            if code:
                errors.add("number", code)
        else:
            number = None  # its year is wrong: comparing the issue date with it says nothing more
    if number is not None and number.province_code != data.province.code[:2]:
        errors.add("province", "cert_province_mismatch", province=number.province_code)
    if number is not None and number.qualification_digit != data.qualification_type.code:
        named = QualificationType.objects.filter(code=number.qualification_digit).first()
        errors.add(
            "qualification_type",
            "cert_type_mismatch",
            digit=number.qualification_digit,
            name=named.name if named else "",
        )
    errors.add_refusal("issued_on", issue_date_refusal(number, data.issued_on))
    if data.city not in city_choices(data.province):
        errors.add("city", "cert_city_not_in_province")
    if data.subject not in subject_choices(data.qualification_type, data.province):
        errors.add("subject", "cert_subject_not_offered")
    offered = [
        agency for agency, _name in agency_choices(data.province, data.city, data.qualification_type, data.issued_on)
    ]
    if data.agency not in offered:
        errors.add("agency", "cert_agency_not_offered")
    return number, adopt


def _check_photos(
    scan: Upload | None, extra_photos: Sequence[Upload], errors: _Errors, *, scan_required: bool
) -> tuple[bytes | None, list[bytes]]:
    """P13 for each photo; returns the re-encoded JPEGs (no EXIF, nothing appended)."""
    scan_bytes = None
    if scan is None:
        if scan_required:
            errors.add("scan", "cert_scan_required")
    else:
        try:
            scan_bytes = validate_scan(scan)
        except ValidationError as exc:
            errors.by_field.setdefault("scan", []).extend(exc.error_list)
    extra: list[bytes] = []
    if len(extra_photos) > MAX_EXTRA_PHOTOS:
        errors.add("extra_photos", "cert_too_many_photos", limit=MAX_EXTRA_PHOTOS)
        return scan_bytes, extra
    for n, photo in enumerate(extra_photos, start=1):
        try:
            extra.append(validate_scan(photo))
        except ValidationError as exc:
            errors.add("extra_photos", "cert_extra_photo_bad", n=n, message=exc.messages[0])
    return scan_bytes, extra


def _store(scan: bytes | None, extra: list[bytes]) -> tuple[str | None, list[str]]:
    scan_name = private_storage.save(uuid_name(SCAN_FOLDER), ContentFile(scan)) if scan is not None else None
    return scan_name, [private_storage.save(uuid_name(SCAN_FOLDER), ContentFile(data)) for data in extra]


def _delete_files(names: Sequence[str | None]) -> None:
    for name in names:
        if name:
            private_storage.delete(name)


def after_commit_delete(names: Sequence[str | None]) -> None:
    kept = [name for name in names if name]
    if kept:
        transaction.on_commit(lambda: _delete_files(kept))


def _apply(certificate: Certificate, data: ManualCertificateData) -> None:
    """The applicant's entries, with the agency's name as it was on the issue date."""
    certificate.issued_on = data.issued_on
    certificate.province = data.province
    certificate.city = data.city
    certificate.qualification_type = data.qualification_type
    certificate.subject = data.subject
    certificate.subject_as_printed = data.subject.name
    certificate.issuing_agency = data.agency
    certificate.issuing_agency_name = data.agency.name_on(data.issued_on)


_DATA_FIELDS = [
    "issued_on",
    "province",
    "city",
    "qualification_type",
    "subject",
    "subject_as_printed",
    "issuing_agency",
    "issuing_agency_name",
]


# ----------------------------------------------------------------------------------------
# Use cases


def add_older_certificate(
    user: User, data: ManualCertificateData, scan: Upload | None, extra_photos: Sequence[Upload] = ()
) -> Certificate:
    """Add a certificate the register does not sync, for verification.

    Guards (``ValidationError`` keyed by form field, every broken rule at once): the number's
    shape, year and type digit (``manual_rules``); not in the register, not added by another
    account, not already this account's; issue date bounds; province and type agree with the
    number; city, subject and agency among the choices offered; a P13 scan (required) and at
    most ``MAX_EXTRA_PHOTOS`` extra photos.

    Side effects: photos written to private storage under server-made names (removed again if
    the database work fails); a ``MANUAL`` certificate, 待核验, held by ``user``; an audit
    event. Two accounts adding the same number at once: the unique number lets one through
    and the other hears it was added by another account.
    """
    errors = _Errors()
    number, adopt = _check_data(user, data, errors)
    scan_bytes, extra = _check_photos(scan, extra_photos, errors, scan_required=True)
    errors.raise_if_any()
    assert number is not None  # no errors means the number parsed

    scan_name, photo_names = _store(scan_bytes, extra)
    try:
        with transaction.atomic():
            certificate = _save_new(user, data, number, adopt, scan_name)
            for position, name in enumerate(photo_names, start=1):
                CertificatePhoto.objects.create(certificate=certificate, image=name, position=position)
            audit.record(
                "certificate.manual_added",
                certificate,
                actor=user,
                actor_role="applicant",
                data={
                    "province": data.province.code,
                    "issued_on": data.issued_on.isoformat(),
                    "photos": 1 + len(photo_names),
                    "from_register": adopt is not None,
                },
            )
    except IntegrityError:
        _delete_files([scan_name, *photo_names])
        mine = Certificate.objects.filter(number=number.key, holder=user).exists()
        code = "cert_already_yours" if mine else "cert_added_by_other"
        raise ValidationError({"number": [ValidationError(message_for(code), code=code)]}) from None
    except BaseException:
        _delete_files([scan_name, *photo_names])
        raise
    return certificate


def _save_new(
    user: User, data: ManualCertificateData, number: CertificateNumber, adopt: Certificate | None, scan_name: str | None
) -> Certificate:
    now = timezone.now()
    if adopt is not None:
        certificate = Certificate.objects.select_for_update().get(pk=adopt.pk)
        if certificate.source != CertificateSource.SYNCED or certificate.holder_id not in (None, user.pk):
            raise IntegrityError("taken over meanwhile")
        certificate.from_register = True
    else:
        certificate = Certificate(
            number_as_printed=number.printed,
            holder_name=user.name,
            holder_document_type=user.document_type,
            holder_document_number=user.document_number,
        )
    _apply(certificate, data)
    certificate.holder = user
    certificate.source = CertificateSource.MANUAL
    certificate.verification_state = VerificationState.PENDING
    certificate.scan = scan_name or ""
    certificate.added_by = user
    certificate.submitted_at = now
    certificate.save()
    return certificate


def lock_own_manual(user: User, certificate: Certificate) -> Certificate:
    """The certificate locked for update, if it is this account's hand-added one."""
    locked = Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
    if locked is None or locked.holder_id != user.pk or locked.source != CertificateSource.MANUAL:
        raise DomainError("cert_not_manual")
    return locked


def resubmit_manual_certificate(
    user: User,
    certificate: Certificate,
    data: ManualCertificateData,
    scan: Upload | None = None,
    extra_photos: Sequence[Upload] = (),
) -> Certificate:
    """Correct a rejected hand-added certificate and send it back for verification.

    The number stays (a wrong number: delete it and add the right one). A new scan replaces
    the old one; new extra photos replace the old ones; without them the old ones stay.
    Guards as :func:`add_older_certificate`, and the certificate must be 核验未通过.
    Side effects: 待核验 again, the reason cleared (it stays in the audit log); audit.
    """
    if certificate.holder_id != user.pk or certificate.source != CertificateSource.MANUAL:
        raise DomainError("cert_not_manual")
    if certificate.verification_state != VerificationState.REJECTED:
        raise DomainError("cert_resubmit_not_rejected")
    errors = _Errors()
    data = dataclasses.replace(data, number=certificate.number_as_printed)
    _check_data(user, data, errors, ignore=certificate)
    scan_bytes, extra = _check_photos(scan, extra_photos, errors, scan_required=False)
    errors.raise_if_any()

    scan_name, photo_names = _store(scan_bytes, extra)
    try:
        with transaction.atomic():
            locked = lock_own_manual(user, certificate)
            if locked.verification_state != VerificationState.REJECTED:
                raise DomainError("cert_resubmit_not_rejected")
            replaced: list[str | None] = []
            _apply(locked, data)
            if scan_name:
                replaced.append(locked.scan.name)
                locked.scan = scan_name
            if photo_names:
                old_photos = list(locked.photos.all())
                replaced.extend(photo.image.name for photo in old_photos)
                locked.photos.all().delete()
                for position, name in enumerate(photo_names, start=1):
                    CertificatePhoto.objects.create(certificate=locked, image=name, position=position)
            reason = locked.rejection_reason
            locked.verification_state = VerificationState.PENDING
            locked.rejection_reason = ""
            locked.verified_at = None
            locked.verified_by = None
            locked.submitted_at = timezone.now()
            locked.save(
                update_fields=[
                    *_DATA_FIELDS,
                    "scan",
                    "verification_state",
                    "rejection_reason",
                    "verified_at",
                    "verified_by",
                    "submitted_at",
                ]
            )
            audit.record(
                "certificate.manual_resubmitted",
                locked,
                actor=user,
                actor_role="applicant",
                data={"previous_reason": reason, "new_scan": bool(scan_name), "new_photos": len(photo_names)},
            )
            after_commit_delete(replaced)
    except BaseException:
        _delete_files([scan_name, *photo_names])
        raise
    return locked
