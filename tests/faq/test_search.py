"""Searching the FAQ: question and answer words, case, numbers, and any odd input."""

from __future__ import annotations

import pytest

from teacherreg.faq.models import Entry
from teacherreg.faq.search import clean_query, matching


@pytest.fixture
def entries(make_entry):
    make_entry(1, question="忘记密码了怎么办？", answer="在登录页点“忘记密码”，按提示重新设置。")
    make_entry(2, question="申请表在哪里下载？", answer="点“申请表下载”即可得到 PDF 文件。")
    make_entry(3, question="折扣是 100% 吗？", answer="这条用来测试百分号和下划线 a_b。")
    make_entry(12, question="照片有什么要求？", answer="宽 290 到 300 像素。")


def _found(query: str) -> list[int]:
    cleaned, _cut = clean_query(query)
    return sorted(matching(Entry.objects.all(), cleaned).values_list("number", flat=True))


@pytest.mark.usefixtures("entries")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("忘记密码", [1]),  # in the question
        ("重新设置", [1]),  # only in the answer
        ("pdf", [2]),  # case-insensitive: the answer says "PDF"
        ("申请表 PDF", [2]),  # every word must match
        ("申请表 照片", []),
        ("12", [12]),  # a number finds that entry
        ("常见问题12", [12]),
        ("常见问题 12", [12]),  # "常见问题" matches nothing by itself, the number still narrows
        ("%", [3]),  # a literal percent sign, not a wildcard
        ("_", [3]),  # a literal underscore, not a wildcard
        ("a_b", [3]),
        ("<script>alert(1)</script>", []),
        ("' OR 1=1 --", []),
        ("忘记\x00密码", [1]),  # NUL dropped (PostgreSQL refuses it in a query)
        ("\u202e忘记密码", [1]),  # a bidi override is dropped
        ("　忘记密码　", [1]),  # full-width spaces trimmed
        ("", [1, 2, 3, 12]),
    ],
)
def test_it_finds(query, expected):
    assert _found(query) == expected


def test_it_cuts_a_long_query_to_one_hundred_characters_and_says_so():
    assert clean_query("密" * 500) == ("密" * 100, True)
    assert clean_query("密码") == ("密码", False)


def test_it_collapses_whitespace_and_drops_control_characters():
    assert clean_query(" 忘记\t\n密码\x07 ") == ("忘记 密码", False)


@pytest.mark.usefixtures("entries")
def test_it_uses_at_most_five_words():
    # The sixth word would match nothing; it is not used.
    assert _found("忘 记 密 码 怎 无此词") == [1]


@pytest.fixture
def translated(make_entry):
    make_entry(
        1,
        question="忘记密码了怎么办？",
        answer="在登录页点“忘记密码”。",
        question_en="I have forgotten my password.",
        answer_en='Click "Forgot password" on the sign-in page.',
    )
    make_entry(2, question="申请表在哪里下载？", answer="见常见问题 1。")


def _found_in(query: str, *, english: bool) -> list[int]:
    return sorted(matching(Entry.objects.all(), query, english=english).values_list("number", flat=True))


@pytest.mark.usefixtures("translated")
@pytest.mark.parametrize(
    ("query", "english", "expected"),
    [
        ("forgotten", True, [1]),
        ("forgotten", False, []),  # the English is searched only where it is shown
        ("FORGOT Password", True, [1]),  # ASCII case folds on SQLite and PostgreSQL alike
        ("密码", True, [1]),  # the Chinese always
        ("FAQ 1", True, [1]),  # a reference is a number, not the word "FAQ" in every answer
        ("faq 1", False, [1]),
        ("常见问题 1", True, [1]),
        ('"Forgot', True, [1]),
    ],
)
def test_english_search(query, english, expected):
    assert _found_in(query, english=english) == expected
