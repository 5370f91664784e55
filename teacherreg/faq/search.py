"""Searching the FAQ: what a visitor may type, and how it is matched.

Any input is safe here: the ORM passes it as a parameter and escapes ``%`` and ``_`` for
``icontains`` on SQLite and PostgreSQL alike; control, format and private-use characters are
dropped (PostgreSQL refuses a NUL, and none of them can occur in our text); the query is cut to
``MAX_QUERY`` characters and at most ``MAX_TERMS`` words are used.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q, QuerySet

MAX_QUERY = 100
MAX_TERMS = 5
# "12", "常见问题12" or "常见问题 12" as one word finds entry 12 by its number.
NUMBER = re.compile(r"^(?:常见问题)?(\d{1,6})$")
NUMBERED = re.compile(r"常见问题\s+(\d)")


def clean_query(raw: str) -> tuple[str, bool]:
    """The query to search for, and whether it had to be shortened."""
    kept = "".join(ch for ch in raw if ch.isspace() or not unicodedata.category(ch).startswith("C"))
    text = " ".join(kept.split())  # also folds the full-width space U+3000
    return text[:MAX_QUERY].strip(), len(text) > MAX_QUERY


def terms_of(query: str) -> list[str]:
    # "常见问题 12" is one reference, not two words ("常见问题" alone would match nothing).
    return NUMBERED.sub(r"常见问题\1", query).split()[:MAX_TERMS]


def condition(query: str) -> Q:
    """Question or answer holds every word of ``query`` (case-insensitive); empty: everything."""
    combined = Q()
    for term in terms_of(query):
        either = Q(question__icontains=term) | Q(answer__icontains=term)
        number = NUMBER.match(term)
        if number:
            either |= Q(number=int(number.group(1)))
        combined &= either
    return combined


def matching(entries: QuerySet, query: str) -> QuerySet:
    return entries.filter(condition(query))
