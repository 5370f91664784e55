"""常见问题 in the back office (/office/faq/): the system administrator (P21) writes, edits,
publishes and unpublishes entries. Thin views: the guard, the form, one service call each.
Nothing deletes an entry; unpublishing is the way to take one down, so its number stays taken.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teacherreg.common.session_flow import client_ip
from teacherreg.faq import services
from teacherreg.faq.forms import EntryForm
from teacherreg.faq.models import Category, Entry
from teacherreg.faq.search import MAX_QUERY, clean_query, matching
from teacherreg.office.access import staff_with_role

editors_only = staff_with_role(*services.EDITOR_ROLES)
PAGE_SIZE = 50
STATES = ("published", "unpublished")


def _actor(request: HttpRequest) -> services.Actor:
    membership = next(m for m in request.scope.memberships if m.role in services.EDITOR_ROLES)  # type: ignore[attr-defined]
    return services.Actor(request.user, membership.role, membership.organisation_id, client_ip(request) or None)


def _back_to_list(entry: Entry) -> HttpResponse:
    return redirect(reverse("office:faq_list") + f"#faq-{entry.number}")


@require_GET
@editors_only
def faq_list(request: HttpRequest) -> HttpResponse:
    """Every entry, published or not, with filters by words, category and state."""
    query, _shortened = clean_query(request.GET.get("q", ""))
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    entries = Entry.objects.all()
    if category:
        entries = entries.filter(category=category)
    if state:
        entries = entries.filter(is_published=state == "published")
    if query:
        # Administrators keep both editions, so either finds the entry whatever the page language.
        entries = matching(entries, query, english=True)
    page = Paginator(entries.in_reading_order(), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {name: value for name, value in (("q", query), ("category", category), ("state", state)) if value}
    context = {
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "query": query,
        "max_query": MAX_QUERY,
        "category": category,
        "categories": Category.choices,
        "state": state,
        "keep": urlencode(kept),
    }
    return render(request, "faq/office/list.html", context)


def _form_page(request: HttpRequest, form: EntryForm, entry: Entry | None, **extra: Any) -> HttpResponse:
    linkable = set(Entry.objects.values_list("number", flat=True))
    # "item", not "entry": the header reads the site-wide ``entry`` links from the context.
    context = {"form": form, "item": entry, "linkable": linkable, **extra}
    return render(request, "faq/office/form.html", context)


@editors_only
def faq_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = EntryForm(request.POST, creating=True)
        if form.is_valid():
            entry = services.create_entry(
                **form.values(), is_published=form.cleaned_data["is_published"], by=_actor(request)
            )
            messages.success(request, _("已新建常见问题 %(number)s。") % {"number": entry.number})
            return _back_to_list(entry)
    else:
        form = EntryForm(creating=True, initial={"category": request.GET.get("category", "")})
    return _form_page(request, form, None)


@editors_only
def faq_edit(request: HttpRequest, number: int) -> HttpResponse:
    entry = get_object_or_404(Entry, number=number)
    if request.method != "POST":
        initial = {name: getattr(entry, name) for name in services.FIELDS} | {"version": entry.version}
        return _form_page(request, EntryForm(initial=initial), entry)
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, entry)
    try:
        services.update_entry(number, version=form.cleaned_data["version"], by=_actor(request), **form.values())
    except services.FaqError as refused:
        if refused.code == "faq_unchanged":
            messages.info(request, refused.message)
            return _back_to_list(entry)
        # Someone saved first: keep what this editor typed, show what is saved now, and let
        # the next save go through against the current version.
        entry.refresh_from_db()
        data = request.POST.copy()
        data["version"] = str(entry.version)
        form = EntryForm(data)
        form.is_valid()
        return _form_page(request, form, entry, stale=refused.message)
    messages.success(request, _("常见问题 %(number)s 已保存。") % {"number": number})
    return _back_to_list(entry)


def _set_published(request: HttpRequest, number: int, published: bool) -> HttpResponse:
    entry = get_object_or_404(Entry, number=number)
    try:
        services.set_published(number, published, by=_actor(request))
    except services.FaqError as refused:
        messages.info(request, refused.message)
    else:
        done = _("常见问题 %(number)s 已发布。") if published else _("常见问题 %(number)s 已撤下，公众不再看到它。")
        messages.success(request, done % {"number": number})
    return _back_to_list(entry)


@require_POST
@editors_only
def faq_publish(request: HttpRequest, number: int) -> HttpResponse:
    return _set_published(request, number, True)


@require_POST
@editors_only
def faq_unpublish(request: HttpRequest, number: int) -> HttpResponse:
    return _set_published(request, number, False)
