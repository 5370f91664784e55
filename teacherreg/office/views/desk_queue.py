"""The confirmation point's work queue and bulk confirmation (issue 6 item 3)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teacherreg.certificates.models import CertificateSource, VerificationState
from teacherreg.common import table_rows
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.common.table_rows import Labels
from teacherreg.common.url_cache import path_with
from teacherreg.office import desk_queries
from teacherreg.office.access_log import record_view
from teacherreg.office.desk_forms import QueueFilterForm, parse_selection
from teacherreg.office.desk_queries import filtered as apply_filters
from teacherreg.office.desk_queries import keyset_page, search
from teacherreg.office.views.desk_common import desk_cases, desk_view, operator_points
from teacherreg.reference.models import Subject
from teacherreg.registration.models import Application
from teacherreg.registration.presentation import stage_and_subject
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
    html: SafeString  # the row as the table shows it (``table_rows``)


# The columns the queue reads, and no more: a row of an application and its certificate is
# wide (encrypted fields are decrypted as they load), and the page shows 50 of them.
ROW_FIELDS = (
    "number",
    "version",
    "status",
    "name",
    "document_number",
    "certificate_key",
    "submitted_at",
    "precheck_findings",
    "current_stage",
    "current_subject",
    "certificate__source",
    "certificate__verification_state",
)


def _labels() -> Labels:
    return Labels(
        select=_("选择"),
        select_one=_("选择 %(number)s"),
        number=_("注册报名号"),
        name=_("姓名"),
        document=_("证件号码"),
        certificate=_("证书号码"),
        teaching=_("学段 / 学科"),
        submitted=_("提交时间"),
        status=_("状态"),
        flags=_("提示"),
        pending=_("证书待核对"),
        warnings=_("预检提示 %(n)s 条"),
    )


def _row(app: Application, labels: Labels, case_path: Callable[[str], str]) -> Row:
    certificate = app.certificate
    view = applicant_view(app.status)
    awaiting = app.status in AWAITING_CONFIRMATION
    pending = (
        certificate.source == CertificateSource.MANUAL and certificate.verification_state != VerificationState.VERIFIED
    )
    warnings = len(app.precheck_findings or [])
    shown = {
        "document_number": mask("document_number", app.document_number),
        "certificate_number": mask("certificate_number", app.certificate_key),
        "status": Status(app.status).label + (f"（{view.label}）" if app.status == Status.CONFIRMED else ""),
    }
    t = table_rows.text
    if awaiting:
        select = table_rows.safe(
            f'<input type="checkbox" class="form-check-input" name="selected" value="{t(app.number)}:{t(app.version)}" '
            f'id="select-{t(app.number)}" aria-label="{t(labels["select_one"] % {"number": app.number})}">'
        )
    else:
        select = table_rows.NOTHING
    badges = [f'<span class="badge text-bg-warning">{t(labels["pending"])}</span>'] if pending else []
    if warnings:
        badges.append(f'<span class="badge text-bg-light border">{t(labels["warnings"] % {"n": warnings})}</span>')
    flags = "\n".join(badges) if badges else table_rows.NOTHING
    html = table_rows.row(
        [
            table_rows.cell(labels["select"], select),
            table_rows.cell(labels["number"], table_rows.link(case_path(app.number), app.number), "text-nowrap"),
            table_rows.cell(labels["name"], app.name),
            table_rows.cell(labels["document"], shown["document_number"], "text-nowrap"),
            table_rows.cell(labels["certificate"], shown["certificate_number"], "text-nowrap"),
            table_rows.cell(labels["teaching"], stage_and_subject(app)),
            table_rows.cell(labels["submitted"], table_rows.minute(app.submitted_at), "text-nowrap"),
            table_rows.cell(labels["status"], shown["status"]),
            table_rows.cell(labels["flags"], table_rows.safe(f'<span class="desk-flags">{flags}</span>')),
        ]
    )
    return Row(
        application=app,
        awaiting=awaiting,
        certificate_pending=pending,
        warnings=warnings,
        html=html,
        **shown,
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
        cases.select_related("certificate", "current_stage", "current_subject").only(*ROW_FIELDS),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        size=desk_queries.PAGE_SIZE,
    )
    points = operator_points(request)
    labels, case_path = _labels(), path_with("office:desk_case", table_rows.CASE_NUMBER)
    if page.rows:
        # The list shows names of many applicants: one access event per page, on the point.
        record_view(request, points[0], "queue")
    context = {
        "form": form,
        "rows": [_row(app, labels, case_path) for app in page.rows],
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
