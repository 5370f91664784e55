"""其他查询: a third party (a school's HR office, an employer) checks a certificate with the
holder's name, document number and certificate number, after a captcha and an SMS code to
their own phone (manual §1.1.2; security.md finding 8).

It is an oracle for name + number + certificate, so: one answer for every kind of mismatch,
limits per requester phone, per address and per certificate holder, the global SMS budget
(notify), and a log the holder can read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teacherreg.audit import services as audit
from teacherreg.certificates.models import Certificate, CertificateLookup, Conclusion
from teacherreg.certificates.services.sync import is_synchronisable
from teacherreg.common import ratelimit
from teacherreg.common.crypto import blind_index
from teacherreg.common.fields import index_for
from teacherreg.common.masking import mask
from teacherreg.common.normalise import certificate_number as normalise_certificate_number

PER_PHONE_PER_DAY = ratelimit.Limit("cert-query-phone", 5, 24 * 3600)
PER_IP_PER_HOUR = ratelimit.Limit("cert-query-ip", 20, 3600)
PER_HOLDER_PER_DAY = ratelimit.Limit("cert-query-holder", 10, 24 * 3600)


@dataclass(frozen=True)
class QueryResult:
    """What a third party may see: never the full name, number or document."""

    holder_masked: str
    qualification_type: str
    subject: str
    issued_on: str
    issuing_agency: str
    registration_status: str
    valid_until: str


def within_limits(*, phone: str, ip: str, document_number: str) -> bool:
    """Counts one query start for each limit; all must allow it (checked before the SMS)."""
    decisions = [
        ratelimit.hit(PER_PHONE_PER_DAY, phone),
        ratelimit.hit(PER_IP_PER_HOUR, ip),
        ratelimit.hit(PER_HOLDER_PER_DAY, index_for("document_number", document_number)),
    ]
    return all(d.allowed for d in decisions)


def _find(name: str, document_number: str, certificate_number: str) -> Certificate | None:
    certificate = (
        Certificate.objects.filter(
            number=normalise_certificate_number(certificate_number),
            holder_document_index=index_for("document_number", document_number),
            holder_name=name,
        )
        .select_related("qualification_type", "subject", "issuing_agency")
        .prefetch_related("registrations")
        .first()
    )
    # The query covers what the register covers (2008 on, 广西 2012 on, older with a first
    # registration); anything else answers like a mismatch.
    return certificate if certificate is not None and is_synchronisable(certificate) else None


def query(*, name: str, document_number: str, certificate_number: str, phone: str, ip: str) -> QueryResult | None:
    """Run a query whose requester has passed the captcha and the SMS code; log it either way."""
    certificate = _find(name.strip(), document_number, certificate_number)
    with transaction.atomic():
        CertificateLookup.objects.create(
            certificate=certificate,
            matched=certificate is not None,
            requester_phone=phone,
            requester_ip_hash=blind_index(ip, "cert-query-ip") if ip else "",
        )
        audit.record(
            "certificate.third_party_query",
            certificate,
            object_type="certificates.certificate",
            actor_role="third_party",
            ip=ip or None,
            data={"matched": certificate is not None, "phone": mask("phone", phone)},
        )
    if certificate is None:
        return None
    latest = certificate.registrations.order_by("-decided_on").first()
    today = timezone.localdate()
    if latest is None:
        status = _("尚无注册记录")
    elif latest.conclusion == Conclusion.QUALIFIED and latest.valid_until and latest.valid_until < today:
        status = _("注册有效期已满")
    else:
        status = latest.get_conclusion_display()
    return QueryResult(
        holder_masked=mask("name", certificate.holder_name),
        qualification_type=str(certificate.qualification_type),
        subject=certificate.subject_as_printed or (str(certificate.subject) if certificate.subject else "—"),
        issued_on=f"{certificate.issued_on:%Y-%m-%d}",
        issuing_agency=certificate.issuing_agency_name or str(certificate.issuing_agency or "—"),
        registration_status=status,
        valid_until=f"{latest.valid_until:%Y-%m-%d}" if latest and latest.valid_until else "—",
    )


def lookups_of(certificate: Certificate) -> list[tuple[str, str]]:
    """(time, masked phone) of each successful lookup, newest first: what the holder sees."""
    return [
        (timezone.localtime(row.looked_up_at).strftime("%Y-%m-%d %H:%M"), mask("phone", row.requester_phone))
        for row in certificate.lookups.filter(matched=True)[:50]
    ]
