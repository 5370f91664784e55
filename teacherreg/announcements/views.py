"""公告 for the public: every announcement showing today, and each one on its own page.

There is no province choice for visitors (they are not signed in and we do not guess where
they are), so national and provincial announcements are listed together, each provincial one
labelled with its province. An announcement not showing today answers 404.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from teacherreg.announcements.models import Announcement
from teacherreg.common.dates import today

PAGE_SIZE = 15


def index(request: HttpRequest) -> HttpResponse:
    showing = Announcement.objects.current(today()).in_public_order()
    page = Paginator(showing, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "announcements/index.html", {"page": page})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = Announcement.objects.current(today()).in_public_order().filter(pk=pk).first()
    if found is None:
        raise Http404
    return render(request, "announcements/detail.html", {"announcement": found})
