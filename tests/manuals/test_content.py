"""The manuals as written: each parses, follows the agreed shape and prints in the embedded font."""

from __future__ import annotations

import pytest

from teacherreg.manuals.catalogue import ENTRIES, all_manuals, manual
from teacherreg.registration.pdf.fonts import missing_characters

SLUGS = [entry.slug for entry in ENTRIES]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_manual_has_purpose_before_you_start_and_common_messages(slug):
    document = manual(slug).document
    anchors = [h.anchor for h in document.headings(2)]

    assert anchors[:2] == ["purpose", "before-you-start"]
    assert "common-messages" in anchors


@pytest.mark.parametrize("slug", SLUGS)
def test_every_character_is_in_the_embedded_font(slug):
    # A character the font lacks would print as a box in the PDF.
    assert missing_characters(manual(slug).source) == []


def test_the_titles_are_distinct():
    titles = [m.title for m in all_manuals()]

    assert len(set(titles)) == len(titles) == 9


def test_every_manual_has_a_summary_for_the_index():
    assert all(len(m.summary) > 20 for m in all_manuals())
