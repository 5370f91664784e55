"""Public pages: the home page and the landing page of each top-level section.

The text lives in the templates; the home page and 网上办事 also show the current 公告
(``teacherreg.announcements``, one query). Anonymous visitors get these pages from the page
cache (``common.page_cache``): the same HTML for all of them, redrawn when a notice changes.
"""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from teacherreg.accounts.models import TERMS_VERSION
from teacherreg.common.page_cache import anonymous_page


@anonymous_page("portal")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@anonymous_page("portal")
def services(request: HttpRequest) -> HttpResponse:
    """网上办事: the business platform. Lists registration business only (P1)."""
    return render(request, "portal/services.html")


@anonymous_page("portal")
def certificate_query(request: HttpRequest) -> HttpResponse:
    """证书查询: explains 本人查询 and 其他查询 and what they can find."""
    return render(request, "portal/certificate_query.html")


@anonymous_page("portal")
def help_page(request: HttpRequest) -> HttpResponse:
    """咨询服务: questions by category, e-mail and telephone support, the short guide."""
    return render(request, "portal/help.html")


# When the accessibility statement was last checked against the site (change it with the text).
ACCESSIBILITY_REVIEWED_ON = datetime.date(2026, 11, 28)


def terms(request: HttpRequest) -> HttpResponse:
    """用户服务协议 and 个人信息处理规则, agreed to at sign-up (P20: our own text)."""
    return render(request, "portal/terms.html", {"version": TERMS_VERSION})


def accessibility(request: HttpRequest) -> HttpResponse:
    """无障碍声明 (issue 8 item 5; security.md §2.8): the standard we aim at, how we check it,
    what is known not to meet it yet, and how to tell us (our own text, P20)."""
    return render(request, "portal/accessibility.html", {"reviewed_on": ACCESSIBILITY_REVIEWED_ON})
