"""本人查询 and 教师资格证书信息 (manual §1.1.2, §2.2, §3.1.2 step 2): the holder's
certificates, each with its registration history, the “why isn't my certificate here?”
helper, and adding an older certificate by hand (with its photo, withdrawal and resubmission).

Thin: each view checks who is asking, validates the form's shape, calls one certificates
service and redirects with its message. Photos are served only to their holder, from private
storage, never cached.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from teacherreg.applicant.forms.certificates import ManualCertificateForm, posted_values
from teacherreg.applicant.views.centre import applicant_required
from teacherreg.certificates.models import Certificate, CertificateSource, VerificationState
from teacherreg.certificates.services.diagnosis import diagnose
from teacherreg.certificates.services.manual_add import add_older_certificate, resubmit_manual_certificate
from teacherreg.certificates.services.manual_withdraw import withdraw_manual_certificate, withdrawal_refusal
from teacherreg.certificates.services.sync import own_certificates, sync_certificates
from teacherreg.certificates.services.third_party import lookups_of
from teacherreg.common.errors import DomainError
from teacherreg.common.forms import StyledForm
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.documents.serving import private_file


class DiagnosisForm(StyledForm, forms.Form):
    number = forms.CharField(
        label=_("教师资格证书号码"),
        max_length=30,
        error_messages={"required": _("请填写证书号码。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


@applicant_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    certificates = sync_certificates(request.user)
    rows = [(c, mask("certificate_number", c.number_as_printed)) for c in certificates]
    form = DiagnosisForm(request.POST or None)
    finding = (
        diagnose(request.user, form.cleaned_data["number"]) if request.method == "POST" and form.is_valid() else None
    )
    return render(request, "applicant/certificates.html", {"rows": rows, "form": form, "finding": finding})


@applicant_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = next((c for c in own_certificates(request.user) if c.pk == pk), None)
    if certificate is None:
        raise Http404  # another person's certificate does not exist for this account
    history = certificate.registrations.order_by("decided_on")
    context = {
        "certificate": certificate,
        "history": history,
        "lookups": lookups_of(certificate),
        "photos": list(certificate.photos.all()) if certificate.is_manual else [],
        "can_withdraw": certificate.is_manual and withdrawal_refusal(certificate) is None,
        "can_resubmit": certificate.is_manual and certificate.verification_state == VerificationState.REJECTED,
    }
    return render(request, "applicant/certificate_detail.html", context)


# ----------------------------------------------------------------------------------------
# Adding an older certificate by hand


def _own_manual(request: HttpRequest, pk: int) -> Certificate:
    """The signed-in holder's hand-added certificate; anyone else's does not exist (404)."""
    certificate = (
        Certificate.objects.filter(pk=pk, holder=request.user, source=CertificateSource.MANUAL)
        .select_related("qualification_type", "province", "city", "subject", "issuing_agency")
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def _holder_context(request: HttpRequest) -> dict[str, str]:
    user = request.user
    return {
        "holder_name": user.name,
        "holder_document": mask("document_number", user.document_number),
        "holder_document_type": user.get_document_type_display(),
    }


@applicant_required
def certificate_add_notes(request: HttpRequest) -> HttpResponse:
    """教师资格证添加说明: which certificates are synced and what to check first."""
    return render(request, "applicant/certificates/add_notes.html")


@applicant_required
@require_http_methods(["GET", "POST"])
def certificate_add(request: HttpRequest) -> HttpResponse:
    refreshed = request.method == "POST" and "refresh" in request.POST
    if refreshed:
        # "更新选项" (or htmx on a change): show the narrowed lists, judge nothing yet.
        form = ManualCertificateForm(initial=posted_values(request.POST))
    else:
        form = ManualCertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not refreshed and form.is_valid():
        try:
            add_older_certificate(
                request.user, form.certificate_data(), form.cleaned_data["scan"], form.cleaned_data["extra_photos"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, message_for("cert_added"))
            return redirect("applicant:certificates")
    context = {
        "form": form,
        "refreshed": refreshed,
        "files_dropped": request.method == "POST" and bool(request.FILES),
        **_holder_context(request),
    }
    return render(request, "applicant/certificates/add.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def certificate_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a 核验未通过 certificate and send it back for verification."""
    certificate = _own_manual(request, pk)
    if certificate.verification_state != VerificationState.REJECTED:
        messages.error(request, message_for("cert_resubmit_not_rejected"))
        return redirect("applicant:certificate_detail", pk=certificate.pk)
    refreshed = request.method == "POST" and "refresh" in request.POST
    if refreshed:
        form = ManualCertificateForm(initial=posted_values(request.POST), resubmit=True)
    elif request.method == "POST":
        form = ManualCertificateForm(request.POST, request.FILES, resubmit=True)
    else:
        form = ManualCertificateForm(initial=_values_of(certificate), resubmit=True)
    if request.method == "POST" and not refreshed and form.is_valid():
        try:
            resubmit_manual_certificate(
                request.user,
                certificate,
                form.certificate_data(number=certificate.number_as_printed),
                form.cleaned_data["scan"],
                form.cleaned_data["extra_photos"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("applicant:certificate_detail", pk=certificate.pk)
        else:
            messages.success(request, message_for("cert_resubmitted"))
            return redirect("applicant:certificate_detail", pk=certificate.pk)
    context = {
        "form": form,
        "certificate": certificate,
        "refreshed": refreshed,
        "files_dropped": request.method == "POST" and bool(request.FILES),
        **_holder_context(request),
    }
    return render(request, "applicant/certificates/resubmit.html", context)


def _values_of(certificate: Certificate) -> dict[str, object]:
    return {
        "issued_on": certificate.issued_on,
        "province": certificate.province_id,
        "city": certificate.city_id,
        "qualification_type": certificate.qualification_type_id,
        "subject": certificate.subject_id,
        "agency": certificate.issuing_agency_id,
    }


@applicant_required
@require_http_methods(["GET", "POST"])
def certificate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """删除: a confirmation page, then the service."""
    certificate = _own_manual(request, pk)
    refusal = withdrawal_refusal(certificate)
    if request.method == "POST" and refusal is None:
        try:
            withdraw_manual_certificate(request.user, certificate)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("applicant:certificate_detail", pk=certificate.pk)
        number = mask("certificate_number", certificate.number_as_printed)
        messages.success(request, message_for("cert_withdrawn", number=number))
        return redirect("applicant:certificates")
    context = {
        "certificate": certificate,
        "masked": mask("certificate_number", certificate.number_as_printed),
        "refusal": refusal,
    }
    return render(request, "applicant/certificates/withdraw.html", context)


@applicant_required
def certificate_photo(request: HttpRequest, pk: int, position: int = 0) -> HttpResponse:
    """The certificate photo (position 0) or an extra photo, to its holder only."""
    certificate = _own_manual(request, pk)
    if position == 0:
        name = certificate.scan.name
    else:
        photo = certificate.photos.filter(position=position).first()
        name = photo.image.name if photo else ""
    return private_file(name)
