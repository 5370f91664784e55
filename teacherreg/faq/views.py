"""常见问题 for the public (manual §4; no login): the searchable list and one numbered entry.

Only published entries are shown; an unpublished or unknown number answers 404. The list is
grouped by category in the manual's order and paginated; the search words and the category
ride along in every page link. English pages show each entry's English edition where it has
one, else the Chinese with a note (``Entry.shown_question`` / ``in_chinese_only``), and search
both editions.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from teacherreg.faq.models import Category, Entry, english_page
from teacherreg.faq.search import MAX_QUERY, clean_query, condition, matching

PAGE_SIZE = 10
RELATED = 8


@dataclass(frozen=True)
class Group:
    """A run of entries of one category on the current page."""

    category: str
    label: str
    entries: list[Entry]


def _groups(entries: list[Entry]) -> list[Group]:
    groups: list[Group] = []
    for entry in entries:
        if not groups or groups[-1].category != entry.category:
            groups.append(Group(entry.category, entry.get_category_display(), []))
        groups[-1].entries.append(entry)
    return groups


def _published_index(query: str = "", *, english: bool = False) -> tuple[set[int], dict[str, int]]:
    """Every published number (for "常见问题 N" links) and, per category, how many entries
    match ``query`` (all of them without one): one query, the match worked out in SQL."""
    numbers: set[int] = set()
    counts = dict.fromkeys(Category.values, 0)
    hit = (
        Case(
            When(condition(query, english=english), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
        if query
        else Value(True, output_field=BooleanField())
    )
    rows = Entry.objects.published().annotate(hit=hit)
    for number, category, hit in rows.values_list("number", "category", "hit"):
        numbers.add(number)
        if hit:
            counts[category] = counts.get(category, 0) + 1
    return numbers, counts


@require_GET
def faq_list(request: HttpRequest) -> HttpResponse:
    query, shortened = clean_query(request.GET.get("q", ""))
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    english = english_page()
    linkable, counts = _published_index(query, english=english)

    entries = Entry.objects.published()
    if category:
        entries = entries.filter(category=category)
    if query:
        entries = matching(entries, query, english=english)
    page = Paginator(entries.in_reading_order(), PAGE_SIZE).get_page(request.GET.get("page"))

    kept = {name: value for name, value in (("q", query), ("category", category)) if value}
    context = {
        "query": query,
        "shortened": shortened,
        "max_query": MAX_QUERY,
        "category": category,
        "category_label": Category(category).label if category else "",
        "categories": [(value, label, counts.get(value, 0)) for value, label in Category.choices],
        "total": sum(counts.values()),
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "groups": _groups(list(page.object_list)),
        "linkable": linkable,
        # Page links carry the search: "?q=…&category=…&page=N".
        "keep": urlencode(kept),
        "query_only": urlencode({"q": query}) if query else "",
    }
    return render(request, "faq/list.html", context)


@require_GET
def faq_detail(request: HttpRequest, number: int) -> HttpResponse:
    """The stable address of "常见问题 N", whatever page of the list it falls on."""
    entry = get_object_or_404(Entry.objects.published(), number=number)
    linkable, _counts = _published_index()
    related = (
        Entry.objects.published().filter(category=entry.category).exclude(pk=entry.pk).in_reading_order()[:RELATED]
    )
    # "item", not "entry": the header reads the site-wide ``entry`` links from the context.
    context = {"item": entry, "related": list(related), "linkable": linkable}
    return render(request, "faq/detail.html", context)
