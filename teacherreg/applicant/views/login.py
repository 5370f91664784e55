"""Login and logout for applicants (issue 3 item 4, manual §1.2.3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.applicant.forms.auth import LoginForm
from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditResult
from teacherreg.common.session_flow import client_ip


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@never_cache
@sensitive_post_parameters("password", "document_number")
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request) or "applicant:centre")
    form = LoginForm(request.POST or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            user = form.user_cache
            previous = user.last_login
            login(request, user, backend=APPLICANT_BACKEND)
            # 上次登录时间 (manual §2.1) is the login before this one.
            request.session["previous_login"] = previous.isoformat() if previous else ""
            audit.record("account.login", user, actor=user, actor_role="applicant", ip=client_ip(request))
            return redirect(_next_url(request) or "applicant:centre")
        audit.record(
            "account.login",
            object_type="accounts.user",
            object_ref="",
            actor_role="applicant",
            result=AuditResult.FAILED,
            ip=client_ip(request),
            data={"errors": sorted({e.code or "" for e in form.non_field_errors().as_data()})},
        )
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(
            "account.logout", request.user, actor=request.user, actor_role=request.user.kind, ip=client_ip(request)
        )
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("portal:home")
