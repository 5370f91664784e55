from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from teacherreg.office.access import staff_verified
from teacherreg.office.areas import areas_for
from teacherreg.office.scope import scope_for


@staff_verified
def home(request: HttpRequest) -> HttpResponse:
    """The back office landing page: who you are here and the office areas you may use."""
    memberships = (
        request.user.memberships.filter(is_active=True)
        .select_related("organisation")
        .order_by("organisation__level", "organisation__name", "role")
    )
    # The office areas this member can open (teacherreg/office/areas.py).
    areas = [
        {"url": reverse(area.url_name), "label": area.label, "text": area.text}
        for area in areas_for(scope_for(request.user))
    ]
    context = {
        "memberships": memberships,
        "areas": areas,
        "has_admin_pages": bool(admin.site.get_app_list(request)),
    }
    return render(request, "office/home.html", context)
