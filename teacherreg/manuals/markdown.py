"""A small Markdown reader for the manuals: the subset they use, parsed into blocks that both
the HTML page and the PDF draw from.

Why our own and not a library: the manuals use headings, paragraphs, lists (one level of
nesting), bold, inline code, links and pipe tables, and nothing else. Parsing that subset into
plain data lets the page and the PDF share one reading of the text, and every character of it is
escaped on output (``to_html``), so a stray ``<script>`` in a manual shows as text instead of
running. No raw HTML passes through, except the page markers below, which are dropped.

The subset:

- ``# 标题`` to ``#### 标题``; an explicit anchor may follow as ``{#anchor}`` (letters, digits,
  hyphens), otherwise the heading gets ``section-N``.
- A blank line separates paragraphs. The lines of a paragraph (or of a list item) are joined
  into one: without a space between two Chinese characters, with one anywhere else, so both
  the Chinese and the English editions may wrap their source lines (:func:`join_lines`).
- ``- item`` and ``1. item``; a line indented by two or more spaces that starts with a marker
  opens a nested list in the current item; any other indented line continues the item.
- ``| a | b |`` rows make a table; the second row must be the ``|---|---|`` separator.
- ``**bold**``, ```code```, ``[text](target)`` where the target is a site path (``/…``), an
  anchor (``#…``) or an ``http(s)`` address; any other target leaves the text without a link.
- ``<!-- page: office:desk_queue office:desk_case -->`` on a line of its own says which pages
  a section documents (``tests/manuals`` compares these with the URL names); other comments
  are dropped too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*(?:\{#([A-Za-z][\w-]*)\})?\s*$")
LIST_ITEM = re.compile(r"^(\s*)(?:([-*])|(\d+)[.、])\s+(.*)$")
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
COMMENT = re.compile(r"^<!--(.*?)-->$")
PAGE_MARKER = re.compile(r"^\s*page:\s*(.+?)\s*$")
INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|`(?P<code>[^`]+)`|\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")
SAFE_TARGET = re.compile(r"^(/[^/\\]|/$|#|https?://)")
# Marks that Chinese and English text share (curly quotes, ellipsis, dashes, the middle dot) and
# the markup around words: they say nothing about the language, so the letter beyond decides.
NEUTRAL_MARKS = frozenset("“”‘’…—–·*`")


@dataclass
class Heading:
    level: int
    text: str
    anchor: str


@dataclass
class Paragraph:
    text: str


@dataclass
class ListBlock:
    ordered: bool
    items: list[ListItem] = field(default_factory=list)


@dataclass
class ListItem:
    text: str
    children: list[ListBlock] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


Block = Heading | Paragraph | ListBlock | Table


@dataclass
class Document:
    title: str
    blocks: list[Block]
    pages: dict[str, str]  # URL name → anchor of the section that documents it

    def headings(self, *levels: int) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level in levels]


class ManualSyntaxError(ValueError):
    """The text uses something outside the subset (a table without its separator row …)."""


# -- parsing -------------------------------------------------------------------------------------


def parse(source: str) -> Document:
    blocks: list[Block] = []
    pages: dict[str, str] = {}
    paragraph: list[str] = []
    lines = source.replace("\r\n", "\n").split("\n")
    used_anchors: set[str] = set()
    counter = 0
    i = 0

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(join_lines(paragraph)))
            paragraph.clear()

    def current_anchor() -> str:
        for block in reversed(blocks):
            if isinstance(block, Heading):
                return block.anchor
        return ""

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            flush()
            i += 1
            continue
        comment = COMMENT.match(stripped)
        if comment:
            flush()
            marker = PAGE_MARKER.match(comment.group(1))
            if marker:
                for name in re.split(r"[\s,]+", marker.group(1)):
                    if name:
                        pages.setdefault(name, current_anchor())
            i += 1
            continue
        heading = HEADING.match(line)
        if heading:
            flush()
            counter += 1
            anchor = heading.group(3) or f"section-{counter}"
            if anchor in used_anchors:
                raise ManualSyntaxError(f"重复的锚点：{anchor}")
            used_anchors.add(anchor)
            blocks.append(Heading(len(heading.group(1)), heading.group(2), anchor))
            i += 1
            continue
        if stripped.startswith("|"):
            flush()
            i = _table(lines, i, blocks)
            continue
        if LIST_ITEM.match(line) and not line.startswith(" "):
            flush()
            i = _list(lines, i, blocks)
            continue
        paragraph.append(line)
        i += 1
    flush()
    titles = [b.text for b in blocks if isinstance(b, Heading) and b.level == 1]
    if len(titles) != 1 or not isinstance(blocks[0], Heading):
        raise ManualSyntaxError("手册必须以唯一的一级标题开头。")
    return Document(title=titles[0], blocks=blocks[1:], pages=pages)


def _is_wide(ch: str) -> bool:
    """A Chinese character, a full-width mark (，【】) or another East Asian wide character. An
    empty side (a line of neutral marks only) counts as wide: only a Latin side asks for a space."""
    return not ch or unicodedata.east_asian_width(ch) in ("W", "F")


def _edge(line: str, *, last: bool) -> str:
    """The first (or last) character of the words of ``line`` that is not a neutral mark."""
    words = plain(line)
    return next((ch for ch in (reversed(words) if last else words) if ch not in NEUTRAL_MARKS), "")


def join_lines(lines: Iterable[str]) -> str:
    """The source lines of one paragraph as one line of text. A line break between two wide
    characters is dropped (Chinese has no spaces between words: the writer only wrapped the
    source); any other one, next to a Latin letter, digit or mark, becomes one space. This is
    the segment-break rule of CSS Text Level 3, which browsers apply to the same text."""
    text = previous = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text and not (_is_wide(_edge(previous, last=True)) and _is_wide(_edge(line, last=False))):
            text += " "
        text += line
        previous = line
    return text


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table(lines: list[str], i: int, blocks: list[Block]) -> int:
    header = _cells(lines[i])
    if i + 1 >= len(lines) or not TABLE_SEPARATOR.match(lines[i + 1].strip()):
        raise ManualSyntaxError(f"表格第 {i + 1} 行之后缺少分隔行（|---|---|）。")
    rows: list[list[str]] = []
    i += 2
    while i < len(lines) and lines[i].strip().startswith("|"):
        row = _cells(lines[i])
        # A short row is padded and a long one cut, so every row has the header's width.
        rows.append((row + [""] * len(header))[: len(header)])
        i += 1
    blocks.append(Table(header, rows))
    return i


def _list(lines: list[str], i: int, blocks: list[Block]) -> int:
    top: ListBlock | None = None
    nested: ListBlock | None = None
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            # A blank line ends the list unless the next line carries on with an item.
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if not LIST_ITEM.match(following):
                break
            i += 1
            continue
        match = LIST_ITEM.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if match and indent < 2:
            ordered = match.group(3) is not None
            if top is None:
                top = ListBlock(ordered)
            elif top.ordered != ordered:
                break  # a list of the other kind starts: a block of its own
            top.items.append(ListItem(match.group(4).strip()))
            nested = None
        elif match and top is not None:
            ordered = match.group(3) is not None
            if nested is None or nested.ordered != ordered:
                nested = ListBlock(ordered)
                top.items[-1].children.append(nested)
            nested.items.append(ListItem(match.group(4).strip()))
        elif indent >= 2 and top is not None:
            target = nested.items[-1] if nested is not None else top.items[-1]
            target.text = join_lines([target.text, line])
        else:
            break
        i += 1
    if top is not None:
        blocks.append(top)
    return i


# -- inline text ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    kind: str  # "text", "bold", "code" or "link"
    text: str
    target: str = ""


def spans(text: str) -> list[Span]:
    """The inline pieces of ``text``; a link with a target we do not allow becomes its text."""
    out: list[Span] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            out.append(Span("text", text[position : match.start()]))
        if match.group("bold") is not None:
            out.append(Span("bold", match.group("bold")))
        elif match.group("code") is not None:
            out.append(Span("code", match.group("code")))
        elif SAFE_TARGET.match(match.group("target")):
            out.append(Span("link", match.group("text"), match.group("target")))
        else:
            out.append(Span("text", match.group("text")))
        position = match.end()
    if position < len(text):
        out.append(Span("text", text[position:]))
    return out


def plain(text: str) -> str:
    """The words of ``text`` without markup (for the table of contents and the PDF outline)."""
    return "".join(span.text for span in spans(text))


def inline_html(text: str) -> str:
    parts = []
    for span in spans(text):
        words = escape(span.text)
        if span.kind == "bold":
            parts.append(f"<strong>{words}</strong>")
        elif span.kind == "code":
            parts.append(f"<code>{words}</code>")
        elif span.kind == "link":
            parts.append(f'<a href="{escape(span.target)}">{words}</a>')
        else:
            parts.append(words)
    return "".join(parts)


# -- HTML -------------------------------------------------------------------------------------------


def _list_html(block: ListBlock) -> str:
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        children = "".join(_list_html(child) for child in item.children)
        items.append(f"<li>{inline_html(item.text)}{children}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>"


def _table_html(block: Table) -> str:
    head = "".join(f'<th scope="col">{inline_html(cell)}</th>' for cell in block.header)
    body = "".join("<tr>" + "".join(f"<td>{inline_html(cell)}</td>" for cell in row) + "</tr>" for row in block.rows)
    return (
        '<div class="table-responsive"><table class="table table-sm manual-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def to_html(document: Document) -> str:
    """The body of the manual (without its title, which the page shows as its ``h1``). Every
    piece of text is escaped; headings carry their anchors and a link back to the contents."""
    out = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = block.level  # the manual's ## is the page's h2: the title is the only h1
            out.append(f'<h{level} id="{escape(block.anchor)}">{inline_html(block.text)}</h{level}>')
        elif isinstance(block, Paragraph):
            out.append(f"<p>{inline_html(block.text)}</p>")
        elif isinstance(block, ListBlock):
            out.append(_list_html(block))
        else:
            out.append(_table_html(block))
    return "\n".join(out)


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    text: str
    children: tuple[TocEntry, ...] = ()


def table_of_contents(document: Document) -> list[TocEntry]:
    """Level-2 headings, each with the level-3 headings under it."""
    entries: list[TocEntry] = []
    children: list[TocEntry] = []
    current: Heading | None = None
    for heading in document.headings(2, 3):
        if heading.level == 2:
            if current is not None:
                entries.append(TocEntry(current.anchor, plain(current.text), tuple(children)))
            current, children = heading, []
        elif current is not None:
            children.append(TocEntry(heading.anchor, plain(heading.text)))
    if current is not None:
        entries.append(TocEntry(current.anchor, plain(current.text), tuple(children)))
    return entries
