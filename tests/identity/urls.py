"""The identity pages mounted the way the lead mounts them (``applicant:identity:…`` under
/me/identity/), with the admin and stand-ins for the account routes base.html links to."""

import contextlib

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def _placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


applicant_urls = (
    [
        path("", _placeholder, name="centre"),
        path("identity/", include("teacherreg.applicant.identity_urls")),
    ],
    "applicant",
)
accounts_urls = ([path("login/", _placeholder, name="login"), path("logout/", _placeholder, name="logout")], "accounts")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("account/", include(accounts_urls)),
    path("me/", include(applicant_urls)),
    # The header and footer link these (issue 8).
    path("announcements/", include("teacherreg.announcements.urls")),
    path("help/faq/", include("teacherreg.faq.urls")),
    path("", include("teacherreg.portal.urls")),
]

# The back office's session routes, which base.html's timeout dialog links to (the office
# app is being built in parallel; without it the dialog is simply not there).
with contextlib.suppress(ImportError):
    urlpatterns.insert(0, path("office/", include("teacherreg.office.urls")))
