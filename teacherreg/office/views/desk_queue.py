"""The confirmation point's work queue and bulk confirmation (issue 6 item 3)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from teacherreg.certificates.models import CertificateSource, VerificationState
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.office import desk_queries
from teacherreg.office.access_log import record_view
from teacherreg.office.desk_forms import QueueFilterForm, parse_selection
from teacherreg.office.desk_queries import filtered as apply_filters
from teacherreg.office.desk_queries import keyset_page, search
from teacherreg.office.views.desk_common import desk_cases, desk_view, operator_points
from teacherreg.reference.models import Subject
from teacherreg.registration.models import Application
from teacherreg.registration.services.confirmation import bulk_confirm
from teacherreg.registration.workflow import AWAITING_CONFIRMATION, Status, applicant_view

FILTERS = ("status", "submitted_from", "submitted_to", "stage", "subject", "pending_certificate", "precheck_warnings")


@dataclass(frozen=True)
class Row:
    application: Application
    document_number: str  # masked
    certificate_number: str  # masked
    status: str
    awaiting: bool
    certificate_pending: bool
    warnings: int


def _row(app: Application) -> Row:
    certificate = app.certificate
    view = applicant_view(app.status)
    return Row(
        application=app,
        document_number=mask("document_number", app.document_number),
        certificate_number=mask("certificate_number", app.certificate_key),
        status=Status(app.status).label + (f"（{view.label}）" if app.status == Status.CONFIRMED else ""),
        awaiting=app.status in AWAITING_CONFIRMATION,
        certificate_pending=certificate.source == CertificateSource.MANUAL
        and certificate.verification_state != VerificationState.VERIFIED,
        warnings=len(app.precheck_findings or []),
    )


def _page_url(request: HttpRequest, **cursor: str) -> str:
    params = [(k, v) for k, v in request.GET.items() if k not in {"after", "before"} and v]
    params += [(k, v) for k, v in cursor.items() if v]
    return reverse("office:desk_queue") + ("?" + urlencode(params) if params else "")


# Seconds the subject filter's choices are reused: finding them reads every case of the points,
# which grows with the season; a subject that first appears is offered at most this much later.
SUBJECT_CHOICES_SECONDS = 300


def _subjects(request: HttpRequest, cases: QuerySet[Application]) -> QuerySet[Subject]:
    """The subjects the points' cases teach, for the filter (read once per few minutes)."""
    points = ",".join(str(point.pk) for point in operator_points(request))
    key = f"desk-subjects:{hashlib.sha256(points.encode()).hexdigest()[:24]}"
    ids = cache.get(key)
    if ids is None:
        ids = sorted(set(cases.exclude(current_subject=None).values_list("current_subject", flat=True).distinct()))
        cache.set(key, ids, SUBJECT_CHOICES_SECONDS)
    return Subject.objects.filter(pk__in=ids).order_by("sort_order", "code")


@desk_view
def queue(request: HttpRequest) -> HttpResponse:
    """待确认的申请: filters, search (a scanned QR code included), keyset pages in system order."""
    cases = desk_cases(request)
    form = QueueFilterForm(request.GET or None, subjects=_subjects(request, cases))
    found = None
    if form.is_bound and form.is_valid():
        cases = apply_filters(cases, form.cleaned_data, form.status_group())
        found = search(form.cleaned_data.get("q", ""))
    else:
        cases = apply_filters(cases, {}, form.status_group())
    if found is not None:
        cases = cases.filter(found.query)
        if found.exact:
            # A scanned code or a typed number finds one case: open it, ready for the next scan.
            hits = list(cases.values_list("number", flat=True)[:2])
            if len(hits) == 1:
                return redirect("office:desk_case", number=hits[0])
    page = keyset_page(
        cases.select_related("certificate", "current_stage", "current_subject"),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        size=desk_queries.PAGE_SIZE,
    )
    points = operator_points(request)
    if page.rows:
        # The list shows names of many applicants: one access event per page, on the point.
        record_view(request, points[0], "queue")
    context = {
        "form": form,
        "rows": [_row(app) for app in page.rows],
        "next_url": _page_url(request, after=page.next_after) if page.next_after else "",
        "previous_url": _page_url(request, before=page.previous_before) if page.previous_before else "",
        "search": found,
        "filters_open": any(request.GET.get(name) for name in FILTERS),
        "points": points,
    }
    return render(request, "office/desk/queue.html", context)


@desk_view
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """批量确认: the queue's ticked cases, first listed for a last look with the declaration
    that their papers were checked, then confirmed one by one with a result per case."""
    selected = parse_selection(request.POST.getlist("selected"))
    if not selected:
        messages.error(request, message_for("desk_bulk_nothing_selected"))
        return redirect("office:desk_queue")
    cases = desk_cases(request)
    if request.POST.get("go") != "1":
        return _review(request, selected, error="")
    try:
        outcomes = bulk_confirm(
            selected,
            candidates=cases,
            by=request.user,
            points=operator_points(request),
            materials_checked=request.POST.get("materials_checked") == "on",
        )
    except DomainError as refusal:
        return _review(request, selected, error=refusal.message)
    confirmed = sum(1 for outcome in outcomes if outcome.confirmed)
    summary = message_for("desk_bulk_done", confirmed=confirmed, refused=len(outcomes) - confirmed)
    return render(request, "office/desk/bulk_result.html", {"outcomes": outcomes, "summary": summary})


def _review(request: HttpRequest, selected: list[tuple[str, int | None]], *, error: str) -> HttpResponse:
    numbers = [number for number, _version in selected]
    found = {app.number: app for app in desk_cases(request).filter(number__in=numbers).select_related("certificate")}
    rows = [(number, version, found.get(number)) for number, version in dict.fromkeys(selected)]
    points = operator_points(request)
    if found and points:
        record_view(request, points[0], "bulk_review")  # names of the selected applicants
    context = {"rows": rows, "error": error, "declared": request.POST.get("materials_checked") == "on"}
    return render(request, "office/desk/bulk_review.html", context, status=200)
