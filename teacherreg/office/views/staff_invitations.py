"""Inviting staff (P22) and accepting an invitation.

The invitation form and its withdrawal are office pages for managing roles. The page behind
the link is public: the invitee has no account yet. It is a sign-in pathway (the new account
is signed in once its password is set), guarded by the link's single-use 72-hour token, and
it ends on the authenticator enrolment, so no office page opens without the second factor.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.session_flow import client_ip
from teacherreg.office import staff_invitations as invitations
from teacherreg.office.staff_forms import AcceptInvitationForm, InviteForm
from teacherreg.office.staff_reach import reach_for
from teacherreg.office.views.staff import managers_only

BACKEND = STAFF_BACKEND


def invitation_url(raw: str) -> str:
    # From the configured site address, never the request's Host header (security.md §1.2).
    return settings.TEACHERREG_SITE_URL.rstrip("/") + reverse("office:staff_invitation", args=[raw])


@require_http_methods(["GET", "POST"])
@managers_only
def invite(request: HttpRequest) -> HttpResponse:
    reach = reach_for(request.scope)  # type: ignore[attr-defined]
    form = InviteForm(request.POST if request.method == "POST" else None, reach=reach)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _raw = invitations.invite(
                reach,
                name=data["name"],
                organisation=data["organisation"],
                role=data["role"],
                email=data["email"] or None,
                phone=data["phone"] or None,
                build_url=invitation_url,
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            sent_to = "、".join(
                value for value in (mask("email", invitation.email), mask("phone", invitation.phone)) if value
            )
            messages.success(
                request,
                _("已向%(name)s发送邀请（%(to)s），链接 %(hours)s 小时内有效。")
                % {"name": invitation.name, "to": sent_to, "hours": invitations.INVITATION_HOURS},
            )
            return redirect("office:staff_list")
    return render(request, "office/staff/invite.html", {"form": form})


@require_POST
@managers_only
def cancel_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    reach = reach_for(request.scope)  # type: ignore[attr-defined]
    invitation = invitations.invitation_or_404(reach, pk)
    try:
        invitations.cancel(reach, invitation, ip=client_ip(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤回对%(name)s的邀请，原链接已失效。") % {"name": invitation.name})
    return redirect("office:staff_list")


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    if request.user.is_authenticated:
        # Opening an account here signs it in, which would end the current session: say so
        # first instead of switching accounts under the person's feet.
        return render(request, "office/staff/invitation_signed_in.html")
    try:
        invitation = invitations.peek(token)
    except DomainError as exc:
        return render(request, "office/staff/invitation_problem.html", {"message": exc.message}, status=400)
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            user = invitations.accept(
                token,
                login_name=form.cleaned_data["login_name"],
                password=form.cleaned_data["password1"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            if exc.code.startswith("staff_invitation_"):
                return render(request, "office/staff/invitation_problem.html", {"message": exc.message}, status=400)
            form.add_error("login_name" if exc.code.startswith("staff_login_name") else None, exc.message)
        else:
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _("账号已开通，登录名是 %(username)s。最后一步：绑定手机上的身份验证器。")
                % {"username": user.username},
            )
            return redirect(reverse("office:enrol") + "?" + urlencode({"next": reverse("office:home")}))
    context = {"invitation": invitation, "form": form, "hours": invitations.INVITATION_HOURS}
    return render(request, "office/staff/invitation_accept.html", context)
