"""The PDF cache is keyed by the manual's edition and content: an edit draws a new file, the old
one goes, and the other language's file stays."""

from __future__ import annotations

import dataclasses

import pytest

from teacherreg.manuals import pdf
from teacherreg.manuals.catalogue import CHINESE, ENGLISH, manual


@pytest.fixture(autouse=True)
def _pdf_cache(settings, tmp_path):
    settings.TEACHERREG_MANUALS_PDF_DIR = str(tmp_path)


@pytest.fixture
def built(monkeypatch) -> list[str]:
    drawn: list[str] = []

    def fake_build(m):
        drawn.append(f"{m.language}:{m.digest}")
        return b"%PDF-" + m.language.encode() + m.digest.encode()

    monkeypatch.setattr(pdf, "build", fake_build)
    return drawn


def test_a_new_version_is_drawn_and_the_old_file_removed(built, tmp_path):
    current = manual("national-viewer")
    edited = dataclasses.replace(current, digest="f" * 64)

    assert pdf.pdf_for(current) == b"%PDF-zh-hans" + current.digest.encode()
    assert pdf.pdf_for(current) == b"%PDF-zh-hans" + current.digest.encode()
    assert pdf.pdf_for(edited) == b"%PDF-zh-hans" + b"f" * 64

    assert built == [f"zh-hans:{current.digest}", f"zh-hans:{'f' * 64}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"national-viewer-zh-hans-{'f' * 20}-l{pdf.LAYOUT_VERSION}.pdf"
    ]


def test_the_file_name_carries_the_edition_digest_and_layout(tmp_path):
    current = manual("applicant")

    assert pdf.cache_path(current) == tmp_path / f"applicant-zh-hans-{current.digest[:20]}-l{pdf.LAYOUT_VERSION}.pdf"


def test_the_editions_of_a_manual_do_not_replace_each_other(built, tmp_path):
    chinese = manual("national-viewer", CHINESE)
    # Made up here so the test does not wait for the English text: the same manual, in English.
    english = dataclasses.replace(chinese, language=ENGLISH, digest="e" * 64)

    pdf.pdf_for(chinese)
    pdf.pdf_for(english)
    pdf.pdf_for(chinese)
    pdf.pdf_for(english)

    assert built == [f"zh-hans:{chinese.digest}", f"en:{'e' * 64}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [pdf.cache_path(chinese).name, pdf.cache_path(english).name]
    )


def test_a_file_of_an_older_layout_is_removed(built, tmp_path):
    current = manual("national-viewer")
    older = tmp_path / f"national-viewer-{current.digest[:20]}-l2.pdf"
    other_manual = tmp_path / "city-reviewer-zh-hans-0123-l3.pdf"
    older.write_bytes(b"%PDF-old")
    other_manual.write_bytes(b"%PDF-other")

    pdf.pdf_for(current)

    assert not older.exists()
    assert other_manual.exists()
