"""The manuals: which exist, who they are for, and their text as read from ``content/``.

The Markdown files are the source (kept in the repository, one per manual). A manual is read
once per process and keyed by the SHA-256 of its bytes; the PDF cache uses the same digest, so
an edited file gets a new PDF and an unchanged one is never drawn twice.
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


def path_of(slug: str) -> Path:
    return CONTENT_DIR / f"{slug}.md"


@functools.lru_cache(maxsize=64)
def _load(slug: str, digest: str, raw: bytes) -> Manual:
    source = raw.decode("utf-8")
    return Manual(BY_SLUG[slug], source, digest, parse(source))


def manual(slug: str) -> Manual | None:
    """The manual ``slug`` as its file reads now, or None for a slug we do not have. The file is
    read on every call (a few kilobytes), so an edit shows without a restart; parsing is cached
    by the digest."""
    if slug not in BY_SLUG:
        return None
    raw = path_of(slug).read_bytes()
    return _load(slug, hashlib.sha256(raw).hexdigest(), raw)


def all_manuals() -> list[Manual]:
    return [m for m in (manual(entry.slug) for entry in ENTRIES) if m is not None]
