"""The desk's reading side: the work queue's filters and search, keyset pages, and the roster.

Every function here narrows a queryset the caller took from the staff member's scope; none
starts from ``Application.objects``, so nothing here can widen what a point sees.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from teacherreg.certificates.models import CertificateSource, VerificationState
from teacherreg.common import normalise
from teacherreg.common.dates import end_of_day, start_of_day
from teacherreg.common.fields import index_for
from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome
from teacherreg.registration.workflow import AWAITING_CONFIRMATION, LIVE

PAGE_SIZE = 50
NUMBER = re.compile(r"^\d{15}$")
# What the 申请表's QR code holds is the case URL, ``…/office/applications/<number>/``
# (registration.pdf.content.case_url); a keyboard-wedge scanner types it into the search box.
QR_URL = re.compile(r"/(\d{15})/?(?:[?#].*)?$")
# The roster lists what the point has passed on: 待注册审批 and everything after it.
CONFIRMED = frozenset(LIVE - AWAITING_CONFIRMATION)


@dataclass(frozen=True)
class Search:
    query: Q
    exact: bool  # an identifier (QR, number, certificate, ID): one hit opens the case at once
    shown: str  # what the search box shows back


def search(text: str) -> Search | None:
    """Read the search box: a scanned QR URL, an application number, a certificate number
    (15 or 17 digits), an ID document number (through its blind index, never in clear), or
    part of a name or of an application number. None for an empty box."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    if not folded:
        return None
    qr = QR_URL.search(folded) if "/" in folded else None
    if qr:
        return Search(Q(number=qr.group(1)), True, qr.group(1))
    compact = re.sub(r"\s+", "", folded)
    query = Q(name__icontains=folded)
    exact = False
    if compact.isascii() and compact.isdigit():
        if NUMBER.match(compact):
            query |= Q(number=compact)
            exact = True
        else:
            query |= Q(number__contains=compact)
        query |= Q(certificate_key=normalise.certificate_number(compact))
        exact = exact or len(compact) == 17
    if compact.isascii() and compact.isalnum() and len(compact) >= 6:
        # ID numbers are stored encrypted; their blind index finds an exact match only.
        query |= Q(document_number_index=index_for("document_number", compact))
        exact = exact or len(compact) == 18
    return Search(query, exact, folded)


def filtered(cases: QuerySet[Application], data: dict[str, Any], statuses: frozenset[str] | None) -> QuerySet:
    """The queue's filters, from a valid ``QueueFilterForm``'s cleaned data."""
    if statuses is not None:
        cases = cases.filter(status__in=sorted(statuses))
    if data.get("submitted_from"):
        cases = cases.filter(submitted_at__gte=start_of_day(data["submitted_from"]))
    if data.get("submitted_to"):
        cases = cases.filter(submitted_at__lte=end_of_day(data["submitted_to"]))
    if data.get("stage"):
        cases = cases.filter(current_stage=data["stage"])
    if data.get("subject"):
        cases = cases.filter(current_subject=data["subject"])
    if data.get("pending_certificate"):
        # certificates.services.verification.needs_manual_check, as a filter.
        cases = cases.filter(certificate__source=CertificateSource.MANUAL).exclude(
            certificate__verification_state=VerificationState.VERIFIED
        )
    if data.get("precheck_warnings"):
        # Submission stores only what passed the pre-check: any finding left is a warning.
        cases = cases.exclude(precheck_findings=[])
    return cases


@dataclass(frozen=True)
class Page:
    rows: list[Application]
    next_after: str = ""  # the last number shown, when more follow
    previous_before: str = ""  # the first number shown, when some come before


def keyset_page(cases: QuerySet[Application], *, after: str = "", before: str = "", size: int = PAGE_SIZE) -> Page:
    """One page in system order (the application number, P16: year, agency, sequence).

    Keyset, not OFFSET: the page after number N starts at the first number above N, so a
    case confirmed or added while the operator pages neither repeats nor vanishes, and a late
    page costs what the first one does.
    """
    if before and NUMBER.match(before):
        rows = list(cases.filter(number__lt=before).order_by("-number")[: size + 1])
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        return Page(rows, rows[-1].number if rows else "", rows[0].number if rows and more_before else "")
    if after and NUMBER.match(after):
        cases = cases.filter(number__gt=after)
    rows = list(cases.order_by("number")[: size + 1])
    more_after = len(rows) > size
    rows = rows[:size]
    return Page(
        rows,
        rows[-1].number if rows and more_after else "",
        rows[0].number if rows and after and NUMBER.match(after) else "",
    )


def confirmed_at() -> Subquery:
    """When the point confirmed the case: its latest confirmation decision still in force."""
    decisions = Decision.objects.filter(
        application=OuterRef("pk"),
        level=DecisionLevel.CONFIRMATION,
        outcome=DecisionOutcome.CONFIRMED,
        undone_by__isnull=True,
    ).order_by("-decided_at", "-pk")
    return Subquery(decisions.values("decided_at")[:1])


def roster(cases: QuerySet[Application], day: datetime.date | None) -> QuerySet[Application]:
    """确认名单: the cases the point has confirmed, in system order; one day's when ``day``."""
    rows = (
        cases.filter(status__in=sorted(CONFIRMED))
        .annotate(confirmed_at=confirmed_at())
        .select_related("certificate", "current_stage", "current_subject", "agency")
        .order_by("number")
    )
    if day is not None:
        rows = rows.filter(confirmed_at__gte=start_of_day(day), confirmed_at__lte=end_of_day(day))
    return rows
