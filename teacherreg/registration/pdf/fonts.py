"""Fonts for the 申请表 (ADR 0004): WenQuanYi Micro Hei embedded as a subset, with fallbacks.

WenQuanYi Micro Hei covers the common CJK ideographs (about 34,600 code points) but none of
CJK Extension B and later (U+20000 …), where some personal names have their characters
(𠀀, 𪚥 …). Each piece of text is split into runs: characters the main font has, characters
a fallback font has, and characters no available font has. The last are drawn as a visible
box with a cross (never silently dropped) and reported, so the form still prints and the
reviewer sees that a character is missing and checks it against the ID card.

Fallbacks are TrueType (glyf) fonts only: ReportLab cannot embed CFF-outline OpenType, so
Noto Sans CJK (.otf/.ttc) does not qualify. The default list names Debian's
``fonts-hanazono`` (HanaMinB covers Extension B) and AR PL; none is installed by ``make``
today, so on this machine the gap is real: tested in ``tests/registration/test_pdf_fonts.py``.
``TEACHERREG_PDF_FALLBACK_FONTS`` (a list of ``(path, subfont_index)``) overrides the list.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

MAIN_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
MAIN_FONT = "WenQuanYiMicroHei"
DEFAULT_FALLBACKS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0),
    ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)
# Marks the place of a character no font has: drawn as a box, one em wide.
MISSING = "\x00missing"


@dataclass(frozen=True)
class Run:
    text: str
    font: str  # a registered font name, or MISSING


def _register(name: str, path: str, index: int) -> TTFont | None:
    if name in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(name)  # type: ignore[return-value]
    try:
        font = TTFont(name, path, subfontIndex=index)
    except Exception:  # not TrueType, damaged, unreadable: not usable as a fallback
        return None
    pdfmetrics.registerFont(font)
    return font


@functools.cache
def main_font() -> TTFont:
    font = _register(MAIN_FONT, MAIN_FONT_PATH, 0)
    if font is None:
        raise RuntimeError(f"申请表字体缺失：{MAIN_FONT_PATH}（Debian 软件包 fonts-wqy-microhei，由 make 安装）。")
    return font


def _fallback_paths() -> Sequence[tuple[str, int]]:
    return getattr(settings, "TEACHERREG_PDF_FALLBACK_FONTS", None) or DEFAULT_FALLBACKS


@functools.cache
def _fallbacks(paths: tuple[tuple[str, int], ...]) -> tuple[tuple[str, frozenset[int]], ...]:
    found = []
    for number, (path, index) in enumerate(paths):
        if not os.path.exists(path):
            continue
        font = _register(f"Fallback{number}-{os.path.basename(path)}-{index}", path, index)
        if font is not None:
            found.append((font.fontName, frozenset(font.face.charWidths)))
    return tuple(found)


def fallbacks() -> tuple[tuple[str, frozenset[int]], ...]:
    """(font name, covered code points) of the installed fallback fonts, in order of preference."""
    return _fallbacks(tuple((str(p), int(i)) for p, i in _fallback_paths()))


@functools.cache
def _main_coverage() -> frozenset[int]:
    return frozenset(main_font().face.charWidths)


def font_for(char: str) -> str:
    code = ord(char)
    if code in _main_coverage() or char in " \n":
        return MAIN_FONT
    for name, covered in fallbacks():
        if code in covered:
            return name
    return MISSING


def runs(text: str) -> Iterator[Run]:
    """Consecutive characters drawn with the same font, in order."""
    current, start = None, 0
    for i, char in enumerate(text):
        font = font_for(char)
        if font != current:
            if current is not None:
                yield Run(text[start:i], current)
            current, start = font, i
    if current is not None and text:
        yield Run(text[start:], current)


def missing_characters(text: str) -> list[str]:
    return [char for char in text if font_for(char) == MISSING]


def width(text: str, size: float) -> float:
    total = 0.0
    for run in runs(text):
        if run.font == MISSING:
            total += size * len(run.text)
        else:
            total += pdfmetrics.stringWidth(run.text, run.font, size)
    return total
