"""Rare characters in names on the 申请表 (issue 5 item 7).

WenQuanYi Micro Hei has no CJK Extension B ideographs, and no TrueType font that has them is
installed by ``make``: 𠀀 (U+20000) prints as a crossed box and is logged. The fallback path
itself is checked with a character WenQuanYi lacks and DejaVu Sans has (‽ U+203D).
"""

from __future__ import annotations

import logging
import re

import pytest

from teacherreg.registration.pdf import fonts, layout, render_application_form
from teacherreg.registration.pdf.content import content_of
from tests.factories import ApplicationFactory
from tests.registration.pdf_world import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

RARE = "\U00020000"  # 𠀀, CJK Extension B
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.fixture(autouse=True)
def no_fallbacks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TEACHERREG_PDF_FALLBACK_FONTS = [(str(tmp_path / "no-such-font.ttf"), 0)]


def test_the_main_font_lacks_extension_b():
    assert ord("张") in fonts.main_font().face.charWidths
    assert ord(RARE) not in fonts.main_font().face.charWidths


def test_without_a_fallback_a_rare_character_is_a_visible_box_and_is_logged(caplog):
    application = ApplicationFactory(name=f"张{RARE}华")

    with caplog.at_level(logging.WARNING, logger="teacherreg.registration.pdf.layout"):
        data, missing = layout.render(content_of(application, None))

    assert missing == {RARE}
    assert "U+20000" in caplog.text
    assert application.name not in caplog.text  # the name itself stays out of the log
    # The characters around it print; the gap is a drawn box, not a wrong glyph.
    assert re.search(r"张\s*华", pdf_text(data))
    assert RARE not in pdf_text(data)


@pytest.mark.skipif(not __import__("os").path.exists(DEJAVU), reason="fonts-dejavu-core not installed")
def test_a_character_the_main_font_lacks_is_drawn_with_an_installed_fallback(settings):
    settings.TEACHERREG_PDF_FALLBACK_FONTS = [(DEJAVU, 0)]
    assert ord("‽") not in fonts.main_font().face.charWidths
    application = ApplicationFactory(name="张‽华")

    data, missing = layout.render(content_of(application, None))

    assert missing == set()
    assert "张‽华" in pdf_text(data)
    listed = pdf_fonts(data)
    assert "DejaVuSans" in listed and "WenQuanYiMicroHei" in listed
    assert all(line.split()[-5] == "yes" for line in listed.splitlines()[2:])  # both embedded


def test_a_normal_name_needs_no_fallback():
    assert fonts.missing_characters("欧阳娜娜·买买提") == []
    assert render_application_form(ApplicationFactory(name="欧阳娜娜")).startswith(b"%PDF")
