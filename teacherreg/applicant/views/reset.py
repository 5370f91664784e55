"""Password reset (manual §1.2.2): step 1 identifies the account, step 2 (安全验证) offers
e-mail or SMS, and WeChat for an account bound to the service account (teacherreg.wechat).
An unknown account, a wrong name or a legacy account (P7) gets pages of the same shape that
lead nowhere (security.md finding 9)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from teacherreg.accounts.models import TokenPurpose, User
from teacherreg.accounts.services import passwords, tokens
from teacherreg.applicant.forms.auth import ResetStartForm, SetPasswordForm, SmsResetForm
from teacherreg.audit import services as audit
from teacherreg.captcha.forms import CaptchaFormMixin
from teacherreg.common import session_flow as flow
from teacherreg.common.errors import DomainError
from teacherreg.notify import pages as sms
from teacherreg.wechat import services as wechat

FLOW = "reset"
FLOW_AGE = 30 * 60


class SendCodeForm(CaptchaFormMixin, forms.Form):
    """Only the captcha: the code goes to the phone on the account."""


def _build_link(request: HttpRequest):
    from django.conf import settings

    def build(raw: str) -> str:
        return settings.TEACHERREG_SITE_URL.rstrip("/") + reverse("accounts:reset_link", args=[raw])

    return build


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    form = ResetStartForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        user = passwords.find_reset_account(c["document_type"], c["document_number"], c["name"])
        methods = passwords.reset_methods(user, document_number=c["document_number"], name=c["name"])
        flow.put(
            request,
            FLOW,
            {"user_id": user.pk if user else None, "email": methods.email_masked, "phone": methods.phone_masked},
        )
        audit.record(
            "account.reset_lookup",
            user,
            object_type="accounts.user",
            actor_role="applicant",
            ip=flow.client_ip(request),
            data={"matched": user is not None},
        )
        return redirect("accounts:reset_method")
    return render(request, "accounts/reset_start.html", {"form": form})


def _state(request: HttpRequest) -> dict | None:
    return flow.get(request, FLOW, max_age=FLOW_AGE)


def _user(state: dict) -> User | None:
    return User.objects.filter(pk=state["user_id"]).first() if state.get("user_id") else None


@never_cache
def choose_method(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if state is None:
        return redirect("accounts:reset")
    if request.method == "POST":
        method = request.POST.get("method")
        if method == "email":
            user = _user(state)
            if user is not None and user.email:
                passwords.send_reset_link(user, build_url=_build_link(request), ip=flow.client_ip(request))
            return render(request, "accounts/reset_email_sent.html", {"email_masked": state["email"]})
        if method == "sms":
            return redirect("accounts:reset_sms")
        if method == "wechat" and wechat.is_bound(state.get("user_id")):
            return redirect("wechat:reset")
        messages.error(request, _("请选择重置方式。"))
    # The page keeps one shape for an unknown account, a wrong name and a real account: e-mail
    # and SMS, with masked stand-ins where there is no account. Only an account bound to the
    # WeChat service account shows a third option, 微信验证重置密码 (manual §1.2.2 (c)). That
    # tells whoever holds a person's document number and name that the account exists and is
    # bound — the manual's design; step 1's per-target and per-IP limits bound such probing.
    context = {"state": state, "wechat": wechat.is_bound(state.get("user_id"))}
    return render(request, "accounts/reset_method.html", context)


@never_cache
@sensitive_post_parameters("password1", "password2", "sms_code")
def by_sms(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if state is None:
        return redirect("accounts:reset")
    user = _user(state)
    send_form = SendCodeForm(request=request, captcha_purpose="sms_send")
    form = SmsResetForm(user=user)
    if request.method == "POST" and request.POST.get("action") == "send":
        send_form = SendCodeForm(request.POST, request=request, captcha_purpose="sms_send")
        if send_form.is_valid():
            if user is not None and user.phone:
                sent, message = sms.send_code(request, phone=user.phone, purpose="reset", user=user)
            else:
                sent, message = True, _("验证码已发送至 %(phone)s，5 分钟内有效。") % {"phone": state["phone"]}
            (messages.success if sent else messages.error)(request, message)
            if sent:
                send_form = SendCodeForm(request=request, captcha_purpose="sms_send")
    elif request.method == "POST":
        form = SmsResetForm(request.POST, user=user)
        if form.is_valid():
            ok, message = (
                sms.check(user.phone, "reset", form.cleaned_data["sms_code"])
                if user and user.phone
                else (False, _("短信验证码不正确或已失效。"))
            )
            if ok:
                passwords.set_password(user, form.cleaned_data["password1"], reason="sms", ip=flow.client_ip(request))
                flow.drop(request, FLOW)
                messages.success(request, _("密码已重置，请用新密码登录。"))
                return redirect("accounts:login")
            form.add_error("sms_code", message)
    context = {"state": state, "send_form": send_form, "form": form}
    return render(request, "accounts/reset_sms.html", context)


@never_cache
@sensitive_post_parameters("password1", "password2")
def by_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pending = tokens.peek_token(token, TokenPurpose.PASSWORD_RESET)
    except DomainError as exc:
        return render(request, "accounts/link_problem.html", {"message": exc.message}, status=400)
    form = SetPasswordForm(request.POST or None, user=pending.user)
    if request.method == "POST" and form.is_valid():
        try:
            passwords.reset_with_link(token, form.cleaned_data["password1"], ip=flow.client_ip(request))
        except DomainError as exc:
            return render(request, "accounts/link_problem.html", {"message": exc.message}, status=400)
        messages.success(request, _("密码已重置，请用新密码登录。"))
        return redirect("accounts:login")
    return render(request, "accounts/reset_link.html", {"form": form})
