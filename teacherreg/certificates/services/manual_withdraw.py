"""The holder withdraws (deletes) a hand-added certificate that is still 待核验 or 核验未通过
and that nothing refers to (issue 4 item 3)."""

from __future__ import annotations

from django.db import transaction

from teacherreg.accounts.models import User
from teacherreg.audit import services as audit
from teacherreg.certificates.models import Certificate, CertificateSource, VerificationState
from teacherreg.certificates.services.manual_add import after_commit_delete, lock_own_manual
from teacherreg.common.errors import DomainError
from teacherreg.registration.workflow import LIVE


def withdrawal_refusal(certificate: Certificate) -> DomainError | None:
    """Why the holder may not delete this hand-added certificate, or None (pages use it to
    decide whether to offer 删除)."""
    if certificate.source != CertificateSource.MANUAL:
        return DomainError("cert_not_manual")
    if certificate.from_register:
        return DomainError("cert_withdraw_register")
    if certificate.verification_state == VerificationState.VERIFIED:
        return DomainError("cert_withdraw_verified")
    live = certificate.applications.filter(status__in=LIVE).values_list("number", flat=True).first()
    if live:
        return DomainError("cert_in_live_application", number=live)
    # Withdrawn and lapsed applications keep pointing at the certificate (their history is
    # kept), and so do registration and 限制库 records: then it stays too.
    if certificate.applications.exists() or certificate.registrations.exists() or certificate.restrictions.exists():
        return DomainError("cert_in_past_application")
    return None


def withdraw_manual_certificate(user: User, certificate: Certificate) -> None:
    """The holder deletes a pending or rejected hand-added certificate.

    Guards (``DomainError``): the holder's own ``MANUAL`` certificate; not verified and not a
    register record taken over; not used by any application (a live one must be withdrawn
    first). Side effects: the row and its photos are deleted (files after commit); audit.
    """
    with transaction.atomic():
        locked = lock_own_manual(user, certificate)
        refusal = withdrawal_refusal(locked)
        if refusal is not None:
            raise refusal
        names = [locked.scan.name, *(photo.image.name for photo in locked.photos.all())]
        audit.record(
            "certificate.manual_withdrawn",
            locked,
            actor=user,
            actor_role="applicant",
            data={"state": locked.verification_state},
        )
        locked.delete()
        after_commit_delete(names)
