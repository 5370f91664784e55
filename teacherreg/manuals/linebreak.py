"""Line breaking for the manuals' PDF: Chinese rules for where a line may end and begin.

ReportLab's CJK wrap (``wordWrap="CJK"``) cuts after whichever character last fits. It lets a
small set of closing marks hang in the margin, but it never looks at the character before the
cut, so a line can end on an opening bracket or quote (``点【`` / ``登录】``), and its set of
closing marks lacks the full-width comma, colon, semicolon, question and exclamation marks and
the closing quotes (``，`` ``：`` ``”`` ``》`` can start a line).

A word joiner (U+2060) in the text does not help: ReportLab measures and cuts character by
character and ignores joiners, so the wrap has to be ours. :func:`break_lines` is that wrap,
as a pure function over characters and widths; :class:`ManualParagraph` is a ReportLab
paragraph that lays out its lines with it.

The rules (after the common Chinese practice, 标点符号不出现在行首、开始标点不出现在行尾):

- a line does not start with a closing mark (:data:`NO_LINE_START`);
- a line does not end with an opening mark (:data:`NO_LINE_END`);
- a run of Latin letters, digits and ASCII marks (``2008``, ``export.requested``) stays
  whole, a typographic apostrophe inside it too (``agency’s``); it may break at a space or next
  to a Chinese character, so English text breaks between its words;
- ``……`` and ``——`` are not split.

Nothing hangs in the margin: when the character that does not fit may not start a line, the
line ends earlier, before the last place both rules allow (a table cell has no margin to hang
into). Only when no such place exists on the line (a long address without spaces) is it cut
where it is full, as ReportLab would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus.paragraph import (
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cjkU,
    makeCJKParaLine,
)
from reportlab.rl_config import _FUZZ

# ReportLab's own sets are kept (they include the Japanese small kana), with the Chinese marks
# they lack added.
NO_LINE_START = frozenset(ALL_CANNOT_START) | frozenset("，。、；：？！）】”》’」』〕〉］｝…·%‰℃,.;:?!)]}")
NO_LINE_END = frozenset(ALL_CANNOT_END) | frozenset("【“《（「『〔‘〈［｛([{")
# Marks written doubled (…… and ——) that must not be split between their halves.
DOUBLED = frozenset("…—")
# The closing single quote is also the English apostrophe (agency’s, don’t): before a letter it
# is inside a word.
APOSTROPHE = "’"


def _is_word_character(ch: str) -> bool:
    """ASCII letters, digits and marks, and other Latin letters: parts of a word that is not cut
    in the middle. Curly quotes and dashes are not: a break between ``”`` and ``“`` is fine."""
    if ch.isascii():
        return ch.isprintable() and not ch.isspace()
    return ord(ch) < 0x3000 and ch.isalnum()


def may_break(before: str, after: str) -> bool:
    """Whether a line may end with ``before`` and the next one start with ``after``."""
    if before in NO_LINE_END or after in NO_LINE_START:
        return False
    if before == after and before in DOUBLED:
        return False
    if before == APOSTROPHE and _is_word_character(after):
        return False
    return not (_is_word_character(before) and _is_word_character(after))


def break_lines(text: str, widths: Sequence[float], max_widths: Sequence[float]) -> list[tuple[int, int]]:
    """The lines of ``text`` as ``(start, end)`` slices, each at most its width where the rules
    allow. ``widths`` has one width per character; line ``n`` has ``max_widths[n]`` (the last
    one for every later line). Spaces at the start of a line are dropped (left out of the
    slices), spaces at its end are kept (they take no room that matters on the left-aligned
    page). A ``"\\n"`` ends a line."""
    lines: list[tuple[int, int]] = []
    count = len(text)
    start = 0
    while start < count:
        while start < count and text[start] == " ":
            start += 1
        if start >= count:
            break
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        end = start
        while end < count and text[end] != "\n" and used + widths[end] <= limit + _FUZZ:
            used += widths[end]
            end += 1
        if end >= count or text[end] == "\n":
            lines.append((start, end))
            start = end + 1 if end < count else end
            continue
        lines.append((start, _fitting_break(text, start, end)))
        start = lines[-1][1]
    return lines


def _fitting_break(text: str, start: int, end: int) -> int:
    """Where the line that filled up at ``end`` ends: the last allowed break after ``start``
    at or before ``end``; ``end`` itself when there is none (at least one character, so the
    wrap always moves on)."""
    for position in range(end, start, -1):
        if may_break(text[position - 1], text[position]):
            return position
    return max(end, start + 1)


class ManualParagraph(Paragraph):
    """A paragraph whose CJK lines are broken by :func:`break_lines` (see the module)."""

    def breakLinesCJK(self, maxWidths: Any) -> ParaLines:  # ReportLab's name
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        # A paragraph split across pages keeps the lines it was given (as ReportLab's own does).
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        # One unit per character. Our paragraphs hold text only (no inline images), so a frag
        # without text has nothing to draw and is left out.
        units = [cjkU(ch, frag, "utf8") for frag in self.frags for ch in (getattr(frag, "text", "") or "")]
        if not units:
            style = self.style
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        text = "".join(units)
        widths = [float(unit.width) for unit in units]
        autoleading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        lines = []
        for number, (start, end) in enumerate(break_lines(text, widths, maxWidths)):
            width = maxWidths[min(number, len(maxWidths) - 1)]
            used = sum(widths[start:end])
            lines.append(
                makeCJKParaLine(units[start:end], width, used, width - used, False, autoleading not in ("", "off"))
            )
        return ParaLines(kind=1, lines=lines)
