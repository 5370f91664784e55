"""注册记录 (issue 6 item 4): the province reviewer finds a certificate of their province and
revokes a registration that has no case here (imported history), or undoes such a revocation.
The rules are ``registration.services.record_revocation``; a registration made by a case here is
revoked on that case's page. Showing a certificate with its holder is an audited view."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from teacherreg.accounts.models import StaffRole
from teacherreg.certificates.models import Certificate, Conclusion, RegistrationRecord
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.common.normalise import certificate_number
from teacherreg.office.access_log import record_view
from teacherreg.office.review_forms import NoteForm, RevokeForm
from teacherreg.office.views.review_common import province_view
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application
from teacherreg.registration.services import record_revocation

MAX_QUERY = 40


def _provinces(request: HttpRequest) -> list[Organisation]:
    return request.scope.organisations(StaffRole.PROVINCE_REVIEWER)  # type: ignore[attr-defined]


def _acting(request: HttpRequest, certificate: Certificate) -> Organisation | None:
    """The member's province whose certificates these are, if any."""
    return next((org for org in _provinces(request) if org.region_id == certificate.province_id), None)


def _record_or_404(request: HttpRequest, pk: int) -> tuple[RegistrationRecord, Organisation]:
    record = RegistrationRecord.objects.select_related("certificate").filter(pk=pk).first()
    organisation = _acting(request, record.certificate) if record is not None else None
    if record is None or organisation is None:
        raise Http404
    return record, organisation


def _page_url(certificate: Certificate) -> str:
    return reverse("office:review_records") + "?" + urlencode({"q": certificate.number})


@province_view
def records(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    return _render(request, query)


def _render(request: HttpRequest, query: str, *, bound: dict | None = None, error: str = "") -> HttpResponse:
    certificate = None
    rows = []
    if query:
        regions = {org.region_id for org in _provinces(request)}
        certificate = (
            Certificate.objects.select_related("qualification_type", "subject")
            .filter(number=certificate_number(query), province_id__in=regions)
            .first()
        )
    if certificate is not None:
        record_view(request, certificate, "certificate_records")
        cases = set(Application.objects.filter(certificate=certificate).values_list("number", flat=True))
        for record in certificate.registrations.order_by("decided_on", "pk"):
            has_case = bool(record.application_number) and record.application_number in cases
            rows.append(
                {
                    "record": record,
                    "has_case": has_case,
                    "revocable": not has_case and record_revocation.revocable(record),
                    "undoable": not has_case and record.conclusion == Conclusion.REVOKED,
                    "revoke_form": (bound or {}).get(("revoke", record.pk)) or RevokeForm(prefix=f"revoke-{record.pk}"),
                    "undo_form": (bound or {}).get(("undo", record.pk))
                    or NoteForm(prefix=f"undo-{record.pk}", label=pgettext("undo a revocation", "撤销原因")),
                }
            )
    context = {
        "query": query,
        "certificate": certificate,
        "holder": mask("name", certificate.holder_name) if certificate else "",
        "rows": rows,
        "error": error,
        "max_query": MAX_QUERY,
    }
    return render(request, "office/review/records.html", context)


@province_view
@require_POST
def record_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    record, organisation = _record_or_404(request, pk)
    form = RevokeForm(request.POST, prefix=f"revoke-{record.pk}")
    if not form.is_valid():
        return _render(request, record.certificate.number, bound={("revoke", record.pk): form})
    try:
        record_revocation.revoke_record(
            record,
            by=request.user,
            organisation=organisation,
            reasons=form.cleaned_data["reasons"],
            note=form.cleaned_data["note"],
            today=today(),
        )
    except DomainError as exc:
        return _render(request, record.certificate.number, bound={("revoke", record.pk): form}, error=exc.message)
    messages.success(request, message_for("record_revoked", number=record.certificate.number_as_printed))
    return redirect(_page_url(record.certificate))


@province_view
@require_POST
def record_undo(request: HttpRequest, pk: int) -> HttpResponse:
    record, organisation = _record_or_404(request, pk)
    form = NoteForm(request.POST, prefix=f"undo-{record.pk}", label=pgettext("undo a revocation", "撤销原因"))
    if not form.is_valid():
        return _render(request, record.certificate.number, bound={("undo", record.pk): form})
    try:
        record_revocation.undo_record_revocation(
            record, by=request.user, organisation=organisation, note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        return _render(request, record.certificate.number, bound={("undo", record.pk): form}, error=exc.message)
    messages.success(request, message_for("record_revocation_undone", number=record.certificate.number_as_printed))
    return redirect(_page_url(record.certificate))
