"""/help/faq/ on English pages (issue 8 item 4): the English edition where an entry has one,
else the Chinese marked as such; search covers the English too, and the Chinese always."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db

LIST = "/help/faq/"
# "(available in Chinese only)" once the English catalogue has it; read through gettext so the
# test does not depend on when the catalogue is compiled.
with translation.override("en"):
    NOTE = gettext("（本条只有中文）")


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="faq-entry" id="faq-(\d+)"', html)]


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def entries(make_entry):
    make_entry(
        3,
        question="忘记密码了怎么办？",
        answer="在登录页点“忘记密码”。\n\n仍有问题的，见常见问题 4。",
        question_en="I have forgotten my password. What do I do?",
        answer_en='On the sign-in page, click "Forgot password".\n\nStill stuck? See FAQ 4.',
    )
    make_entry(4, question="收不到短信验证码怎么办？", answer="请确认号码填写正确。")


def test_an_english_page_shows_the_english_edition_with_links_to_faq_n(english: Client, entries):
    html = english.get(LIST).content.decode()
    assert '<html lang="en">' in html
    assert "I have forgotten my password. What do I do?</h3>" in html
    assert "<p>On the sign-in page, click &quot;Forgot password&quot;.</p>" in html
    assert 'See <a href="/help/faq/4/">FAQ 4</a>.' in html
    assert "忘记密码了怎么办" not in html


def test_an_entry_without_english_is_shown_in_chinese_with_a_note(english: Client, entries):
    html = english.get(LIST).content.decode()
    entry = html[html.index('id="faq-4"') :]
    assert '<span lang="zh-hans">收不到短信验证码怎么办？</span></h3>' in entry
    assert f'<p class="faq-entry__language">{NOTE}</p>' in entry
    assert '<div class="faq-entry__answer" lang="zh-hans"><p>请确认号码填写正确。</p></div>' in entry
    assert html.count(NOTE) == 1  # not on the entry that has its English


def test_the_detail_page_and_its_related_list_in_english(english: Client, entries):
    html = english.get("/help/faq/3/").content.decode()
    assert '<h1 id="faq-question" class="mt-1">I have forgotten my password. What do I do?</h1>' in html
    assert "<title>" in html and ": I have forgotten my password. What do I do? - " in html
    assert NOTE not in html.split('id="faq-related"')[0]
    assert '<span class="entry-list__label" lang="zh-hans">收不到短信验证码怎么办？</span>' in html
    other = english.get("/help/faq/4/").content.decode()
    assert '<h1 id="faq-question" class="mt-1" lang="zh-hans">收不到短信验证码怎么办？</h1>' in other
    assert NOTE in other


def test_a_chinese_page_never_shows_the_english(client: Client, entries):
    html = client.get(LIST).content.decode()
    assert "忘记密码了怎么办？</h3>" in html
    assert "forgotten" not in html and "faq-entry__language" not in html
    assert 'lang="zh-hans">' not in html.split("<main")[-1]


def test_half_an_english_edition_is_not_shown(english: Client, make_entry):
    # The office form refuses this; a row written another way still reads as Chinese only.
    make_entry(5, question="问题？", answer="解答。", question_en="Question?")
    html = english.get(LIST).content.decode()
    assert "Question?" not in html and NOTE in html


@pytest.mark.usefixtures("entries")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("forgotten", [3]),  # the English question
        ("SIGN-IN page", [3]),  # the English answer, any case, every word
        ("短信", [4]),  # the Chinese is searched on English pages too
        ("FAQ 4", [4]),  # a reference finds the entry by number
        ("faq4", [4]),
        ("forgotten 短信", []),
    ],
)
def test_an_english_page_searches_both_editions(english: Client, query, expected):
    assert _numbers(english.get(LIST, {"q": query}).content.decode()) == expected


def test_a_chinese_page_searches_the_chinese_only(client: Client, entries):
    # An English word would find an entry on a page that nowhere shows it.
    assert _numbers(client.get(LIST, {"q": "forgotten"}).content.decode()) == []
    assert _numbers(client.get(LIST, {"q": "FAQ 4"}).content.decode()) == [4]


def test_the_category_counts_follow_the_english_search(english: Client, entries, make_entry):
    make_entry(7, category="exam", question="考试？", answer="不在本平台。", question_en="Exam?", answer_en="No.")
    html = english.get(LIST, {"q": "password"}).content.decode()
    assert re.search(r'All <span class="faq-categories__count">1</span>', html)
    assert _numbers(html) == [3]


def test_the_english_list_takes_the_same_few_queries(english: Client, make_entry, django_assert_num_queries):
    for number in range(1, 31):
        make_entry(number, question_en=f"Question {number}?", answer_en="Answer.")
    with django_assert_num_queries(3):
        english.get(LIST, {"q": "question"})
