"""The manuals: which exist, who they are for, and their text as read from ``content/``.

The Markdown files are the source (kept in the repository, one per manual and language). The
Chinese edition, ``content/<slug>.md``, is the original; the English one, ``content/en/<slug>.md``,
follows it heading for heading (the same anchors and page markers: ``tests/manuals`` checks the
parity). An English page shows the English edition when it exists and the Chinese one, with a
note, when it does not yet.

A manual is parsed once per process and keyed by the SHA-256 of its bytes; the PDF cache uses
the same digest and the edition's language, so an edited file gets a new PDF and an unchanged
one is never drawn twice.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from teacherreg.manuals.markdown import Document, Paragraph, parse, plain

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# The editions, by Django language code. Chinese is the original and the fallback.
CHINESE = "zh-hans"
ENGLISH = "en"
EDITIONS = (CHINESE, ENGLISH)


@dataclass(frozen=True)
class Entry:
    slug: str
    audience: Promise  # who it is for, as the index shows it
    group: str  # "applicant" or "staff"


# The order of the index: the applicant first, then staff from the desk up the review chain,
# then the administrators.
ENTRIES: tuple[Entry, ...] = (
    Entry("applicant", _("申请人（教师）"), "applicant"),
    Entry("staff-common", _("全体工作人员"), "staff"),
    Entry("confirmation-point", _("确认点工作人员"), "staff"),
    Entry("county-reviewer", _("县级注册机构（初审）"), "staff"),
    Entry("city-reviewer", _("市级注册机构（复核）"), "staff"),
    Entry("province-reviewer", _("省级注册机构（终审）"), "staff"),
    Entry("province-admin", _("省级管理员"), "staff"),
    Entry("national-viewer", _("全国查询（只读）"), "staff"),
    Entry("system-admins", _("系统管理员、安全管理员、审计管理员"), "staff"),
)
BY_SLUG = {entry.slug: entry for entry in ENTRIES}


@dataclass(frozen=True)
class Manual:
    entry: Entry
    language: str  # the edition's language: CHINESE or ENGLISH
    source: str
    digest: str  # SHA-256 of the file's bytes: the version of the text
    document: Document

    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def summary(self) -> str:
        """The first paragraph, for the index."""
        for block in self.document.blocks:
            if isinstance(block, Paragraph):
                return plain(block.text)
        return ""


def edition_of(language: str | None) -> str:
    """The edition for a page in ``language`` (a Django language code such as ``en``, ``en-gb``
    or ``zh-hans``): English for any English, otherwise Chinese."""
    return ENGLISH if language and language.lower().split("-")[0] == ENGLISH else CHINESE


def path_of(slug: str, language: str = CHINESE) -> Path:
    if edition_of(language) == ENGLISH:
        return CONTENT_DIR / ENGLISH / f"{slug}.md"
    return CONTENT_DIR / f"{slug}.md"


@functools.lru_cache(maxsize=64)
def _load(slug: str, language: str, digest: str, raw: bytes) -> Manual:
    source = raw.decode("utf-8")
    return Manual(BY_SLUG[slug], language, source, digest, parse(source))


def edition(slug: str, language: str) -> Manual | None:
    """The manual ``slug`` in exactly the edition of ``language``, or None when that edition
    is not written (or the slug is not ours). The file is read on every call (a few kilobytes),
    so an edit shows without a restart; parsing is cached by the digest."""
    if slug not in BY_SLUG:
        return None
    language = edition_of(language)
    try:
        raw = path_of(slug, language).read_bytes()
    except FileNotFoundError:
        return None
    return _load(slug, language, hashlib.sha256(raw).hexdigest(), raw)


def manual(slug: str, language: str = CHINESE) -> Manual | None:
    """The manual ``slug`` for a page in ``language``: its edition in that language, else the
    Chinese original (``Manual.language`` tells which one it is); None for a slug we do not
    have."""
    return edition(slug, language) or edition(slug, CHINESE)


def all_manuals(language: str = CHINESE) -> list[Manual]:
    """Every manual for a page in ``language``, in the order of the index."""
    return [m for m in (manual(entry.slug, language) for entry in ENTRIES) if m is not None]
