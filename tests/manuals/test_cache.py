"""The PDF cache is keyed by the manual's content: an edit draws a new file, the old one goes."""

from __future__ import annotations

import dataclasses

import pytest

from teacherreg.manuals import pdf
from teacherreg.manuals.catalogue import manual


@pytest.fixture(autouse=True)
def _pdf_cache(settings, tmp_path):
    settings.TEACHERREG_MANUALS_PDF_DIR = str(tmp_path)


def test_a_new_version_is_drawn_and_the_old_file_removed(monkeypatch, tmp_path):
    built: list[str] = []
    monkeypatch.setattr(pdf, "build", lambda m: built.append(m.digest) or b"%PDF-" + m.digest.encode())
    current = manual("national-viewer")
    edited = dataclasses.replace(current, digest="f" * 64)

    assert pdf.pdf_for(current) == b"%PDF-" + current.digest.encode()
    assert pdf.pdf_for(current) == b"%PDF-" + current.digest.encode()
    assert pdf.pdf_for(edited) == b"%PDF-" + b"f" * 64

    assert built == [current.digest, "f" * 64]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"national-viewer-{'f' * 20}-l{pdf.LAYOUT_VERSION}.pdf"]


def test_the_file_name_carries_the_digest_and_layout(settings, tmp_path):
    current = manual("applicant")

    assert pdf.cache_path(current) == tmp_path / f"applicant-{current.digest[:20]}-l{pdf.LAYOUT_VERSION}.pdf"
