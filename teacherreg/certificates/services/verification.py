"""Verifying hand-added certificates (issue 4 item 3; P21: in the Django admin until the office
issue).

Staff of the certificate's province compare the applicant's entries with the photo and their
records: 核验通过 or 核验不通过 with a reason the applicant reads. Until then the certificate
is 待核验: it is marked in every list, it may be used in an application, and the confirmation
point is told to check the original (:func:`needs_manual_check`).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from teacherreg.accounts.models import StaffRole, User
from teacherreg.audit import services as audit
from teacherreg.certificates.models import Certificate, CertificateSource, VerificationState
from teacherreg.common.errors import DomainError
from teacherreg.organisations.models import OrgLevel

# The province-level roles that verify their province's hand-added certificates.
VERIFIER_ROLES = frozenset({StaffRole.PROVINCE_ADMIN, StaffRole.PROVINCE_REVIEWER})
REASON_MAX_LENGTH = 500


def needs_manual_check(certificate: Certificate) -> bool:
    """True for a hand-added certificate not (yet) verified: 待核验 or 核验未通过.

    The office issue shows this at on-site confirmation (确认点): the operator checks the
    original certificate against what the applicant entered before confirming. A 待核验
    certificate may be used in an application (the manual lets the applicant go on and bring
    the original); verification by the province can happen before or after confirmation.
    """
    return (
        certificate.source == CertificateSource.MANUAL and certificate.verification_state != VerificationState.VERIFIED
    )


def verifier_provinces(staff: User) -> set[str]:
    """Two-digit province codes whose hand-added certificates ``staff`` verifies (empty for
    anyone without an active province-level membership)."""
    if not getattr(staff, "is_authenticated", False) or not staff.is_staff:
        return set()
    memberships = staff.memberships.filter(
        is_active=True, role__in=sorted(VERIFIER_ROLES), organisation__region__isnull=False
    ).select_related("organisation__region")
    return {m.organisation.region.code[:2] for m in memberships}


def sees_every_province(staff: User) -> bool:
    """The national level: superusers, staff given the model permission, and holders of a
    verifier role at the national organisation (the office's review queues, P21)."""
    if not getattr(staff, "is_authenticated", False):
        return False
    if staff.is_superuser or staff.has_perm("certificates.change_manualcertificate"):
        return True
    return (
        staff.is_staff
        and staff.memberships.filter(
            is_active=True,
            role__in=sorted(VERIFIER_ROLES),
            organisation__is_active=True,
            organisation__level=OrgLevel.NATIONAL,
        ).exists()
    )


def verification_queue(staff: User) -> QuerySet[Certificate]:
    """Hand-added certificates ``staff`` may see; fails closed (no province, no rows)."""
    queryset = Certificate.objects.manual()
    if sees_every_province(staff):
        return queryset
    provinces = verifier_provinces(staff)
    return queryset.filter(province__code__in=[f"{code}0000" for code in provinces] or ["--"])


def may_verify(staff: User, certificate: Certificate) -> bool:
    return sees_every_province(staff) or certificate.province.code[:2] in verifier_provinces(staff)


def verify_manual_certificate(staff: User, certificate: Certificate, accepted: bool, reason: str = "") -> Certificate:
    """核验通过 (``accepted``) or 核验不通过 with ``reason``, which the applicant reads.

    Guards (``DomainError``): a hand-added certificate of the staff member's province,
    still 待核验; a reason when refusing. Side effects: state, who and when saved; audit.
    """
    reason = (reason or "").strip()
    if not accepted and not reason:
        raise DomainError("cert_verify_reason_required")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("province").get(pk=certificate.pk)
        if locked.source != CertificateSource.MANUAL:
            raise DomainError("cert_not_manual")
        if not may_verify(staff, locked):
            raise DomainError("cert_verify_out_of_scope")
        if locked.verification_state != VerificationState.PENDING:
            raise DomainError("cert_verify_not_pending")
        locked.verification_state = VerificationState.VERIFIED if accepted else VerificationState.REJECTED
        locked.rejection_reason = "" if accepted else reason[:REASON_MAX_LENGTH]
        locked.verified_at = timezone.now()
        locked.verified_by = staff
        locked.save(update_fields=["verification_state", "rejection_reason", "verified_at", "verified_by"])
        audit.record(
            "certificate.manual_verified" if accepted else "certificate.manual_rejected",
            locked,
            actor=staff,
            actor_role="admin",
            data={"state": [VerificationState.PENDING, locked.verification_state], "reason": locked.rejection_reason},
        )
    certificate.refresh_from_db()
    return locked
