"""后台采集: an agency enters an application for a teacher who cannot apply online (issue 6
item 4; domain.md §2.1 ``data_from`` 1).

Two services, each with its guard and one audit trail:

``open_teacher(staff, agency, teacher)`` finds the teacher's account by document number, or
opens one for them (no password: ``opened_by_office``; the teacher may take it over later by
signing up, as P7 lets a legacy account be taken over). The staff member has checked the
original ID document at the counter, which stands in for the online real-name check of P8:
the account's identity becomes 核验通过, recorded as a counter check by that staff member. An
existing account keeps its name (P9): a different name is refused, never overwritten. The
register's certificates are then synced to the account, as the personal centre does.

``enter_application(...)`` applies exactly the rules of an online submission — step 2's
answers (``steps.check_complete``), the pre-check (P19 blockers, P14 live application, P17
open window), the certificate and records belonging to the teacher — and creates the
application through ``submission.record_application`` with ``source=后台采集`` and the staff
member as ``entered_by``. It starts in 网报待确认 like any other and goes through the same
confirmation and review chain. Only the staff member's own agency can be chosen. The same
idempotency key returns the application already made (a double click or a retried request).
The photo is taken as uploaded when it passes P13's strict check, otherwise fixed with the
default crop ("a photo that fixes itself"); a teacher who already has an accepted photo may
keep it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from teacherreg.accounts.models import IdentityStatus, User, UserKind
from teacherreg.accounts.services.signup import existing_account
from teacherreg.audit import services as audit
from teacherreg.certificates.services.sync import sync_certificates
from teacherreg.common.errors import DomainError
from teacherreg.documents import photos
from teacherreg.documents.models import ApplicantPhoto, latest_photo
from teacherreg.documents.photo_fix import default_crop
from teacherreg.organisations.models import Organisation
from teacherreg.registration import texts
from teacherreg.registration.models import Application
from teacherreg.registration.services import steps
from teacherreg.registration.services.submission import p14_error, passing_precheck, record_application
from teacherreg.registration.workflow import Actor

ROLE = Actor.COUNTY_REVIEWER


@dataclass(frozen=True)
class Teacher:
    """Who the teacher is, as read from the original document at the counter."""

    document_type: str
    document_number: str  # validated and normalised (accounts.validation.validate_document)
    name: str  # validated (validate_name)
    sex: str
    birth_date: datetime.date
    ethnic_group: Any
    phone: str  # validated mobile number, for the notices of the application


def open_teacher(staff: User, agency: Organisation, teacher: Teacher, *, checked_in_person: bool) -> User:
    """The teacher's account, found or opened, with its identity verified at the counter.
    Raises ``DomainError`` when the ID was not checked or the account cannot be used."""
    if not checked_in_person:
        raise DomainError("entry_identity_not_checked")
    user = existing_account(teacher.document_number)
    if user is None:
        user = _open_account(staff, agency, teacher)
    if user.kind != UserKind.APPLICANT or not user.is_active:
        raise DomainError("entry_account_disabled")
    if user.name != teacher.name:
        raise DomainError("entry_name_mismatch")
    if user.identity_status != IdentityStatus.VERIFIED:
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=user.pk)
            before = locked.identity_status
            locked.identity_status = IdentityStatus.VERIFIED
            locked.save(update_fields=["identity_status"])
            audit.record(
                "identity.counter_check",
                locked,
                actor=staff,
                actor_role=ROLE,
                actor_organisation_id=agency.pk,
                data={"status": [before, IdentityStatus.VERIFIED]},
            )
        user.identity_status = IdentityStatus.VERIFIED
    sync_certificates(user, actor=staff, actor_role=ROLE)
    return user


def _open_account(staff: User, agency: Organisation, teacher: Teacher) -> User:
    try:
        with transaction.atomic():
            user = User(
                kind=UserKind.APPLICANT,
                document_type=teacher.document_type,
                document_number=teacher.document_number,
                name=teacher.name,
                sex=teacher.sex,
                birth_date=teacher.birth_date,
                ethnic_group=teacher.ethnic_group,
                phone=teacher.phone,
                opened_by_office=True,
            )
            user.set_unusable_password()  # nobody signs in until the teacher takes it over
            user.save()
            audit.record(
                "account.opened_by_office", user, actor=staff, actor_role=ROLE, actor_organisation_id=agency.pk
            )
            return user
    except IntegrityError:
        # Opened a moment ago by a colleague (the blind index is unique): use that one.
        found = existing_account(teacher.document_number)
        if found is None:
            raise
        return found


def photo_for(staff: User, teacher: User, upload: bytes | None) -> ApplicantPhoto:
    """The photo the application will carry: the upload (checked, or fixed when the strict
    check refuses it), else the photo the teacher already accepted."""
    if not upload:
        existing = latest_photo(teacher)
        if existing is None:
            raise DomainError("entry_photo_required")
        return existing
    try:
        pending = photos.store_checked(teacher, upload)
    except ValidationError:
        try:
            original = photos.store_original(teacher, upload)
        except ValidationError as exc:
            raise DomainError("entry_photo_unusable", reason=" ".join(exc.messages)) from None
        pending, _clamped = photos.make_fixed(teacher, original, default_crop(original.width, original.height))
    return photos.accept(teacher, pending, actor=staff)


def enter_application(
    staff: User,
    agency: Organisation,
    teacher: User,
    info: dict[str, Any],
    choice: dict[str, Any],
    *,
    photo_upload: bytes | None,
    pledge_signed: bool,
    idempotency_key: Any,
    today: datetime.date,
) -> Application:
    """Create the application for ``teacher``; see the module docstring. Raises ``DomainError``."""
    try:
        key = uuid.UUID(str(idempotency_key))
    except (TypeError, ValueError):
        raise DomainError("application_stale_submit") from None
    found = Application.objects.filter(idempotency_key=key).first()
    if found is not None:
        if found.entered_by_id != staff.pk or found.applicant_id != teacher.pk:
            raise DomainError("application_stale_submit")
        return found
    if not pledge_signed:
        raise DomainError("entry_pledge_not_signed")
    if teacher.identity_status != IdentityStatus.VERIFIED:
        raise DomainError("application_identity_required")

    resolved = steps.resolve(teacher, info, choice)
    steps.check_complete(resolved, teacher.birth_date, today)
    if resolved.agency is None or resolved.agency.pk != agency.pk:
        raise DomainError("entry_other_agency")
    result = passing_precheck(teacher, resolved, today)
    photo = photo_for(staff, teacher, photo_upload)

    try:
        with transaction.atomic():
            return record_application(
                teacher,
                key,
                resolved,
                result,
                photo,
                # The teacher read and signed the agreement and pledge on paper at the counter.
                agreement_version=texts.AGREEMENT_VERSION,
                agreement_accepted_at=timezone.now(),
                entered_by=staff,
            )
    except IntegrityError:
        found = Application.objects.filter(idempotency_key=key, entered_by=staff).first()
        if found is not None:
            return found
        raise p14_error(teacher, resolved, result.year) from None
