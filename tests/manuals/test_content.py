"""The manuals as written, in both editions: each parses, follows the agreed shape and prints
in the embedded font. An English edition that is not written yet fails here (and in
test_english.py): every manual is to be in both languages."""

from __future__ import annotations

import pytest

from teacherreg.manuals.catalogue import EDITIONS, ENTRIES, Manual, edition
from teacherreg.registration.pdf.fonts import missing_characters

SLUGS = [entry.slug for entry in ENTRIES]
EVERY_EDITION = [pytest.param(slug, language, id=f"{slug}-{language}") for language in EDITIONS for slug in SLUGS]


def written(slug: str, language: str) -> Manual:
    found = edition(slug, language)
    assert found is not None, f"{slug} has no {language} edition yet"
    return found


@pytest.mark.parametrize(("slug", "language"), EVERY_EDITION)
def test_each_manual_has_purpose_before_you_start_and_common_messages(slug, language):
    anchors = [h.anchor for h in written(slug, language).document.headings(2)]

    assert anchors[:2] == ["purpose", "before-you-start"]
    assert "common-messages" in anchors


@pytest.mark.parametrize(("slug", "language"), EVERY_EDITION)
def test_every_character_is_in_the_embedded_font(slug, language):
    # A character the font lacks would print as a box in the PDF.
    assert missing_characters(written(slug, language).source) == []


@pytest.mark.parametrize("language", EDITIONS)
def test_the_titles_are_distinct(language):
    titles = [written(slug, language).title for slug in SLUGS]

    assert len(set(titles)) == len(titles) == 9


@pytest.mark.parametrize(("slug", "language"), EVERY_EDITION)
def test_every_manual_has_a_summary_for_the_index(slug, language):
    assert len(written(slug, language).summary) > 20
