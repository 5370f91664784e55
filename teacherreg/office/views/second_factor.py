"""The staff second factor pages: type the code, or bind an authenticator first (P22)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from teacherreg.accounts import totp
from teacherreg.accounts.session_policy import login_url_for
from teacherreg.office import qr
from teacherreg.office.access import staff_signed_in
from teacherreg.office.forms import CodeForm
from teacherreg.office.second_factor import (
    clear_pending_secret,
    is_verified,
    mark_verified,
    pending_secret,
    set_pending_secret,
)


def safe_next(request: HttpRequest) -> str:
    """Where to go after the factor: the page the gate interrupted, if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("office:home")


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _with_next(name: str, next_url: str) -> str:
    return reverse(name) + "?" + urlencode({"next": next_url})


def _refusal(result: totp.Result) -> str:
    if result.locked:
        if result.locked_until:
            until = timezone.localtime(result.locked_until).strftime("%H:%M")
            return _("动态口令连续输错次数过多，已暂时锁定。请在 %(time)s 之后再试；手机丢失的，请联系安全管理员。") % {
                "time": until
            }
        return _("动态口令连续输错次数过多，已暂时锁定，请稍后再试。")
    if result.outcome is totp.Outcome.REPLAYED:
        return _("这个动态口令已经用过。请等应用显示新的口令后再输入。")
    return ngettext(
        "动态口令不正确，还可以再试 %(count)s 次。",
        "动态口令不正确，还可以再试 %(count)s 次。",
        result.attempts_left,
    ) % {"count": result.attempts_left}


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@staff_signed_in
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = safe_next(request)
    if not user.totp_secret:
        return redirect(_with_next("office:enrol", next_url))
    if is_verified(request):
        return redirect(next_url)
    state = totp.lock_state(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        result = totp.check(user, form.cleaned_data["code"], ip=client_ip(request))
        if result.ok:
            mark_verified(request)
            return redirect(next_url)
        state = result
        form.add_error("code", _refusal(result))
    return render(
        request,
        "office/verify.html",
        {"form": form, "next": next_url, "locked_message": _refusal(state) if state.locked else ""},
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@staff_signed_in
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = safe_next(request)
    if user.totp_secret:
        clear_pending_secret(request)
        return redirect(_with_next("office:verify", next_url))
    secret = pending_secret(request)
    if secret is None:
        # The same seed across reloads until a code confirms it: scanning twice is harmless.
        secret = totp.new_secret()
        set_pending_secret(request, secret)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        result = totp.enrol(user, secret, form.cleaned_data["code"], ip=client_ip(request))
        if result.ok:
            clear_pending_secret(request)
            mark_verified(request)
            messages.success(request, _("身份验证器已绑定。以后每次登录都要输入它显示的动态口令。"))
            return redirect(next_url)
        if result.outcome is totp.Outcome.ALREADY_ENROLLED:
            clear_pending_secret(request)
            return redirect(_with_next("office:verify", next_url))
        form.add_error("code", _refusal(result))
    return render(
        request,
        "office/enrol.html",
        {
            "form": form,
            "next": next_url,
            "secret": _grouped(secret),
            "account": user.username,
            "issuer": totp.ISSUER,
            "qr": qr.svg(totp.provisioning_uri(user, secret), label=_("绑定身份验证器的二维码")),
        },
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Sign out and clear the session (ASVS 7.4.1: the server-side row goes). Works for any
    account, so the timeout dialog can use it for applicants too."""
    user = request.user
    login_url = login_url_for(user) if user.is_authenticated else reverse("admin:login")
    auth_logout(request)
    messages.info(request, _("您已退出登录。"))
    return redirect(login_url)
