"""人工审核: manual identity review with ID-card photos (manual §2.1 items 4–5, P6, P9, P10).

Lock order everywhere: the user row, then the review row (verification locks only the user),
so a request and a decision for the same person cannot deadlock.
"""

from __future__ import annotations

import datetime
import logging
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from teacherreg.accounts.models import DocumentType, IdentityStatus, User, UserKind
from teacherreg.accounts.validation import validate_name
from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.documents.storage import private_storage, uuid_name
from teacherreg.documents.uploads import validate_scan
from teacherreg.identity.consent import CONSENT_VERSION, photo_retention_days
from teacherreg.identity.models import REVIEW_WORKING_DAYS, ManualReview, ReviewStatus
from teacherreg.identity.notifications import REVIEW_APPROVED, REVIEW_RECEIVED, REVIEW_REJECTED, notify_applicant
from teacherreg.identity.services.verification import SHANGHAI, on_verified_name_change
from teacherreg.reference.services import add_working_days

logger = logging.getLogger(__name__)

PHOTO_FOLDER = "identity-reviews"


def latest_review(user: User) -> ManualReview | None:
    """The pending review, or else the most recent decided one (for the status block)."""
    return ManualReview.objects.filter(user=user).order_by("-submitted_at", "-pk").first()


def review_province_code(user: User) -> str:
    """The province whose administrators review this account: GB/T 2260 province digits of an
    18-digit identity-card or residence-permit number; "" for every other document."""
    number = user.document_number or ""
    if user.document_type in {"id_card", "hmt_residence_permit"} and len(number) == 18:
        return number[:2]
    return ""


def review_due_date(submitted_at: datetime.datetime) -> datetime.date:
    """7 working days after the Asia/Shanghai day of submission (P10: holidays and 调休)."""
    return add_working_days(timezone.localtime(submitted_at, SHANGHAI).date(), REVIEW_WORKING_DAYS)


def check_can_request_review(user: User, name: str | None = None) -> None:
    """Guards of :func:`request_manual_review` that do not need the photos (pages use them to
    decide whether to show the form)."""
    if user.kind != UserKind.APPLICANT:
        raise DomainError("identity_not_applicant")
    if ManualReview.objects.pending().filter(user=user).exists():
        raise DomainError("identity_review_pending")
    # Manual §2.1 item 4: a 居民身份证 holder asks for review after the online check failed.
    if user.document_type == DocumentType.ID_CARD and user.identity_status == IdentityStatus.UNVERIFIED:
        raise DomainError("identity_review_not_yet")
    # A verified account may ask for review only to have a new name confirmed (P9).
    if name is not None and user.identity_status == IdentityStatus.VERIFIED and name == user.name:
        raise DomainError("identity_already_verified")


def request_manual_review(
    user: User,
    *,
    name: str,
    front: bytes | IO[bytes] | None,
    back: bytes | IO[bytes] | None,
    consent_version: str,
) -> ManualReview:
    """Submit the two ID-card photos for review.

    Guards: ``DomainError`` — applicants only, consent given to the current text, no pending
    review, a 居民身份证 account has tried the online check first, a verified account asks only
    for a different name. ``ValidationError`` keyed ``name``/``front``/``back`` — P5 name, P13
    scans (each photo is re-encoded: no EXIF, no appended data).

    Side effects: the photos are written to private storage under UUID names (and removed
    again if the database work fails); the review gets its due date (7 working days); an
    unverified account shows 人工审核中 (a verified one stays verified, P9); audit; the
    applicant is told it was received.
    """
    if not consent_version:
        raise DomainError("identity_review_consent_required")
    if consent_version != CONSENT_VERSION:
        raise DomainError("identity_review_consent_outdated")
    try:
        name = validate_name(name, user.document_type)
    except ValidationError as exc:
        raise ValidationError({"name": exc.error_list}) from None
    check_can_request_review(user, name)
    photos = _checked_photos(front, back)

    stored = [private_storage.save(uuid_name(PHOTO_FOLDER), ContentFile(data)) for data in photos]
    try:
        with transaction.atomic():
            account = User.objects.select_for_update().get(pk=user.pk)
            check_can_request_review(account, name)
            now = timezone.now()
            review = ManualReview.objects.create(
                user=account,
                submitted_name=name,
                document_type=account.document_type,
                front_photo=stored[0],
                back_photo=stored[1],
                consent_version=consent_version,
                consented_at=now,
                submitted_at=now,
                due_by=review_due_date(now),
                province_code=review_province_code(account),
            )
            old_status = account.identity_status
            if old_status != IdentityStatus.VERIFIED:
                account.identity_status = IdentityStatus.MANUAL_REVIEW
                account.save(update_fields=["identity_status"])
            audit.record(
                "identity.review_requested",
                review,
                actor=account,
                data={
                    "user": account.pk,
                    "status": [old_status, account.identity_status],
                    "due_by": review.due_by.isoformat(),
                    "consent_version": consent_version,
                },
            )
            notify_applicant(
                account,
                REVIEW_RECEIVED,
                {"due_by": review.due_by.isoformat()},
                dedupe_key=f"identity_review:{review.pk}:received",
            )
    except IntegrityError:
        # Two submissions at once: the one-pending constraint let one through.
        _delete_files(stored)
        raise DomainError("identity_review_pending") from None
    except BaseException:
        _delete_files(stored)
        raise
    user.identity_status = account.identity_status
    return review


