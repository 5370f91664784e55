"""Drawing primitives for the 申请表: ruled cells whose text shrinks, then wraps, to fit.

Coordinates are ReportLab points from the bottom-left corner. Text is drawn run by run
(``fonts.runs``) so that a character the main font lacks comes from a fallback font or, when
no font has it, appears as a crossed box that the reviewer cannot miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from teacherreg.registration.pdf import fonts

PAD = 3.0
LINE = 1.18  # line height as a multiple of the font size
WRAP_LINE = 1.05
MIN_SIZE = 5.5
THIN = 0.5
THICK = 1.1


@dataclass
class Pen:
    """A canvas plus what drawing on it found out (characters no font could draw)."""

    canvas: Canvas
    missing: set[str] = field(default_factory=set)

    # --- text ------------------------------------------------------------------------

    def text(self, x: float, y: float, text: str, size: float) -> None:
        """Draw ``text`` with its baseline at ``y``, starting at ``x``."""
        c = self.canvas
        for run in fonts.runs(text):
            if run.font == fonts.MISSING:
                for char in run.text:
                    self.missing.add(char)
                    self._missing_box(x, y, size)
                    x += size
                continue
            c.setFont(run.font, size)
            c.drawString(x, y, run.text)
            x += c.stringWidth(run.text, run.font, size)

    def _missing_box(self, x: float, y: float, size: float) -> None:
        c = self.canvas
        c.saveState()
        c.setLineWidth(0.4)
        side = size * 0.86
        left, bottom = x + size * 0.07, y - size * 0.1
        c.rect(left, bottom, side, side)
        c.line(left, bottom, left + side, bottom + side)
        c.line(left, bottom + side, left + side, bottom)
        c.restoreState()

    def centred(self, cx: float, y: float, text: str, size: float) -> None:
        self.text(cx - fonts.width(text, size) / 2, y, text, size)

    def fit(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        *,
        size: float = 9,
        align: str = "left",
        valign: str = "middle",
    ) -> None:
        """Draw ``text`` inside the box (x, y = bottom-left): one line at the largest size
        that fits, else wrapped lines, else the smallest size cut with an ellipsis."""
        # Line breaks become spaces; runs of spaces stay (they leave room to write by hand).
        text = " ".join(str(text or "").splitlines()).strip()
        if not text:
            return
        inner_w, inner_h = w - 2 * PAD, h - 2 * PAD * 0.6
        lines, chosen, spacing = [text], size, LINE
        current = size
        while current >= MIN_SIZE:
            if fonts.width(text, current) <= inner_w and current * LINE <= inner_h + current * 0.3:
                lines, chosen = [text], current
                break
            # Wrapped lines sit closer and may use the padding: two lines of 8 pt fit a row.
            wrapped = wrap(text, current, inner_w)
            if len(wrapped) * current * WRAP_LINE <= h - 2:
                lines, chosen, spacing = wrapped, current, WRAP_LINE
                break
            current -= 0.5
        else:
            chosen, spacing = MIN_SIZE, WRAP_LINE
            room = max(1, int((h - 2) // (chosen * WRAP_LINE)))
            lines = wrap(text, chosen, inner_w)
            if len(lines) > room:
                lines = lines[:room]
                lines[-1] = _ellipsis(lines[-1], chosen, inner_w)
        block = len(lines) * chosen * spacing
        top = y + h - PAD if valign == "top" else y + (h + block) / 2
        for number, line in enumerate(lines):
            baseline = top - chosen * (number + 1) * spacing + chosen * (spacing - 1) + chosen * 0.12
            if align == "centre":
                self.centred(x + w / 2, baseline, line, chosen)
            else:
                self.text(x + PAD, baseline, line, chosen)

    def vertical(self, x: float, y: float, w: float, h: float, text: str, size: float = 10) -> None:
        """Characters stacked top to bottom, centred in the box: the section labels."""
        step = min(size * 1.45, (h - 2 * PAD) / max(len(text), 1))
        size = min(size, step / 1.1)
        top = y + (h + step * len(text)) / 2
        for number, char in enumerate(text):
            self.centred(x + w / 2, top - step * (number + 1) + (step - size) / 2 + size * 0.15, char, size)

    # --- lines -------------------------------------------------------------------------

    def box(self, x: float, y: float, w: float, h: float, width: float = THIN) -> None:
        c = self.canvas
        c.setLineWidth(width)
        c.rect(x, y, w, h)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy wrap by character (Chinese has no spaces to break at); never an empty list."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and fonts.width(line + char, size) > width:
            lines.append(line.rstrip())
            line = char.lstrip()
        else:
            line += char
    lines.append(line)
    return lines


def _ellipsis(line: str, size: float, width: float) -> str:
    while line and fonts.width(line + "…", size) > width:
        line = line[:-1]
    return line + "…"
