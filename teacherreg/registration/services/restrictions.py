"""限制库 as the pre-check reads it (domain.md §1.8; P19).

A restriction binds one certificate, or — without a certificate — every certificate of the
person it names. It is in force from its start until its end (丧失 for life, 撤销 5 years,
考试作弊 3 years; ``Restriction.save`` sets the end) unless lifted.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from teacherreg.certificates.models import Certificate, Restriction, RestrictionKind

# Most severe first: when several are in force, the applicant is told the gravest.
_CODES: dict[str, str] = {
    RestrictionKind.LOST: "precheck_restricted_lost",
    RestrictionKind.REVOKED_CONDUCT: "precheck_restricted_revoked",
    RestrictionKind.REVOKED_FRAUD: "precheck_restricted_revoked",
    RestrictionKind.EXAM_CHEATING: "precheck_restricted_cheating",
    RestrictionKind.OTHER: "precheck_restricted_other",
}
_SEVERITY = list(_CODES)


def restrictions_of(certificate: Certificate) -> list[Restriction]:
    person = Q(certificate__isnull=True)
    if certificate.holder_document_index:
        person &= Q(holder_document_index=certificate.holder_document_index)
    else:
        person = Q(pk__in=[])
    return list(Restriction.objects.filter(Q(certificate=certificate) | person))


def restriction_finding(certificate: Certificate, today: datetime.date) -> tuple[str, dict[str, Any]] | None:
    """The catalogue code and parameters of the gravest restriction in force, or None."""
    in_force = [r for r in restrictions_of(certificate) if r.in_force_on(today)]
    if not in_force:
        return None
    gravest = min(in_force, key=lambda r: _SEVERITY.index(r.kind) if r.kind in _SEVERITY else len(_SEVERITY))
    params: dict[str, Any] = {}
    if gravest.ends_on is not None:
        params["until"] = gravest.ends_on
    return _CODES.get(gravest.kind, "precheck_restricted_other"), params
