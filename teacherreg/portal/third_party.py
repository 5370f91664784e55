"""其他查询 pages: the form with captcha and phone, the SMS code, the result (issue 4 item 5)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from teacherreg.accounts.validation import validate_mobile
from teacherreg.captcha.forms import CaptchaFormMixin
from teacherreg.certificates.services import third_party
from teacherreg.common import session_flow as flow
from teacherreg.common.forms import StyledForm
from teacherreg.common.masking import mask
from teacherreg.common.normalise import document_number as normalise_document_number
from teacherreg.notify import pages as sms

FLOW = "certificate_query"
FLOW_AGE = 10 * 60
NO_RESULT = gettext_lazy(
    "没有查询到符合条件的教师资格证书。请核对姓名、身份证件号码和证书号码；"
    "2008 年以前（广西壮族自治区 2012 年以前）认定的证书，请向颁发证书的认定机构查询。"
)


class QueryForm(StyledForm, CaptchaFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("姓名"), max_length=50, error_messages={"required": gettext_lazy("请填写姓名。")}
    )
    document_number = forms.CharField(
        label=gettext_lazy("身份证件号码"),
        max_length=40,
        error_messages={"required": gettext_lazy("请填写身份证件号码。")},
    )
    certificate_number = forms.CharField(
        label=gettext_lazy("教师资格证书号码"),
        max_length=30,
        error_messages={"required": gettext_lazy("请填写证书号码。")},
    )
    phone = forms.CharField(
        label=gettext_lazy("手机号码"),
        max_length=20,
        help_text=gettext_lazy("接收短信验证码，仅限中国大陆手机号码。"),
        error_messages={"required": gettext_lazy("请输入手机号码。")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        return validate_mobile(self.cleaned_data["phone"])


class CodeForm(StyledForm, forms.Form):
    sms_code = forms.CharField(
        label=gettext_lazy("短信验证码"),
        min_length=6,
        max_length=6,
        error_messages={"required": gettext_lazy("请输入短信验证码。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


@never_cache
@sensitive_post_parameters("document_number", "phone")
def start(request: HttpRequest) -> HttpResponse:
    form = QueryForm(request.POST or None, request=request, captcha_purpose="certificate_query")
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        number = normalise_document_number(c["document_number"])
        if not third_party.within_limits(phone=c["phone"], ip=flow.client_ip(request), document_number=number):
            form.add_error(None, ValidationError(_("查询次数过多，请明天再试。")))
        else:
            sent, message = sms.send_code(request, phone=c["phone"], purpose="certificate_query")
            if sent:
                flow.put(
                    request,
                    FLOW,
                    {
                        "name": c["name"],
                        "document_number": number,
                        "certificate_number": c["certificate_number"],
                        "phone": c["phone"],
                    },
                )
                messages.success(request, message)
                return redirect("portal:third_party_query_code")
            form.add_error(None, message)
    return render(request, "portal/third_party_query.html", {"form": form})


@never_cache
def code(request: HttpRequest) -> HttpResponse:
    state = flow.get(request, FLOW, max_age=FLOW_AGE)
    if state is None:
        return redirect("portal:third_party_query")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, message = sms.check(state["phone"], "certificate_query", form.cleaned_data["sms_code"])
        if ok:
            flow.drop(request, FLOW)
            result = third_party.query(
                name=state["name"],
                document_number=state["document_number"],
                certificate_number=state["certificate_number"],
                phone=state["phone"],
                ip=flow.client_ip(request),
            )
            return render(request, "portal/third_party_result.html", {"result": result, "no_result": NO_RESULT})
        form.add_error("sms_code", message)
    return render(
        request, "portal/third_party_code.html", {"form": form, "phone_masked": mask("phone", state["phone"])}
    )
