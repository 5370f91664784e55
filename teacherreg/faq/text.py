"""Answers are plain text written in the office; this turns one into safe HTML.

The text is escaped first (Django's ``linebreaks`` with autoescape: a blank line starts a new
paragraph, a single line break becomes ``<br>``). Only then is each "常见问题 N" (in English
"Common question N", the English pages' name for it, or "FAQ N") that names a question the
reader can open turned into a link, so nothing an administrator types can become markup: the
pattern matches digits and fixed letters, none of which escaping alters.
"""

from __future__ import annotations

import re
from collections.abc import Container

from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

REFERENCE = re.compile(r"(?:常见问题\s?|\bFAQ |\bCommon question )(\d{1,6})")


def render_answer(text: str, linkable: Container[int]) -> SafeString:
    html = str(linebreaks_filter(text, autoescape=True))

    def link(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number not in linkable:
            return match.group(0)
        return f'<a href="{reverse("faq:detail", args=[number])}">{match.group(0)}</a>'

    # Safe: ``html`` is escaped output, and the only text added is a reversed URL of an int.
    return mark_safe(REFERENCE.sub(link, html))  # noqa: S308
