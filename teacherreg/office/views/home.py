from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from teacherreg.office.access import staff_verified
from teacherreg.office.plan_access import SETUP_ROLES
from teacherreg.office.scope import scope_for
from teacherreg.office.staff_reach import MANAGER_ROLES


@staff_verified
def home(request: HttpRequest) -> HttpResponse:
    """The back office landing page: who you are here. The review queues are still in the
    admin until the office issue (P21), and the page says so — including when the admin has
    nothing for this account yet (roles are not mapped to admin permissions)."""
    memberships = (
        request.user.memberships.filter(is_active=True)
        .select_related("organisation")
        .order_by("organisation__level", "organisation__name", "role")
    )
    scope = scope_for(request.user)
    # The office areas this member can open (one per slice of issue 6, as they land).
    areas = []
    if scope.has_role(*MANAGER_ROLES):
        areas.append(
            {
                "url": reverse("office:staff_list"),
                "label": _("工作人员管理"),
                "text": _("邀请工作人员，停用或启用账号，授予或撤销角色。"),
            }
        )
    if scope.has_role(*SETUP_ROLES):
        areas.append(
            {
                "url": reverse("office:plans"),
                "label": _("注册计划与网报"),
                "text": _("省级注册计划、本机构的网报批次、网报时间和确认点安排。"),
            }
        )
    context = {
        "memberships": memberships,
        "areas": areas,
        "has_admin_pages": bool(admin.site.get_app_list(request)),
    }
    return render(request, "office/home.html", context)
