"""网上报名时间查询, the public version (manual §3.1.1): anyone can see which agencies take
applications and their confirmation points. The signed-in 报名 screen shows the same query
with the buttons that start an application (``applicant.views.registration``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from teacherreg.common.dates import today
from teacherreg.common.page_cache import anonymous_page
from teacherreg.registration.services.windows import build_query


# Anonymous visitors share one drawn page per query and day (common.page_cache): the peak's
# most asked question, answered the same way for everyone until a plan or window changes.
@anonymous_page("windows")
def windows(request: HttpRequest) -> HttpResponse:
    query = build_query(request.GET, today())
    return render(request, "portal/registration_windows.html", {"query": query, "choosing": False})
