"""Each manual as a PDF, drawn with the project's engine (ADR 0004: ReportLab with the embedded
WenQuanYi Micro Hei, the font of the 申请表) from the same parsed blocks as the page. Every
paragraph is a ``ManualParagraph``, whose lines follow the Chinese line-breaking rules
(``linebreak.py``).

Each edition is drawn in its own language: the English one has English headings of its own and
the few words the PDF adds (适用对象, 目录, 第 N 页) are translated with the edition's language,
not the request's, because the file is shared by every request for that edition.

The file is cached on disk under the manual's slug, edition language, content digest and the
layout's version, so it is drawn once per version of the text: the first request after an edit draws it, every later one
reads the file. Writing goes through a temporary name and a rename, so two first requests at
once never leave half a file; both draw the same bytes (``invariant=1``) and one rename wins.
"""

from __future__ import annotations

import io
import os
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    ListFlowable,
    ListItem,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from teacherreg.manuals import markdown as md
from teacherreg.manuals.catalogue import CHINESE, EDITIONS, ENGLISH, Manual
from teacherreg.manuals.linebreak import ManualParagraph
from teacherreg.registration.pdf.fonts import MAIN_FONT, MAIN_FONT_PATH, main_font

# Bump when the layout changes, so cached files of the old layout are not served.
# 2: our own line breaking (linebreak.py): no opening bracket or quote at the end of a line.
# 3: an edition per language (the words the PDF adds follow it; /Lang is set); list numbers
#    sit on the baseline of their item's first line.
LAYOUT_VERSION = 3
MONO_FONT = "WenQuanYiMicroHeiMono"
ACCENT = colors.HexColor("#0b3d91")
# The document's /Lang (BCP 47) for each edition.
PDF_LANGUAGES = {CHINESE: "zh-Hans", ENGLISH: "en"}
RULE = colors.HexColor("#9aa5b1")


def cache_dir() -> Path:
    configured = getattr(settings, "TEACHERREG_MANUALS_PDF_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "cache" / "manuals"


def cache_path(manual: Manual) -> Path:
    # The language is in the name so the two editions of a manual live side by side: neither
    # counts as an older version of the other (see _remove_older).
    return cache_dir() / f"{manual.slug}-{manual.language}-{manual.digest[:20]}-l{LAYOUT_VERSION}.pdf"


def pdf_for(manual: Manual) -> bytes:
    """The manual's PDF: read from the cache, or drawn and stored on the first request."""
    path = cache_path(manual)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = build(manual)
    _store(path, data)
    _remove_older(manual, keep=path)
    return data


def _store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_older(manual: Manual, keep: Path) -> None:
    """Earlier versions of the same edition are no longer linked from anywhere (nor are the
    files of earlier layouts, named without a language). The other editions' files stay."""
    others = tuple(f"{manual.slug}-{language}-" for language in EDITIONS if language != manual.language)
    for old in cache_dir().glob(f"{manual.slug}-*.pdf"):
        if old != keep and not old.name.startswith(others):
            old.unlink(missing_ok=True)


# -- drawing -----------------------------------------------------------------------------------


def _fonts() -> None:
    main_font()
    if MONO_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(MONO_FONT, MAIN_FONT_PATH, subfontIndex=1))
    # The font has no bold face: <b> keeps the face (emphasis is drawn in colour instead), but
    # the family must be declared or ReportLab refuses the tag.
    pdfmetrics.registerFontFamily(MAIN_FONT, normal=MAIN_FONT, bold=MAIN_FONT, italic=MAIN_FONT, boldItalic=MAIN_FONT)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=MAIN_FONT, fontSize=10.5, leading=16, wordWrap="CJK", alignment=TA_LEFT, spaceAfter=5
    )
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, spaceAfter=6, textColor=ACCENT),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, textColor=colors.HexColor("#444444")),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=15, leading=21, spaceBefore=14, spaceAfter=6, textColor=ACCENT, keepWithNext=1
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4, keepWithNext=1
        ),
        "h4": ParagraphStyle("h4", parent=base, fontSize=11, leading=16, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        "item": ParagraphStyle("item", parent=base, spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=13.5, spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontSize=9.5, leading=13.5, spaceAfter=0, textColor=ACCENT),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10, leading=14, leftIndent=0, spaceAfter=0),
    }


def _inline(text: str) -> str:
    """ReportLab's paragraph markup for a line of the manual: every character escaped first,
    then our own tags; a link keeps its words (paper cannot be clicked; a site path is shown
    as words, which the reader finds through the page names the manual uses)."""
    out = []
    for span in md.spans(text):
        words = escape(span.text, quote=False)
        if span.kind == "bold":
            out.append(f'<font color="#0b3d91">{words}</font>')
        elif span.kind == "code":
            out.append(f'<font name="{MONO_FONT}">{words}</font>')
        elif span.kind == "link" and span.target.startswith("http"):
            out.append(f'<a href="{escape(span.target)}" color="#0b3d91">{words}</a>')
        else:
            out.append(words)
    return "".join(out)


