"""Line breaking of the manuals' PDF: no opening mark at a line's end, no closing mark at a
line's start, Latin words and doubled marks kept whole, and ReportLab's layout built from it."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle

from teacherreg.manuals import pdf
from teacherreg.manuals.linebreak import ManualParagraph, break_lines, may_break
from teacherreg.registration.pdf.fonts import MAIN_FONT


def lines_of(text: str, width_in_characters: int, widths: list[float] | None = None) -> list[str]:
    """``text`` broken with every character 10 points wide, on lines of the given length."""
    widths = widths if widths is not None else [10.0] * len(text)
    return [text[start:end] for start, end in break_lines(text, widths, [10.0 * width_in_characters])]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # The bracket would be the 8th and last character: it moves down with its word.
        ("请在页面下方点【查一查】按钮。", 8, ["请在页面下方点", "【查一查】按钮。"]),
        ("请阅读本页上方的“注意事项”。", 9, ["请阅读本页上方的", "“注意事项”。"]),
        ("请先阅读这本《用户服务协议》。", 7, ["请先阅读这本", "《用户服务协", "议》。"]),
        # The comma would start the second line: the character before it comes along.
        ("这是第一句话，第二句。", 6, ["这是第一句", "话，第二句。"]),
        ("填写“姓名”和证件号码", 5, ["填写“姓", "名”和证件", "号码"]),
        ("名称是否规范？是。", 6, ["名称是否规", "范？是。"]),
    ],
)
def test_it_keeps_opening_marks_off_line_ends_and_closing_marks_off_line_starts(text, width, expected):
    assert lines_of(text, width) == expected


def test_a_line_that_fits_is_not_broken():
    assert lines_of("点【登录】。", 6) == ["点【登录】。"]


def test_it_keeps_latin_words_whole_and_breaks_at_a_space():
    # The number moves to the next line whole; the space before it stays at the end of the first.
    assert lines_of("年份是 2012 年", 6) == ["年份是 ", "2012 年"]
    # A word longer than a line is cut where the line is full (there is nowhere better).
    assert lines_of("筛选以 export.requested 开头的事件", 12) == ["筛选以 ", "export.reque", "sted 开头的事件"]


def test_english_text_breaks_between_words_only():
    text = "Open the queue and click Save to keep the agency’s changes."

    lines = lines_of(text, 16)

    assert lines == ["Open the queue ", "and click Save ", "to keep the ", "agency’s ", "changes."]
    assert "".join(lines) == text


def test_it_does_not_split_an_ellipsis_or_a_dash():
    assert lines_of("还没有到……的网报时间", 5) == ["还没有", "到……的网", "报时间"]
    assert lines_of("按时间——不按编号", 4) == ["按时间", "——不按", "编号"]


def test_a_line_without_any_allowed_break_is_cut_where_it_is_full():
    assert lines_of("【【【【【【", 4) == ["【【【【", "【【"]


def test_a_character_wider_than_the_line_stands_alone():
    assert lines_of("宽字", 1, widths=[25.0, 10.0]) == ["宽", "字"]


def test_later_lines_take_the_last_width():
    text = "一二三四五六七八九十"
    slices = break_lines(text, [10.0] * len(text), [30.0, 40.0])

    assert [text[a:b] for a, b in slices] == ["一二三", "四五六七", "八九十"]


@pytest.mark.parametrize(
    ("before", "after", "allowed"),
    [
        ("点", "【", True),
        ("【", "查", False),
        ("话", "，", False),
        ("”", "“", True),
        ("A", "B", False),
        (" ", "A", True),
        ("A", "中", True),
        ("…", "…", False),
        ("。", "下", True),
        ("’", "s", False),
        ("’", "下", True),
        ("e", "-", False),
    ],
)
def test_may_break(before, after, allowed):
    assert may_break(before, after) is allowed


def _paragraph_lines(markup: str, width: float) -> list[str]:
    pdf._fonts()
    style = ParagraphStyle("t", fontName=MAIN_FONT, fontSize=10, leading=14, wordWrap="CJK")
    paragraph = ManualParagraph(markup, style)
    paragraph.wrap(width, 1000)
    return ["".join(frag.text for frag in line.words) for line in paragraph.blPara.lines]


def test_the_pdf_paragraph_uses_these_rules_across_differently_coloured_runs():
    # In the embedded font each of these Chinese characters and marks is 10 points wide at 10 pt.
    assert _paragraph_lines("请在页面下方点【查一查】按钮。", 80) == ["请在页面下方点", "【查一查】按钮。"]
    assert _paragraph_lines('请在页面下方点<font color="#0b3d91">【查一查】</font>按钮。', 80) == [
        "请在页面下方点",
        "【查一查】按钮。",
    ]
    assert _paragraph_lines("这是第一句话，第二句。", 60) == ["这是第一句", "话，第二句。"]


def test_an_english_pdf_paragraph_breaks_at_spaces():
    words = "Choose the registration year and the registration agency, then click Show statistics to see them."
    markup = words.replace("Show statistics", '<font color="#0b3d91">Show statistics</font>')

    lines = _paragraph_lines(markup, 150)

    assert len(lines) > 2
    assert "".join(lines) == words
    # Every line ends at a space (or the text's end): no word is cut.
    assert all(line.endswith(" ") for line in lines[:-1])
    assert all(not line.startswith(" ") for line in lines)
