"""Applicant-entered records: add, change, delete, verify; and what locks them.

Each state change is one function (style.md lesson 2): check the guard (``DomainError`` with
a catalogue code, or ``ValidationError`` keyed by field for input), change inside
``transaction.atomic()``, save, write the audit event.

Locking (manual §2.1): a record chosen in a live application (P14's ``LIVE``: submitted and
not withdrawn or lapsed) cannot be changed or deleted here; the applicant is sent to the
agency. The application's submit must take the chosen record rows ``FOR UPDATE`` too, so an
edit here and a submit there cannot both pass their checks at once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from teacherreg.accounts.models import UserKind
from teacherreg.audit import services as audit
from teacherreg.common.dates import today as shanghai_today
from teacherreg.common.errors import DomainError
from teacherreg.documents.storage import private_storage, uuid_name
from teacherreg.documents.uploads import validate_scan
from teacherreg.identity.services.review import review_province_code
from teacherreg.records.kinds import KINDS, Kind, kind_of
from teacherreg.records.models import SCAN_FOLDER, BaseRecord, RecordSource, VerificationState
from teacherreg.registration.workflow import LIVE

logger = logging.getLogger(__name__)

# Manual §2: certificates and diplomas of people still teaching; earlier dates are typos.
EARLIEST_DATE = datetime.date(1950, 1, 1)

Upload = bytes | IO[bytes]


# ----------------------------------------------------------------------------------------
# Reading


def check_record_date(day: datetime.date) -> None:
    """A certificate or graduation date: not in the future, not before 1950."""
    if day > shanghai_today():
        raise DomainError("records_date_future")
    if day < EARLIEST_DATE:
        raise DomainError("records_date_too_early")


def entries_of(user, kind: Kind):
    """The applicant's own entered records of one kind, still shown."""
    return kind.model.objects.entered_by(user)


def own_entry(user, kind: Kind, pk: int) -> BaseRecord:
    """One of ``user``'s entered records, or ``records_not_found`` (also for other people's)."""
    record = entries_of(user, kind).filter(pk=pk).first()
    if record is None:
        raise DomainError("records_not_found")
    return record


def is_locked(record: BaseRecord) -> bool:
    """True when a live application references ``record`` (manual §2.1)."""
    kind = kind_of(record)
    if kind.application_field is None or record.pk is None:
        return False
    return record.applications.filter(status__in=LIVE).exists()


def locked_ids(kind: Kind, ids: Iterable[int]) -> set[int]:
    """The ids among ``ids`` that a live application references: one query for a list page."""
    ids = [pk for pk in ids if pk is not None]
    if kind.application_field is None or not ids:
        return set()
    from teacherreg.registration.models import Application

    field = kind.application_field
    found = Application.objects.filter(status__in=LIVE, **{f"{field}__in": ids}).values_list(f"{field}_id", flat=True)
    return set(found)


# ----------------------------------------------------------------------------------------
# Changing an entry


def add_entry(user, kind: Kind, data: Mapping[str, Any], scan: Upload | None) -> BaseRecord:
    """Record a certificate the applicant typed in, with its scan; it waits for review.

    Guards: applicants only; the date (:func:`check_record_date`); the number not already one
    of the applicant's own entries or in their national records of this kind; the scan present
    and valid under P13 (``ValidationError`` keyed ``scan``; it is re-encoded, so no EXIF).
    Side effects: the scan in private storage under a server-chosen name (removed again if
    the database work fails); the province whose staff review it, from the owner's document;
    audit ``records.entry_added``.
    """
    if getattr(user, "kind", None) != UserKind.APPLICANT:
        raise DomainError("records_applicant_only")
    values = _clean(kind, data)
    _check_not_duplicate(user, kind, values["certificate_number"])
    if scan is None:
        raise ValidationError({"scan": [DomainError("records_scan_required").message]})
    stored = _store_scan(scan)
    try:
        with transaction.atomic():
            record = kind.model(
                source=RecordSource.ENTERED,
                owner=user,
                scan=stored,
                verification_state=VerificationState.PENDING,
                province_code=review_province_code(user),
                **values,
            )
            record.save()
            audit.record(
                "records.entry_added",
                record,
                actor=user,
                data={"kind": kind.slug, "certificate_number": values["certificate_number"]},
            )
    except BaseException:
        _delete_files([stored])
        raise
    return record


def update_entry(user, record: BaseRecord, data: Mapping[str, Any], scan: Upload | None = None) -> BaseRecord:
    """Change an entry; it goes back to 待核验 (a reviewer must look at it again).

    Guards: the applicant's own entered record (``records_not_found``); national rows are
    read-only (``records_not_editable``); not locked by a live application (``records_locked``);
    the same input rules as :func:`add_entry`. A new scan replaces the old one, whose file is
    deleted once the change is committed. Audit ``records.entry_updated`` with old and new values.
    """
    kind = kind_of(record)
    _check_owner(user, record)
    values = _clean(kind, data)
    _check_not_duplicate(user, kind, values["certificate_number"], exclude=record.pk)
    stored = _store_scan(scan) if scan is not None else None
    try:
        with transaction.atomic():
            current = kind.model.objects.select_for_update().get(pk=record.pk)
            _check_owner(user, current)
            if is_locked(current):
                raise DomainError("records_locked")
            changes = {
                name: [_plain(getattr(current, name)), _plain(value)]
                for name, value in values.items()
                if getattr(current, name) != value
            }
            old_scan = current.scan.name
            for name, value in values.items():
                setattr(current, name, value)
            if stored is not None:
                current.scan = stored
                changes["scan"] = ["replaced", "replaced"]
            old_state = current.verification_state
            current.verification_state = VerificationState.PENDING
            current.rejection_reason = ""
            current.reviewed_by = None
            current.reviewed_at = None
            current.save()
            audit.record(
                "records.entry_updated",
                current,
                actor=user,
                data={"kind": kind.slug, "changes": changes, "state": [old_state, current.verification_state]},
            )
            if stored is not None and old_scan:
                transaction.on_commit(lambda: _delete_files([old_scan]))
    except BaseException:
        if stored is not None:
            _delete_files([stored])
        raise
    return current


