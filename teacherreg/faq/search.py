"""Searching the FAQ: what a visitor may type, and how it is matched.

Any input is safe here: the ORM passes it as a parameter and escapes ``%`` and ``_`` for
``icontains`` on SQLite and PostgreSQL alike; control, format and private-use characters are
dropped (PostgreSQL refuses a NUL, and none of them can occur in our text); the query is cut to
``MAX_QUERY`` characters and at most ``MAX_TERMS`` words are used.

The Chinese is always searched. The English edition is searched too where the reader can see
it (English pages, and the office, which shows both): a Chinese page would otherwise list an
entry for a word that appears nowhere on it. ``icontains`` folds ASCII case on both databases,
which is all English needs.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q, QuerySet

MAX_QUERY = 100
MAX_TERMS = 5
# "12", "常见问题12", "常见问题 12" or "FAQ 12" as one word finds entry 12 by its number.
NUMBER = re.compile(r"^(?:常见问题|faq)?(\d{1,6})$", re.IGNORECASE)
NUMBERED = re.compile(r"(常见问题|faq)\s+(\d)", re.IGNORECASE)
TEXT_FIELDS = ("question", "answer")
ENGLISH_FIELDS = ("question_en", "answer_en")


def clean_query(raw: str) -> tuple[str, bool]:
    """The query to search for, and whether it had to be shortened."""
    kept = "".join(ch for ch in raw if ch.isspace() or not unicodedata.category(ch).startswith("C"))
    text = " ".join(kept.split())  # also folds the full-width space U+3000
    return text[:MAX_QUERY].strip(), len(text) > MAX_QUERY


def terms_of(query: str) -> list[str]:
    # "常见问题 12" is one reference, not two words ("常见问题" alone would match nothing, and
    # "FAQ" alone would match every English answer that points to another question).
    return NUMBERED.sub(r"\1\2", query).split()[:MAX_TERMS]


def condition(query: str, *, english: bool = False) -> Q:
    """Every word of ``query`` is in the question or the answer (case-insensitive), in Chinese or,
    with ``english``, in the English edition; empty: everything."""
    fields = TEXT_FIELDS + ENGLISH_FIELDS if english else TEXT_FIELDS
    combined = Q()
    for term in terms_of(query):
        either = Q()
        for field in fields:
            either |= Q(**{f"{field}__icontains": term})
        number = NUMBER.match(term)
        if number:
            either |= Q(number=int(number.group(1)))
        combined &= either
    return combined


def matching(entries: QuerySet, query: str, *, english: bool = False) -> QuerySet:
    return entries.filter(condition(query, english=english))
