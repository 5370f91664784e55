"""Staff accounts in the member's reach (P21, P22): the list, one account, and the actions on
it. Thin: the decorator admits managing roles only, :class:`Reach` finds the rows (404 outside
it), the services in ``staff_services`` make every change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teacherreg.accounts.models import User
from teacherreg.common.errors import DomainError
from teacherreg.common.session_flow import client_ip
from teacherreg.office import staff_services
from teacherreg.office.access import staff_with_role
from teacherreg.office.access_log import record_view
from teacherreg.office.staff_forms import GrantRoleForm
from teacherreg.office.staff_invitations import open_invitations
from teacherreg.office.staff_reach import MANAGER_ROLES, Reach, reach_for

managers_only = staff_with_role(*MANAGER_ROLES)
PAGE_SIZE = 50
STATES = ("active", "disabled", "invited")


def _reach(request: HttpRequest) -> Reach:
    return reach_for(request.scope)  # type: ignore[attr-defined]


@require_GET
@managers_only
def staff_list(request: HttpRequest) -> HttpResponse:
    reach = _reach(request)
    query = request.GET.get("q", "").strip()[:50]
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    roles_in_reach = Prefetch(
        "memberships",
        queryset=reach.memberships().filter(is_active=True).select_related("organisation").order_by("pk"),
        to_attr="roles_in_reach",
    )
    accounts = (
        reach.accounts()
        .select_related("staff_state")
        .prefetch_related(roles_in_reach)
        .order_by("name", "username", "pk")
    )
    invitations = open_invitations(reach)
    if query:
        accounts = accounts.filter(Q(name__icontains=query) | Q(username__icontains=query))
        invitations = invitations.filter(name__icontains=query)
    if state == "invited":
        accounts = accounts.none()
    elif state:
        accounts = accounts.filter(is_active=state == "active")
        invitations = invitations.none()
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "invitations": list(invitations[:PAGE_SIZE]),
        "query": query,
        "state": state,
        "may_invite": bool(reach.grantable_roles),
    }
    return render(request, "office/staff/list.html", context)


def _detail(request: HttpRequest, reach: Reach, account: User, form: GrantRoleForm | None = None) -> HttpResponse:
    memberships = (
        reach.memberships()
        .filter(user=account)
        .select_related("organisation")
        .order_by("-is_active", "organisation__level", "organisation__name", "role")
    )
    outside = reach.outside_roles(account)
    is_self = account.pk == request.user.pk
    context: dict[str, Any] = {
        "account": account,
        "memberships": memberships,
        "outside_roles": outside,
        "is_self": is_self,
        "may_switch": not is_self and not account.is_superuser and not outside,
        "form": form or GrantRoleForm(reach=reach),
        "state": getattr(account, "staff_state", None),
    }
    return render(request, "office/staff/detail.html", context)


@require_GET
@managers_only
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reach = _reach(request)
    account = reach.account_or_404(pk)
    # The page shows the account's contacts (masked): a view of personal data, recorded.
    record_view(request, account, "staff_account")
    return _detail(request, reach, account)


def _done(request: HttpRequest, account: User, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("office:staff_detail", pk=account.pk)


@require_POST
@managers_only
def staff_disable(request: HttpRequest, pk: int) -> HttpResponse:
    reach = _reach(request)
    account = reach.account_or_404(pk)
    return _done(
        request,
        account,
        lambda: staff_services.disable_account(reach, account, ip=client_ip(request)),
        _("账号已停用。此人现有的登录立即失效，启用前不能再登录。"),
    )


@require_POST
@managers_only
def staff_enable(request: HttpRequest, pk: int) -> HttpResponse:
    reach = _reach(request)
    account = reach.account_or_404(pk)
    return _done(
        request,
        account,
        lambda: staff_services.enable_account(reach, account, ip=client_ip(request)),
        _("账号已启用。90 天未登录的期限从现在重新计算。"),
    )


@require_POST
@managers_only
def staff_grant(request: HttpRequest, pk: int) -> HttpResponse:
    reach = _reach(request)
    account = reach.account_or_404(pk)
    form = GrantRoleForm(request.POST, reach=reach)
    if not form.is_valid():
        return _detail(request, reach, account, form)
    organisation, role = form.cleaned_data["organisation"], form.cleaned_data["role"]
    try:
        membership = staff_services.grant_role(reach, account, organisation, role, ip=client_ip(request))
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _detail(request, reach, account, form)
    messages.success(
        request,
        _("已授予“%(role)s”（%(organisation)s）。")
        % {"role": membership.get_role_display(), "organisation": organisation.name},
    )
    return redirect("office:staff_detail", pk=account.pk)


@require_POST
@managers_only
def staff_revoke(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    reach = _reach(request)
    account = reach.account_or_404(pk)
    membership = reach.memberships().filter(user=account, pk=membership_pk).select_related("organisation").first()
    if membership is None:
        raise Http404
    return _done(
        request,
        account,
        lambda: staff_services.revoke_role(reach, membership, ip=client_ip(request)),
        _("已撤销“%(role)s”（%(organisation)s）。")
        % {"role": membership.get_role_display(), "organisation": membership.organisation.name},
    )