def delete_entry(user, record: BaseRecord) -> None:
    """Delete an entry. Guards as :func:`update_entry`.

    A row that a withdrawn or lapsed application still points at is kept for that
    application's history and only hidden (``removed_at``); any other row and its scan go.
    Audit ``records.entry_deleted``.
    """
    kind = kind_of(record)
    _check_owner(user, record)
    with transaction.atomic():
        current = kind.model.objects.select_for_update().get(pk=record.pk)
        _check_owner(user, current)
        if is_locked(current):
            raise DomainError("records_locked")
        referenced = kind.application_field is not None and current.applications.exists()
        audit.record(
            "records.entry_deleted",
            current,
            actor=user,
            data={"kind": kind.slug, "kept_for_history": referenced},
        )
        if referenced:
            current.removed_at = timezone.now()
            current.save(update_fields=["removed_at", "updated_at"])
        else:
            scan = current.scan.name
            current.delete()
            if scan:
                transaction.on_commit(lambda: _delete_files([scan]))


def verify_entry(staff, entry: BaseRecord, accepted: bool, reason: str = "") -> BaseRecord:
    """A reviewer's verdict on an entered record: 已核验, or 核验未通过 with the reason the
    applicant is shown.

    Guards: ``staff`` is a staff account (``records_not_staff``); the record is an entered one
    still 待核验 (``records_already_decided``); a rejection has a reason
    (``records_reason_required``). Audit ``records.entry_verified`` / ``records.entry_rejected``.
    """
    reason = (reason or "").strip()
    if not getattr(staff, "is_staff", False):
        raise DomainError("records_not_staff")
    if not accepted and not reason:
        raise DomainError("records_reason_required")
    kind = kind_of(entry)
    with transaction.atomic():
        current = kind.model.objects.select_for_update().get(pk=entry.pk)
        if current.source != RecordSource.ENTERED or current.verification_state != VerificationState.PENDING:
            raise DomainError("records_already_decided")
        current.verification_state = VerificationState.VERIFIED if accepted else VerificationState.REJECTED
        current.rejection_reason = "" if accepted else reason
        current.reviewed_by = staff
        current.reviewed_at = timezone.now()
        current.save(update_fields=["verification_state", "rejection_reason", "reviewed_by", "reviewed_at"])
        audit.record(
            "records.entry_verified" if accepted else "records.entry_rejected",
            current,
            actor=staff,
            actor_role="admin",
            data={"kind": kind.slug, "owner": current.owner_id, "reason": current.rejection_reason},
        )
    return current


def choices_for_application(user):
    """What step 2 of the application offers (see ``records.overview.choices_for_application``)."""
    from teacherreg.records.overview import choices_for_application as choices

    return choices(user)


# ----------------------------------------------------------------------------------------
# Helpers


def _check_owner(user, record: BaseRecord) -> None:
    if record.source != RecordSource.ENTERED:
        raise DomainError("records_not_editable")
    if record.owner_id != getattr(user, "pk", None) or record.removed_at is not None:
        raise DomainError("records_not_found")


def _clean(kind: Kind, data: Mapping[str, Any]) -> dict[str, Any]:
    """The kind's fields from ``data``, trimmed, the date checked, the school's name copied."""
    values: dict[str, Any] = {}
    for name in kind.fields:
        value = data.get(name)
        values[name] = value.strip() if isinstance(value, str) else value
    day = values.get(kind.date_field)
    if day is not None:
        try:
            check_record_date(day)
        except DomainError as exc:
            raise ValidationError({kind.date_field: [exc.message]}) from None
    if "graduation_school" in values:
        school = values["graduation_school"]
        values["school_name"] = school.name if school is not None else ""
    return values


def _check_not_duplicate(user, kind: Kind, number: str, exclude: int | None = None) -> None:
    own = entries_of(user, kind).filter(certificate_number=number)
    if exclude is not None:
        own = own.exclude(pk=exclude)
    if own.exists():
        raise ValidationError({"certificate_number": [DomainError("records_duplicate_entry", number=number).message]})
    if kind.national:
        from teacherreg.records.overview import national_rows

        if any(row.certificate_number == number for row in national_rows(user, kind)):
            raise ValidationError({"certificate_number": [DomainError("records_in_national", number=number).message]})


def _store_scan(scan: Upload) -> str:
    """P13 check, then the re-encoded JPEG in private storage. Raises ``ValidationError`` keyed ``scan``."""
    try:
        data = validate_scan(scan)
    except ValidationError as exc:
        raise ValidationError({"scan": exc.error_list}) from None
    return private_storage.save(uuid_name(SCAN_FOLDER), ContentFile(data))


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:  # the row is what matters; a stray file is found by the purge job
            logger.warning("could not delete private file %s", name)


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value for the audit event."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


__all__ = [
    "KINDS",
    "add_entry",
    "check_record_date",
    "choices_for_application",
    "delete_entry",
    "entries_of",
    "is_locked",
    "locked_ids",
    "own_entry",
    "update_entry",
    "verify_entry",
]
