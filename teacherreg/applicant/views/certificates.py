"""本人查询 and 教师资格证书信息 (manual §1.1.2, §2.2): the holder's certificates, each with its
registration history, and the “why isn't my certificate here?” helper."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from teacherreg.applicant.views.centre import applicant_required
from teacherreg.certificates.services.diagnosis import diagnose
from teacherreg.certificates.services.sync import own_certificates, sync_certificates
from teacherreg.certificates.services.third_party import lookups_of
from teacherreg.common.forms import StyledForm
from teacherreg.common.masking import mask


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
    context = {"certificate": certificate, "history": history, "lookups": lookups_of(certificate)}
    return render(request, "applicant/certificate_detail.html", context)