class _Anchor(Flowable):
    """A zero-size mark where a heading starts: the outline entry and the contents' page."""

    def __init__(self, key: str, text: str, level: int) -> None:
        super().__init__()
        self.key, self.text, self.level = key, text, level

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.text, self.key, level=self.level - 2, closed=self.level > 2)


class _ManualDoc(BaseDocTemplate):
    def __init__(self, target: Any, manual: Manual) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=18 * mm,
            bottomMargin=20 * mm,
            title=manual.title,
            author=gettext("中小学教师资格定期注册"),
            subject=str(manual.entry.audience),
            lang=PDF_LANGUAGES[manual.language],
            invariant=1,
        )
        self.manual = manual
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer)])

    def _footer(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(MAIN_FONT, 8.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.setStrokeColor(RULE)
        canvas.line(self.leftMargin, 14 * mm, A4[0] - self.rightMargin, 14 * mm)
        canvas.drawString(self.leftMargin, 10 * mm, self.manual.title)
        canvas.drawRightString(A4[0] - self.rightMargin, 10 * mm, gettext("第 %(number)s 页") % {"number": doc.page})
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        # The printed contents list the sections only (it fits on the first page); the
        # outline in the reader's sidebar has the subsections too.
        if isinstance(flowable, _Anchor) and flowable.level == 2:
            self.notify("TOCEntry", (0, flowable.text, self.page, flowable.key))


def _list(block: md.ListBlock, styles: dict[str, ParagraphStyle], depth: int = 0) -> ListFlowable:
    items = []
    for item in block.items:
        parts: list[Flowable] = [ManualParagraph(_inline(item.text), styles["item"])]
        parts += [_list(child, styles, depth + 1) for child in item.children]
        items.append(ListItem(parts))
    options: dict[str, Any] = {
        "bulletFontName": MAIN_FONT,
        # The item's own size: ReportLab sets a bullet's baseline one bullet size below the
        # item's top and the first line's one font size below it, so the two sizes must agree.
        "bulletFontSize": styles["item"].fontSize,
        "leftIndent": 16,
        "spaceBefore": 0,
        "spaceAfter": 4,
    }
    if block.ordered:
        options |= {"bulletType": "1", "bulletFormat": "%s."}
    else:
        options |= {"bulletType": "bullet", "start": "•" if depth == 0 else "◦"}
    return ListFlowable(items, **options)


def _table(block: md.Table, styles: dict[str, ParagraphStyle], width: float) -> Table:
    # Column widths follow the longest text in each column, within a floor, so a short
    # column (a code, a yes/no) does not take a third of the page.
    lengths = [
        max([len(md.plain(cell)) for cell in [head, *[row[i] for row in block.rows]]] + [2])
        for i, head in enumerate(block.header)
    ]
    shares = [max(length, 6) for length in lengths]
    total = sum(shares)
    widths = [width * share / total for share in shares]
    data = [[ManualParagraph(_inline(cell), styles["cellhead"]) for cell in block.header]]
    data += [[ManualParagraph(_inline(cell), styles["cell"]) for cell in row] for row in block.rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def story(manual: Manual) -> list[Flowable]:
    styles = _styles()
    width = A4[0] - 40 * mm
    contents = TableOfContents(levelStyles=[styles["toc1"]], dotsMinLevel=0)
    out: list[Flowable] = [
        ManualParagraph(escape(manual.title, quote=False), styles["title"]),
        ManualParagraph(
            escape(gettext("适用对象：%(who)s") % {"who": manual.entry.audience}, quote=False), styles["subtitle"]
        ),
        Spacer(1, 6 * mm),
        ManualParagraph(escape(pgettext("table of contents", "目录"), quote=False), styles["h3"]),
        contents,
        Spacer(1, 4 * mm),
    ]
    for block in manual.document.blocks:
        if isinstance(block, md.Heading):
            key = f"{manual.slug}-{block.anchor}"
            out.append(_Anchor(key, md.plain(block.text), block.level))
            out.append(ManualParagraph(_inline(block.text), styles[f"h{min(block.level, 4)}"]))
        elif isinstance(block, md.Paragraph):
            out.append(ManualParagraph(_inline(block.text), styles["body"]))
        elif isinstance(block, md.ListBlock):
            out.append(_list(block, styles))
        else:
            out.append(_table(block, styles, width))
            out.append(Spacer(1, 3 * mm))
    return out


def build(manual: Manual) -> bytes:
    """Draw the PDF (two passes: the contents need the pages of the headings), in the
    edition's language whatever the request's."""
    _fonts()
    buffer = io.BytesIO()
    with translation.override(manual.language):
        document = _ManualDoc(buffer, manual)
        document.multiBuild(story(manual))
    return buffer.getvalue()
