"""The manuals' Markdown subset: parsed into blocks, rendered with every character escaped."""

from __future__ import annotations

import pytest

from teacherreg.manuals.markdown import (
    ManualSyntaxError,
    TocEntry,
    join_lines,
    parse,
    table_of_contents,
    to_html,
)

SOURCE = """# 测试手册

第一段，
接着一行。

## 登录 {#login}

<!-- page: accounts:login, accounts:logout -->

1. 打开页面。
2. 点【登录】。
   - 输错 5 次锁定。
   - 可以找回密码。
3. 完成。

### 找回 {#reset}

- 看 **注意** 和 `code`。
- [咨询服务](/help/) 和 [外站](javascript:alert)。

## 没有锚点

| 提示 | 怎么办 |
|---|---|
| 太长 | 改短 |
| 只有一格 |
"""


def test_it_reads_the_title_and_the_sections_with_their_anchors():
    document = parse(SOURCE)

    assert document.title == "测试手册"
    assert [(h.level, h.text, h.anchor) for h in document.headings(2, 3)] == [
        (2, "登录", "login"),
        (3, "找回", "reset"),
        (2, "没有锚点", "section-4"),
    ]


def test_it_joins_the_lines_of_a_paragraph_without_spaces():
    html = to_html(parse(SOURCE))

    assert "<p>第一段，接着一行。</p>" in html


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Between two Chinese characters or full-width marks the break was only in the source.
        (["第一段，", "接着一行。"], "第一段，接着一行。"),
        (["请点击", "【提交】按钮"], "请点击【提交】按钮"),
        # Curly quotes, dashes and markup say nothing about the language: the letter beyond does.
        (["请点击", "“确定”"], "请点击“确定”"),
        (["**注意**", "不要重复提交"], "**注意**不要重复提交"),
        # Next to Latin text on either side the break is a space between words.
        (["The quick", "brown fox."], "The quick brown fox."),
        (["Click **Save**", "to keep it."], "Click **Save** to keep it."),
        (["He said “yes”", "“no”"], "He said “yes” “no”"),
        (["Click", "【提交】 to submit"], "Click 【提交】 to submit"),
        (["2008", "年以前"], "2008 年以前"),
        # Surrounding spaces and empty lines are dropped, never doubled.
        (["  one  ", "", "  two "], "one two"),
        ([], ""),
    ],
)
def test_it_joins_source_lines_with_a_space_unless_both_sides_are_chinese(lines, expected):
    assert join_lines(lines) == expected


def test_it_joins_the_wrapped_lines_of_english_paragraphs_and_list_items():
    document = parse("# Guide\n\nThis guide is\nfor teachers.\n\n- Sign in with\n  your ID number.\n")

    assert to_html(document) == "<p>This guide is for teachers.</p>\n<ul><li>Sign in with your ID number.</li></ul>"


def test_it_renders_headings_with_ids():
    html = to_html(parse(SOURCE))

    assert '<h2 id="login">登录</h2>' in html
    assert '<h3 id="reset">找回</h3>' in html
    assert '<h2 id="section-4">没有锚点</h2>' in html
    assert "<h1" not in html  # the page's h1 is the title, shown by the template


def test_it_nests_a_list_inside_an_item():
    html = to_html(parse(SOURCE))

    assert (
        "<ol><li>打开页面。</li><li>点【登录】。<ul><li>输错 5 次锁定。</li><li>可以找回密码。</li></ul></li>"
        "<li>完成。</li></ol>"
    ) in html


def test_it_renders_bold_code_and_safe_links_only():
    html = to_html(parse(SOURCE))

    assert "<li>看 <strong>注意</strong> 和 <code>code</code>。</li>" in html
    assert '<a href="/help/">咨询服务</a>' in html
    assert "javascript" not in html
    assert "和 外站。" in html


def test_it_pads_short_table_rows():
    html = to_html(parse(SOURCE))

    assert '<thead><tr><th scope="col">提示</th><th scope="col">怎么办</th></tr></thead>' in html
    assert "<tr><td>太长</td><td>改短</td></tr><tr><td>只有一格</td><td></td></tr>" in html


def test_it_collects_the_page_markers_with_their_section():
    document = parse(SOURCE)

    assert document.pages == {"accounts:login": "login", "accounts:logout": "login"}
    assert "page:" not in to_html(document)


def test_it_builds_the_contents_from_level_two_and_three():
    assert table_of_contents(parse(SOURCE)) == [
        TocEntry("login", "登录", (TocEntry("reset", "找回"),)),
        TocEntry("section-4", "没有锚点"),
    ]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>"),
        ("**<b>粗</b>**", "<p><strong>&lt;b&gt;粗&lt;/b&gt;</strong></p>"),
        ('[点我](/help/"onmouseover="x)', '<p><a href="/help/&quot;onmouseover=&quot;x">点我</a></p>'),
        ("[点我](//evil.example/)", "<p>点我</p>"),
        ("A & B", "<p>A &amp; B</p>"),
    ],
)
def test_it_escapes_html_in_the_text(markdown, expected):
    assert to_html(parse(f"# 标题\n\n{markdown}\n")) == expected


def test_it_escapes_html_in_headings_and_tables():
    html = to_html(parse("# 标题\n\n## <i>x</i>\n\n| <b>a</b> |\n|---|\n| <s>b</s> |\n"))

    assert '<h2 id="section-2">&lt;i&gt;x&lt;/i&gt;</h2>' in html
    assert '<th scope="col">&lt;b&gt;a&lt;/b&gt;</th>' in html
    assert "<td>&lt;s&gt;b&lt;/s&gt;</td>" in html


def test_it_refuses_a_repeated_anchor():
    with pytest.raises(ManualSyntaxError):
        parse("# 标题\n\n## 一 {#same}\n\n## 二 {#same}\n")


def test_it_refuses_a_table_without_its_separator_row():
    with pytest.raises(ManualSyntaxError):
        parse("# 标题\n\n| a | b |\n| c | d |\n")


def test_it_refuses_a_manual_without_one_title():
    with pytest.raises(ManualSyntaxError):
        parse("## 只有二级标题\n")
