"""公告 in the back office: list, write, edit, publish and take down (issue 8 item 3).

Thin views: the role guard, a lookup through ``reach`` (another province's answers 404), the
form, one service call. A new announcement is a draft until "保存并发布" or 发布 is pressed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teacherreg.announcements import reach
from teacherreg.announcements.forms import AnnouncementForm
from teacherreg.announcements.models import Announcement, province_label
from teacherreg.announcements.services import save_announcement, set_published
from teacherreg.common.dates import today
from teacherreg.office.access import staff_with_role

PAGE_SIZE = 20
PUBLISH = "publish"


@staff_with_role(*reach.EDITOR_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    found = reach.announcements(request.scope).order_by("-starts_on", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    day = today()
    rows = [{"announcement": a, "state": a.state_on(day)} for a in page]
    context = {
        "page": page,
        "rows": rows,
        "national": reach.writes_national(request.scope),
        "provinces": [province_label(org) for org in reach.provinces(request.scope)],
    }
    return render(request, "announcements/office/index.html", context)


def _form(request: HttpRequest, announcement: Announcement, data: dict | None = None) -> AnnouncementForm:
    provinces = reach.provinces(request.scope)
    # An announcement of a province since deactivated keeps its own province as a choice.
    if announcement.province is not None and announcement.province not in provinces:
        provinces.append(announcement.province)
    national = reach.writes_national(request.scope)
    if data is not None:
        return AnnouncementForm(data, provinces=provinces, national=national)
    initial = AnnouncementForm.initial_for(announcement, today())
    return AnnouncementForm(initial=initial, provinces=provinces, national=national)


def _page(request: HttpRequest, form: AnnouncementForm, announcement: Announcement) -> HttpResponse:
    return render(request, "announcements/office/form.html", {"form": form, "announcement": announcement})


def _save(request: HttpRequest, announcement: Announcement) -> HttpResponse:
    form = _form(request, announcement, request.POST)
    if not form.is_valid():
        return _page(request, form, announcement)
    form.apply_to(announcement)
    by = reach.editor(request, announcement.province_id)
    save_announcement(announcement, by=by)
    if request.POST.get("action") == PUBLISH and set_published(announcement, True, by=by):
        messages.success(request, _("公告已保存并发布。"))
    elif announcement.is_published:
        messages.success(request, _("公告已保存，修改立即在公开页面生效。"))
    else:
        messages.success(request, _("公告已保存为草稿，发布后才会公开显示。"))
    return redirect("office:announcements")


@staff_with_role(*reach.EDITOR_ROLES)
def create(request: HttpRequest) -> HttpResponse:
    provinces = reach.provinces(request.scope)
    national = reach.writes_national(request.scope)
    if not national and not provinces:
        # A province administrator registered below province level has no province to write for.
        return render(request, "announcements/office/no_province.html")
    announcement = Announcement(province=None if national else provinces[0])
    if request.method == "POST":
        return _save(request, announcement)
    return _page(request, _form(request, announcement), announcement)


@staff_with_role(*reach.EDITOR_ROLES)
def edit(request: HttpRequest, announcement: int) -> HttpResponse:
    found = reach.announcement_or_404(request.scope, announcement)
    if request.method == "POST":
        return _save(request, found)
    return _page(request, _form(request, found), found)


def _set(request: HttpRequest, pk: int, published: bool) -> HttpResponse:
    found = reach.announcement_or_404(request.scope, pk)
    changed = set_published(found, published, by=reach.editor(request, found.province_id))
    if published:
        text = _("《%(title)s》已发布。") if changed else _("《%(title)s》已经是发布状态。")
    else:
        text = _("《%(title)s》已撤下，公开页面不再显示。") if changed else _("《%(title)s》已经撤下。")
    messages.success(request, text % {"title": found.title})
    return redirect("office:announcements")


@staff_with_role(*reach.EDITOR_ROLES)
@require_POST
def publish(request: HttpRequest, announcement: int) -> HttpResponse:
    return _set(request, announcement, True)


@staff_with_role(*reach.EDITOR_ROLES)
@require_POST
def unpublish(request: HttpRequest, announcement: int) -> HttpResponse:
    return _set(request, announcement, False)
