"""Table rows of the long work lists, written as HTML in Python.

The office queues show 50 rows of nine cells. Written in the template language, every cell
resolved its variables, translated its ``data-label`` and reversed its URL again for each row:
about 150,000 Python calls per page, most of the page's time (issue 7, ADR 0009). Here the
labels are translated once per page (``Labels``), the cells are joined as text
(every value escaped by ``html_text.text``, as the template did) and the template prints each finished row.
The markup is the same as the templates wrote: ``table-stack`` reads ``data-label`` on phones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from teacherreg.common.html_text import text

# A case number's shape (15 digits), to reverse a case link once per page (url_cache.path_with).
CASE_NUMBER = "0" * 15
# A value that is not there, as the lists have always shown it.
NOTHING = mark_safe('<span class="text-muted-strong">—</span>')


class Labels(dict[str, str]):
    """Column labels translated once for the page: ``Labels(number=_("注册报名号"), …)``.

    Lazy translations are turned into text here, in the language of the request.
    """

    def __init__(self, **labels: object) -> None:
        super().__init__({key: str(value) for key, value in labels.items()})


def cell(label: str, content: object, css: str = "") -> str:
    """``<td class=… data-label=…>content</td>``; ``content`` is escaped unless it is safe."""
    klass = f' class="{text(css)}"' if css else ""
    return f'<td{klass} data-label="{text(label)}">{text(content)}</td>'


def row(cells: Iterable[str]) -> SafeString:
    """The finished ``<tr>`` of cells made by ``cell`` (already escaped)."""
    return mark_safe("<tr>" + "".join(cells) + "</tr>")  # noqa: S308 — every part escaped by ``cell``


def safe(fragment: str) -> SafeString:
    """A fragment whose values went through ``text``."""
    return mark_safe(fragment)  # noqa: S308 — the caller escaped each value with ``text``


def link(url: str, content: object) -> SafeString:
    return mark_safe(f'<a href="{text(url)}">{text(content)}</a>')  # noqa: S308 — both escaped


def minute(moment: datetime.datetime | None) -> str:
    """``2026-09-01 08:30`` in the site's time zone (Asia/Shanghai), as ``|date:"Y-m-d H:i"``."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def day(value: datetime.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""
