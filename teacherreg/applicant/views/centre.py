"""个人信息中心 · 个人身份信息 (manual §2.1, issue 3 item 7)."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from teacherreg.accounts import throttles
from teacherreg.accounts.models import UserKind
from teacherreg.accounts.services import contacts, passwords
from teacherreg.applicant.forms.auth import CodeForm, PhoneForm
from teacherreg.applicant.forms.centre import ChangePasswordForm, EmailForm, ProfileForm, ReauthForm
from teacherreg.common import ratelimit
from teacherreg.common import session_flow as flow
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.notify import pages as sms

REAUTH_SECONDS = 20 * 60  # issue 3 item 7: a phone change needs a password within 20 minutes


def applicant_required(view):
    """Signed-in applicants only; staff have the office."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.kind != UserKind.APPLICANT:
            return redirect("office:home") if _has_url("office:home") else redirect("portal:home")
        return view(request, *args, **kwargs)

    return wrapper


def _has_url(name: str) -> bool:
    try:
        reverse(name)
    except Exception:
        return False
    return True


def reauth_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if time.time() - request.session.get("reauth_at", 0) > REAUTH_SECONDS:
            return redirect(f"{reverse('applicant:reauth')}?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapper


@applicant_required
def centre(request: HttpRequest) -> HttpResponse:
    """The hub of the seven modules of manual §2, in the manual's order."""
    # Imported here: the rest of this module is the account pages, which need neither.
    from teacherreg.certificates.models import VerificationState
    from teacherreg.certificates.services.sync import sync_certificates
    from teacherreg.records.overview import summaries

    user = request.user
    previous = parse_datetime(request.session.get("previous_login") or "")
    counts = summaries(user)
    certificates = sync_certificates(user)

    def records(count: int) -> str:
        return _("共 %(count)s 条记录") % {"count": count} if count else _("暂无记录")

    def module(slug: str, title: str, url: str, summary: str, pending: int = 0, rejected: int = 0) -> dict:
        return {"slug": slug, "title": title, "url": url, "summary": summary, "pending": pending, "rejected": rejected}

    def record_module(slug: str, title: str) -> dict:
        found = counts[slug]
        url = reverse("applicant:record_list", args=[slug])
        return module(slug, title, url, records(found.count), found.pending, found.rejected)

    pending_certificates = sum(1 for c in certificates if c.verification_state == VerificationState.PENDING)
    modules = [
        module(
            "identity",
            _("个人身份信息"),
            "#identity-info",
            _("姓名、证件、手机号码和电子邮箱"),
        ),
        module("exams", _("教师资格考试信息"), reverse("applicant:record_exams"), records(counts["exams"].count)),
        record_module("mandarin", _("普通话证书信息")),
        record_module("education", _("学历学籍信息")),
        record_module("degree", _("学位证书信息")),
        module(
            "certificates",
            _("教师资格证书信息"),
            reverse("applicant:certificates"),
            _("共 %(count)s 本证书") % {"count": len(certificates)} if certificates else _("暂无证书"),
            pending_certificates,
        ),
        record_module("other", _("其他证书信息")),
    ]
    context = {
        "previous_login": previous,
        "name_masked": mask("name", user.name),
        "document_masked": mask("document_number", user.document_number),
        "phone_masked": mask("phone", user.phone),
        "email_masked": mask("email", user.email),
        "identity_url": reverse("applicant:identity:verify"),
        "modules": modules,
    }
    return render(request, "applicant/centre.html", context)


@applicant_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("个人信息已保存。"))
        return redirect("applicant:centre")
    return render(request, "applicant/edit_profile.html", {"form": form})


@applicant_required
@sensitive_post_parameters("current", "password1", "password2")
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        passwords.set_password(
            request.user, form.cleaned_data["password1"], reason="change", ip=flow.client_ip(request)
        )
        # This session stays; every other session of the account ends with the old hash.
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改。其他设备上的登录已失效。"))
        return redirect("applicant:centre")
    return render(request, "applicant/change_password.html", {"form": form})


@applicant_required
@sensitive_post_parameters("password")
def reauth(request: HttpRequest) -> HttpResponse:
    form = ReauthForm(request.POST or None)
    target = request.GET.get("next") or request.POST.get("next") or reverse("applicant:centre")
    # Only our own pages that asked for the password: never an outside or arbitrary address.
    if not target.startswith(("/me/", "/wechat/")) or "//" in target:
        target = reverse("applicant:centre")
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(throttles.REAUTH_PER_USER, str(request.user.pk)).allowed:
            form.add_error(None, _("尝试次数过多，请 15 分钟后再试。"))
        elif request.user.check_password(form.cleaned_data["password"]):
            request.session["reauth_at"] = time.time()
            return redirect(target)
        else:
            form.add_error("password", _("当前密码不正确。"))
    return render(request, "applicant/reauth.html", {"form": form, "next": target})


PHONE_FLOW = "phone_change"


@applicant_required
@reauth_required
def change_phone(request: HttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST or None, request=request, captcha_purpose="sms_send")
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if phone == request.user.phone:
            form.add_error("phone", DomainError("phone_unchanged").message)
        else:
            sent, message = sms.send_code(request, phone=phone, purpose="phone_change", user=request.user)
            if sent:
                flow.put(request, PHONE_FLOW, {"phone": phone})
                messages.success(request, message)
                return redirect("applicant:change_phone_code")
            form.add_error(None, message)
    return render(
        request, "applicant/change_phone.html", {"form": form, "phone_masked": mask("phone", request.user.phone)}
    )


@applicant_required
@reauth_required
def change_phone_code(request: HttpRequest) -> HttpResponse:
    state = flow.get(request, PHONE_FLOW, max_age=10 * 60)
    if state is None:
        return redirect("applicant:change_phone")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, message = sms.check(state["phone"], "phone_change", form.cleaned_data["sms_code"])
        if ok:
            contacts.change_phone(request.user, state["phone"], ip=flow.client_ip(request))
            flow.drop(request, PHONE_FLOW)
            messages.success(request, _("手机号码已修改为 %(phone)s。") % {"phone": mask("phone", state["phone"])})
            return redirect("applicant:centre")
        form.add_error("sms_code", message)
    return render(
        request, "applicant/change_phone_code.html", {"form": form, "phone_masked": mask("phone", state["phone"])}
    )


@applicant_required
@reauth_required
def change_email(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contacts.request_email_change(
                request.user,
                form.cleaned_data["email"],
                build_url=lambda raw: (
                    settings.TEACHERREG_SITE_URL.rstrip("/") + reverse("applicant:confirm_email", args=[raw])
                ),
            )
        except DomainError as exc:
            form.add_error("email", exc.message)
        else:
            messages.success(
                request,
                _("确认邮件已发送至 %(email)s，请在 24 小时内点击邮件中的链接完成修改。")
                % {"email": mask("email", form.cleaned_data["email"])},
            )
            return redirect("applicant:centre")
    return render(
        request, "applicant/change_email.html", {"form": form, "email_masked": mask("email", request.user.email)}
    )


@never_cache
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """Followed from the e-mail, possibly on another device: the token is the authority."""
    if request.method != "POST":
        return render(request, "applicant/confirm_email.html", {})
    try:
        user = contacts.confirm_email_change(token, ip=flow.client_ip(request))
    except DomainError as exc:
        return render(request, "accounts/link_problem.html", {"message": exc.message}, status=400)
    messages.success(request, _("电子邮箱已修改为 %(email)s。") % {"email": mask("email", user.email)})
    return redirect("applicant:centre" if request.user.is_authenticated else "accounts:login")
