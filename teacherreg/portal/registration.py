"""网上报名时间查询, the public version (manual §3.1.1): anyone can see which agencies take
applications and their confirmation points. The signed-in 报名 screen shows the same query
with the buttons that start an application (``applicant.views.registration``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from teacherreg.common.dates import today
from teacherreg.registration.services.windows import build_query


def windows(request: HttpRequest) -> HttpResponse:
    query = build_query(request.GET, today())
    return render(request, "portal/registration_windows.html", {"query": query, "choosing": False})
