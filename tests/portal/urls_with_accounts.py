"""A URL configuration with the account routes the portal header links to once they exist,
and a page that shows messages."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def _placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def _messages_demo(request: HttpRequest) -> HttpResponse:
    messages.error(request, "报名号格式不正确")
    messages.success(request, "草稿已保存")
    return render(request, "portal/home.html")


applicant_urls = ([path("", _placeholder, name="centre")], "applicant")
accounts_urls = (
    [path("login/", _placeholder, name="login"), path("logout/", _placeholder, name="logout")],
    "accounts",
)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("me/", include(applicant_urls)),
    path("accounts/", include(accounts_urls)),
    path("messages-demo/", _messages_demo),
    # The header, footer and home page link these (issue 8).
    path("announcements/", include("teacherreg.announcements.urls")),
    path("help/faq/", include("teacherreg.faq.urls")),
    path("help/manuals/", include("teacherreg.manuals.urls")),
    path("", include("teacherreg.support.urls")),
    path("", include("teacherreg.portal.urls")),
]
