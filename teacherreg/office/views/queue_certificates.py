"""手动添加证书核验 in the office (issue 4 item 3; domain.md §5.1–5.3): certificates applicants
added by hand, compared with their photos, verified or refused through
``certificates.services.verification.verify_manual_certificate``.

The list masks the holder and the number; the certificate's page shows them in full because
the reviewer compares them with the photo (the admin did the same), and is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from teacherreg.accounts.models import DocumentType
from teacherreg.certificates.models import Certificate, VerificationState
from teacherreg.certificates.services.verification import REASON_MAX_LENGTH, verify_manual_certificate
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.office.access_log import record_view
from teacherreg.office.queue_forms import QueueFilterForm, RefusalForm
from teacherreg.office.queues import CERTIFICATE_DECIDERS, manual_certificates
from teacherreg.office.views.queue_common import (
    by_region_province,
    by_state,
    page_of,
    private_image,
    province_choices,
    queue_view,
    reach_of,
    read_filters,
    record_list_view,
    waiting_first,
)
from teacherreg.registration.presentation import as_shown, choice_label

certificate_page = queue_view(CERTIFICATE_DECIDERS)
certificate_verdict = queue_view(CERTIFICATE_DECIDERS, frozenset())
REFUSAL_HELP = gettext_lazy(
    "申请人会在证书详情中看到这段话，请写明要怎样处理，例如“照片模糊，看不清证书号码，请重新拍摄”。"
)


@dataclass(frozen=True)
class Row:
    certificate: Certificate
    holder: str  # masked
    number: str  # masked
    pending: bool


@require_GET
@certificate_page
def queue(request: HttpRequest) -> HttpResponse:
    reach = reach_of(request)
    form = QueueFilterForm(
        request.GET or None,
        states=list(VerificationState.choices),
        waiting=VerificationState.PENDING,
        provinces=province_choices(reach.sees),
    )
    values = read_filters(request, form)
    rows = by_state(manual_certificates(reach.sees), "verification_state", values["state"])
    rows = by_region_province(rows, values.get("province"))
    rows = waiting_first(
        rows.select_related("province", "qualification_type"),
        "verification_state",
        VerificationState.PENDING,
        "submitted_at",
        "pk",
    )
    page = page_of(request, rows)
    record_list_view(request, page, "queue_certificates")
    context = {
        "form": form,
        "page": page,
        "rows": [
            Row(
                cert,
                mask("name", cert.holder_name),
                mask("certificate_number", cert.number_as_printed),
                cert.verification_state == VerificationState.PENDING,
            )
            for cert in page.object_list
        ],
    }
    return render(request, "office/queues/certificate_list.html", context)


def _certificate_or_404(request: HttpRequest, pk: int, *, deciding: bool = False) -> Certificate:
    reach = reach_of(request)
    rows = manual_certificates(reach.decides if deciding else reach.sees)
    related = ("province", "city", "qualification_type", "subject", "issuing_agency", "holder", "verified_by")
    try:
        return rows.select_related(*related).get(pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None


def _facts(cert: Certificate) -> list[tuple[str, str]]:
    return as_shown(
        [
            (
                "",
                [
                    (_("证书号码"), cert.number_as_printed),
                    (_("持证人"), cert.holder_name),
                    (_("证件类型"), choice_label(DocumentType, cert.holder_document_type)),
                    (_("身份证件号码"), mask("document_number", cert.holder_document_number)),
                    (_("资格种类"), cert.qualification_type),
                    (_("任教学科"), cert.subject_as_printed or cert.subject),
                    (_("所属省份"), cert.province.name),
                    (_("所属市"), cert.city.name if cert.city else ""),
                    (_("认定机构"), cert.issuing_agency_name or cert.issuing_agency),
                    (_("证书签发日期"), cert.issued_on),
                    (_("提交核验时间"), cert.submitted_at),
                ],
            )
        ]
    )[0][1]


def _render(
    request: HttpRequest, cert: Certificate, *, refusal_form: RefusalForm | None = None, error: str = ""
) -> HttpResponse:
    pending = cert.verification_state == VerificationState.PENDING
    photos = [(0, _("证书照片"))] if cert.scan.name else []
    photos += [(photo.position, _("补充照片 %(n)s") % {"n": photo.position}) for photo in cert.photos.all()]
    record_view(request, cert, "manual_certificate")
    context = {
        "cert": cert,
        "facts": _facts(cert),
        "photos": photos,
        "state": choice_label(VerificationState, cert.verification_state),
        "pending": pending,
        "can_decide": pending and reach_of(request).decides.covers(cert.province.code),
        "refusal_form": refusal_form
        or RefusalForm(prefix="refuse", help_text=REFUSAL_HELP, max_length=REASON_MAX_LENGTH),
        "error": error,
    }
    return render(request, "office/queues/certificate_item.html", context)


@require_GET
@certificate_page
def item(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _certificate_or_404(request, pk))


@require_GET
@certificate_page
def scan(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """The certificate photo (position 0) or an extra photo (1, 2 …)."""
    cert = _certificate_or_404(request, pk)
    if position == 0:
        name = cert.scan.name
    else:
        extra = cert.photos.filter(position=position).first()
        name = extra.image.name if extra else ""
    response = private_image(name, filename=f"certificate-{cert.pk}-{position}.jpg")
    record_view(request, cert, f"certificate_photo_{position}")
    return response


def _decide(request: HttpRequest, pk: int, *, accepted: bool) -> HttpResponse:
    cert = _certificate_or_404(request, pk, deciding=True)
    form = RefusalForm(request.POST, prefix="refuse", help_text=REFUSAL_HELP, max_length=REASON_MAX_LENGTH)
    if not accepted and not form.is_valid():
        return _render(request, cert, refusal_form=form)
    try:
        verify_manual_certificate(request.user, cert, accepted, form.cleaned_data["reason"] if not accepted else "")
    except DomainError as refusal:
        again = _certificate_or_404(request, pk)
        return _render(request, again, refusal_form=form if not accepted else None, error=refusal.message)
    code = "cert_verified" if accepted else "cert_rejected"
    messages.success(request, message_for(code, number=mask("certificate_number", cert.number_as_printed)))
    return redirect("office:queue_certificates")


@require_POST
@certificate_verdict
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accepted=True)


@require_POST
@certificate_verdict
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accepted=False)
