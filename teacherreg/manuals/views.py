"""操作手册 pages: the index, one manual as a page, and its PDF, each in the page's language
(the English edition of a manual, or its Chinese original while the English is not written).

All public, the staff manuals too: they describe what each role's pages do and the rules the
system applies, which the staff member's own pages show anyway; nothing in them opens a door
(no addresses of internal hosts, no accounts, no secrets). Publishing them lets an agency print
the manual for a new colleague before their account exists.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from teacherreg.manuals import markdown, pdf
from teacherreg.manuals.catalogue import Manual, all_manuals, edition_of, manual


def _page_edition() -> str:
    """The edition the page's language asks for (set by LocaleMiddleware: the language
    switcher's cookie, else the browser's Accept-Language)."""
    return edition_of(get_language())


def _manual_or_404(slug: str) -> Manual:
    found = manual(slug, _page_edition())
    if found is None:
        raise Http404
    return found


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    wanted = _page_edition()
    manuals = all_manuals(wanted)
    context = {
        "wanted_language": wanted,
        "applicant_manuals": [m for m in manuals if m.entry.group == "applicant"],
        "staff_manuals": [m for m in manuals if m.entry.group == "staff"],
    }
    return render(request, "manuals/index.html", context)


@require_GET
def manual_page(request: HttpRequest, slug: str) -> HttpResponse:
    found = _manual_or_404(slug)
    context = {
        "manual": found,
        # The page is in a language this manual is not yet written in: it shows the Chinese
        # original, says so, and marks the text as Chinese for screen readers.
        "untranslated": found.language != _page_edition(),
        "toc": markdown.table_of_contents(found.document),
        # Safe: to_html escapes every character of the text and adds only its own tags.
        "body": mark_safe(markdown.to_html(found.document)),  # noqa: S308
    }
    return render(request, "manuals/manual.html", context)


@require_GET
def manual_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    found = _manual_or_404(slug)
    response = HttpResponse(pdf.pdf_for(found), content_type="application/pdf")
    filename = f"{found.title}.pdf"
    response["Content-Disposition"] = f"inline; filename=\"{slug}.pdf\"; filename*=UTF-8''{quote(filename)}"
    # The same edition and digest mean the same bytes: a browser may keep the file and ask
    # again cheaply. The same address serves either language, so the tag names the edition.
    response["ETag"] = f'"{found.digest[:20]}-{found.language}-l{pdf.LAYOUT_VERSION}"'
    response["Content-Language"] = found.language
    return response
