"""Which certificates of the national register an account sees (manual §2.2, §3.1.2 step 2;
domain.md §5.3).

The register lists a certificate for the account whose document number *and* name match the
certificate's holder. It lists certificates certified from 2008 on (广西 from 2012 on); an
older one only when it already has a first-registration record. Everything else is added by
hand, with a scan, and waits for verification.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from teacherreg.accounts.models import User
from teacherreg.audit import services as audit
from teacherreg.certificates.models import Certificate, CertificateSource

SYNC_FROM_YEAR = 2008
GUANGXI_PROVINCE = "45"  # digits 5–6 of a 17-digit number (domain.md §5.1)
GUANGXI_SYNC_FROM_YEAR = 2012


def sync_start_year_of(number: str) -> int:
    """First certification year the register syncs, for a normalised (17-digit) number."""
    return GUANGXI_SYNC_FROM_YEAR if number[4:6] == GUANGXI_PROVINCE else SYNC_FROM_YEAR


def sync_start_year(certificate: Certificate) -> int:
    return sync_start_year_of(certificate.number)


def is_synchronisable(certificate: Certificate) -> bool:
    """In the register's scope: recent enough, or older with a first-registration record."""
    if certificate.source != CertificateSource.SYNCED:
        return False
    if certificate.issued_on.year >= sync_start_year(certificate):
        return True
    return certificate.registrations.exists()


def register_matches(user: User) -> QuerySet[Certificate]:
    """Register certificates whose holder document and name are this account's."""
    return Certificate.objects.filter(
        source=CertificateSource.SYNCED,
        holder_document_index=user.document_number_index,
        holder_name=user.name,
    ).select_related("qualification_type", "subject", "issuing_agency", "province")


def sync_certificates(user: User, *, actor: User | None = None, actor_role: str = "applicant") -> list[Certificate]:
    """Attach the account's register certificates to it and return every certificate it now
    sees (synced and hand-added), newest first. A certificate already attached to another
    account is left where it is: the document index decides, not the first claim."""
    with transaction.atomic():
        attached = []
        for certificate in register_matches(user).prefetch_related("registrations"):
            if not is_synchronisable(certificate):
                continue
            if certificate.holder_id is None:
                certificate.holder = user
                certificate.save(update_fields=["holder"])
                attached.append(certificate.pk)
        if attached:
            audit.record(
                "certificate.synced", user, actor=actor or user, actor_role=actor_role, data={"certificates": attached}
            )
    return own_certificates(user)


def own_certificates(user: User) -> list[Certificate]:
    certificates = (
        Certificate.objects.filter(holder=user)
        .select_related("qualification_type", "subject", "issuing_agency")
        .prefetch_related("registrations")
        .order_by("-issued_on")
    )
    return [c for c in certificates if c.source == CertificateSource.MANUAL or is_synchronisable(c)]
