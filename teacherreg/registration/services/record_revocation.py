"""撤销注册 of a registration that has no case here (issue 6 item 4; P19).

Registrations made before this system, or by another one, arrive by import as records of the
certificate only (``RegistrationRecord`` without an application). The province can revoke them
too: a 撤销注册 record is added beside the 合格 one, which the pre-check reads as a five-year
block, exactly as a revocation on a case does (``review.revoke_registration``). A registration
that came from a case here is revoked on that case, so its status moves with it.

Both services are the province reviewer's, for certificates of their own province, and leave
an audit event on the certificate (there is no case timeline to write to).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from teacherreg.audit import services as audit
from teacherreg.certificates.models import Certificate, Conclusion, RegistrationRecord
from teacherreg.common.errors import DomainError
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, DecisionOutcome
from teacherreg.registration.review_reasons import reason_labels
from teacherreg.registration.services.review_common import clean_note, clean_reasons
from teacherreg.registration.workflow import Actor


def _check_province(certificate: Certificate, organisation: Organisation) -> None:
    if certificate.province_id is None or certificate.province_id != organisation.region_id:
        raise DomainError("record_other_province")


def _has_case(record: RegistrationRecord) -> bool:
    return bool(record.application_number) and Application.objects.filter(number=record.application_number).exists()


def _check_no_case(record: RegistrationRecord) -> None:
    if _has_case(record):
        raise DomainError("record_has_case", number=record.application_number)


def revocable(record: RegistrationRecord) -> bool:
    """A 合格 record with no case here and no revocation on or after its date."""
    if record.conclusion != Conclusion.QUALIFIED or _has_case(record):
        return False
    return not RegistrationRecord.objects.filter(
        certificate_id=record.certificate_id, conclusion=Conclusion.REVOKED, decided_on__gte=record.decided_on
    ).exists()


def revoke_record(
    record: RegistrationRecord,
    *,
    by: Any,
    organisation: Organisation,
    reasons: Iterable[str],
    note: str,
    today: datetime.date,
) -> RegistrationRecord:
    """Add the 撤销注册 record for ``record``; see the module docstring. Raises ``DomainError``."""
    _check_province(record.certificate, organisation)
    note = clean_note(note)
    codes = clean_reasons(DecisionOutcome.REVOKED, reasons, note)
    with transaction.atomic():
        locked = RegistrationRecord.objects.select_for_update().filter(pk=record.pk).first()
        if locked is None or locked.conclusion != Conclusion.QUALIFIED:
            raise DomainError("record_not_qualified")
        _check_no_case(locked)
        if not revocable(locked):
            raise DomainError("record_already_revoked")
        revocation = RegistrationRecord.objects.create(
            certificate_id=locked.certificate_id,
            conclusion=Conclusion.REVOKED,
            decided_on=today,
            agency=organisation,
            application_number=locked.application_number,
        )
        audit.record(
            "registration_record.revoked",
            locked.certificate,
            actor=by,
            actor_role=Actor.PROVINCE_REVIEWER,
            actor_organisation_id=organisation.pk,
            data={
                "record": locked.pk,
                "revocation": revocation.pk,
                "reasons": codes,
                "reason_words": reason_labels(codes),
                "note": note,
            },
        )
    return revocation


def undo_record_revocation(revocation: RegistrationRecord, *, by: Any, organisation: Organisation, note: str) -> None:
    """Remove a 撤销注册 record made in error (not one of a case: that is undone on the case),
    with a reason; its values stay in the audit event."""
    _check_province(revocation.certificate, organisation)
    note = clean_note(note, required=True)
    with transaction.atomic():
        locked = RegistrationRecord.objects.select_for_update().filter(pk=revocation.pk).first()
        if locked is None or locked.conclusion != Conclusion.REVOKED:
            raise DomainError("record_not_revoked")
        _check_no_case(locked)
        said = {"record": locked.pk, "decided_on": locked.decided_on.isoformat(), "note": note}
        certificate = locked.certificate
        locked.delete()
        audit.record(
            "registration_record.revocation_undone",
            certificate,
            actor=by,
            actor_role=Actor.PROVINCE_REVIEWER,
            actor_organisation_id=organisation.pk,
            data=said,
        )