def approve_review(review: ManualReview, *, by: User, note: str = "") -> ManualReview:
    """Staff confirm the identity: the account becomes verified and takes the reviewed name (P9).

    Guards: ``by`` is staff; the review is still pending. Side effects: audit, the applicant
    is told, ``on_verified_name_change`` when the name changed.
    """
    with transaction.atomic():
        account, review = _lock_for_decision(review, by)
        old_name, old_status = account.name, account.identity_status
        review.status = ReviewStatus.APPROVED
        review.note = note.strip()
        review.reviewer = by
        review.decided_at = timezone.now()
        review.save(update_fields=["status", "note", "reviewer", "decided_at"])
        account.identity_status = IdentityStatus.VERIFIED
        account.name = review.submitted_name
        account.save(update_fields=["identity_status", "name"])
        if old_name != account.name:
            on_verified_name_change(account, old_name, account.name)
        audit.record(
            "identity.review_approved",
            review,
            actor=by,
            actor_role="admin",
            data={
                "user": account.pk,
                "status": [old_status, account.identity_status],
                "name_changed": old_name != account.name,
            },
        )
        notify_applicant(account, REVIEW_APPROVED, {}, dedupe_key=f"identity_review:{review.pk}:approved")
    return review


def reject_review(review: ManualReview, *, by: User, reason: str) -> ManualReview:
    """Staff refuse the review with a reason the applicant sees.

    Guards: a non-blank reason; ``by`` is staff; the review is still pending. The account
    shows 核验未通过 unless it was already verified, which it stays (P9). Audit; the applicant
    is told, with the reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("identity_review_reason_required")
    with transaction.atomic():
        account, review = _lock_for_decision(review, by)
        old_status = account.identity_status
        review.status = ReviewStatus.REJECTED
        review.reason = reason
        review.reviewer = by
        review.decided_at = timezone.now()
        review.save(update_fields=["status", "reason", "reviewer", "decided_at"])
        if old_status != IdentityStatus.VERIFIED:
            account.identity_status = IdentityStatus.FAILED
            account.save(update_fields=["identity_status"])
        audit.record(
            "identity.review_rejected",
            review,
            actor=by,
            actor_role="admin",
            data={"user": account.pk, "status": [old_status, account.identity_status], "reason": reason},
        )
        notify_applicant(
            account, REVIEW_REJECTED, {"reason": reason}, dedupe_key=f"identity_review:{review.pk}:rejected"
        )
    return review


def _lock_for_decision(review: ManualReview, by: User) -> tuple[User, ManualReview]:
    """Lock the user, then the review (the order every writer uses), and re-check the review."""
    if not (by.is_active and by.is_staff):
        raise DomainError("identity_review_not_staff")
    account = User.objects.select_for_update().get(pk=review.user_id)
    locked = ManualReview.objects.select_for_update().get(pk=review.pk)
    if not locked.is_pending:
        raise DomainError("identity_review_already_decided")
    return account, locked


def purge_decided_review_photos(now: datetime.datetime | None = None) -> int:
    """Delete the photos of reviews decided at least ``TEACHERREG_IDENTITY_PHOTO_RETENTION_DAYS``
    (default 30) days ago; the review row and its decision stay. Returns how many reviews
    were purged. Run daily by the huey task of the same name."""
    now = now or timezone.now()
    days = photo_retention_days()
    cutoff = now - datetime.timedelta(days=days)
    purged = 0
    due = ManualReview.objects.filter(decided_at__lte=cutoff, photos_purged_at__isnull=True).exclude(
        status=ReviewStatus.PENDING
    )
    for review in due.order_by("pk").iterator():
        with transaction.atomic():
            names = [f.name for f in (review.front_photo, review.back_photo) if f.name]
            review.front_photo = ""
            review.back_photo = ""
            review.photos_purged_at = now
            review.save(update_fields=["front_photo", "back_photo", "photos_purged_at"])
            audit.record("identity.review_photos_purged", review, data={"retention_days": days, "files": len(names)})
            # Delete the files only once the row no longer points at them.
            transaction.on_commit(lambda names=names: _delete_files(names))
        purged += 1
    return purged


def _checked_photos(front: bytes | IO[bytes] | None, back: bytes | IO[bytes] | None) -> list[bytes]:
    errors: dict[str, list[ValidationError]] = {}
    photos: list[bytes] = []
    for key, upload, missing in (
        ("front", front, "identity_review_front_required"),
        ("back", back, "identity_review_back_required"),
    ):
        if upload is None:
            errors[key] = [ValidationError(message_for(missing), code=missing)]
            continue
        try:
            photos.append(validate_scan(upload))
        except ValidationError as exc:
            errors[key] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return photos


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:
            logger.exception("could not delete private file %s", name)
