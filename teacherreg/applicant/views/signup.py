"""Sign-up in three pages (P3, P4, P7): phone and SMS code, then the account details.

The phone is verified before anything else so that "this number is already registered" is
only ever said to someone who proved a phone (security.md §4.5, enumeration).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from teacherreg.accounts import throttles
from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.accounts.services.signup import Outcome, SignUpData, sign_up
from teacherreg.applicant.forms.auth import CodeForm, PhoneForm, SignUpForm
from teacherreg.common import ratelimit
from teacherreg.common import session_flow as flow
from teacherreg.common.masking import mask
from teacherreg.notify import pages as sms

FLOW = "sign_up"
FLOW_AGE = 30 * 60
BACKEND = APPLICANT_BACKEND


@never_cache
def phone_step(request: HttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST or None, request=request, captcha_purpose="sign_up")
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(throttles.SIGN_UP_PER_IP, flow.client_ip(request)).allowed:
            form.add_error(None, _("此网络的注册请求过于频繁，请 1 小时后再试。"))
        else:
            phone = form.cleaned_data["phone"]
            sent, message = sms.send_code(request, phone=phone, purpose="sign_up")
            if sent:
                flow.put(request, FLOW, {"phone": phone, "verified": False})
                messages.success(request, message)
                return redirect("accounts:sign_up_code")
            form.add_error(None, message)
    return render(request, "accounts/sign_up_phone.html", {"form": form, "step": 1})


@never_cache
def code_step(request: HttpRequest) -> HttpResponse:
    state = flow.get(request, FLOW, max_age=FLOW_AGE)
    if state is None:
        messages.warning(request, _("请先填写手机号码并获取验证码。"))
        return redirect("accounts:sign_up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, message = sms.check(state["phone"], "sign_up", form.cleaned_data["sms_code"])
        if ok:
            flow.update(request, FLOW, max_age=FLOW_AGE, verified=True)
            return redirect("accounts:sign_up_details")
        form.add_error("sms_code", message)
    context = {"form": form, "step": 2, "phone_masked": mask("phone", state["phone"])}
    return render(request, "accounts/sign_up_code.html", context)


@never_cache
@sensitive_post_parameters("password1", "password2", "document_number")
def details_step(request: HttpRequest) -> HttpResponse:
    state = flow.get(request, FLOW, max_age=FLOW_AGE)
    if state is None or not state.get("verified"):
        messages.warning(request, _("请先验证手机号码。"))
        return redirect("accounts:sign_up")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = _data(form, state["phone"])
        result = sign_up(data, ip=flow.client_ip(request))
        if result.outcome is Outcome.CREATED:
            flow.drop(request, FLOW)
            login(request, result.user, backend=BACKEND)
            request.session["previous_login"] = ""
            messages.success(request, _("注册成功。办理定期注册前，请先完成实名核验。"))
            return redirect("applicant:centre")
        if result.outcome is Outcome.LEGACY:
            from django.contrib.auth.hashers import make_password

            flow.put(
                request,
                "legacy_takeover",
                {
                    "user_id": result.user.pk,
                    "phone": data.phone,
                    "email": data.email,
                    "ethnic_group_id": data.ethnic_group.pk if data.ethnic_group else None,
                    "password_hash": make_password(data.password),
                    "name": data.name,
                },
            )
            flow.drop(request, FLOW)
            return redirect("accounts:legacy_takeover")
        form.add_error(
            None,
            ValidationError(_("该证件号码已注册账号。请直接登录；如忘记密码，请在登录页点“忘记密码”。"), code="exists"),
        )
    context = {"form": form, "step": 3, "phone_masked": mask("phone", state["phone"])}
    return render(request, "accounts/sign_up_details.html", context)


def _data(form: SignUpForm, phone: str) -> SignUpData:
    c = form.cleaned_data
    return SignUpData(
        document_type=c["document_type"],
        document_number=c["document_number"],
        name=c["name"],
        ethnic_group=c["ethnic_group"],
        sex=c["sex"],
        birth_date=c["birth_date"],
        phone=phone,
        email=c["email"],
        password=c["password1"],
    )
