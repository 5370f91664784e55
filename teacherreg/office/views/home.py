from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from teacherreg.office.access import staff_verified


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
    context = {"memberships": memberships, "has_admin_pages": bool(admin.site.get_app_list(request))}
    return render(request, "office/home.html", context)
