"""/help/faq/ and /help/faq/N/ for anyone, without logging in (manual §4)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LIST = "/help/faq/"


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="faq-entry" id="faq-(\d+)"', html)]


def test_it_lists_published_entries_by_category_with_anchors_and_dates(client: Client, make_entry):
    make_entry(7, category="exam", question="考试在哪里报名？")
    make_entry(3, category="account", question="忘记密码了怎么办？")
    make_entry(5, category="account", question="还没发布的问题？", is_published=False)
    answer = client.get(LIST)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert _numbers(html) == [3, 7]  # account before exam: the manual's order
    assert "还没发布的问题" not in html
    assert '<h2 id="faq-group-account">账号问题</h2>' in html
    assert '<h2 id="faq-group-exam">考试相关问题</h2>' in html
    assert '<span class="faq-entry__number">常见问题 3</span> 忘记密码了怎么办？' in html
    assert '更新于 <time datetime="2026-03-02">2026-03-02</time>' in html
    assert 'href="/help/faq/3/"' in html


def test_it_orders_by_sort_order_within_a_category_then_number(client: Client, make_entry):
    make_entry(1, question="一？")
    make_entry(2, question="二？", sort_order=10)
    make_entry(3, question="三？")
    assert _numbers(client.get(LIST).content.decode()) == [2, 1, 3]


def test_the_detail_page_is_the_stable_link_and_hides_unpublished_entries(client: Client, make_entry):
    make_entry(4, question="证书为什么不在这里？", answer="第一段。\n\n第二段，见常见问题 6。")
    make_entry(6, question="怎样添加证书？")
    make_entry(8, is_published=False)
    page = client.get("/help/faq/4/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<h1 id="faq-question" class="mt-1">证书为什么不在这里？</h1>' in html
    assert '<p>第一段。</p>\n\n<p>第二段，见<a href="/help/faq/6/">常见问题 6</a>。</p>' in html
    assert 'href="/help/faq/6/"' in html  # the related list too
    assert 'href="/account/login/"' in html  # the header's own links survive the page's context
    assert client.get("/help/faq/8/").status_code == 404
    assert client.get("/help/faq/999/").status_code == 404


def test_an_answer_is_shown_as_text_never_as_html(client: Client, make_entry):
    make_entry(1, answer='<script>alert("x")</script>\n常见问题 2 与常见问题 3')
    make_entry(2)
    html = client.get(LIST).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>" in html
    # Only a published question becomes a link.
    assert '<a href="/help/faq/2/">常见问题 2</a> 与常见问题 3' in html


@pytest.mark.parametrize(
    "query", ["%", "<script>alert(1)</script>", "密" * 500, "\x00", "' OR 1=1 --", "常见问题 ../../etc"]
)
def test_any_search_input_answers_safely(client: Client, make_entry, query):
    make_entry(1, question="折扣 100% 吗？")
    answer = client.get(LIST, {"q": query})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "<script>alert(1)" not in html
    assert 'maxlength="100"' in html


def test_a_long_query_is_cut_and_the_visitor_is_told(client: Client, make_entry):
    make_entry(1)
    html = client.get(LIST, {"q": "密" * 500}).content.decode()
    assert "关键词太长，只用了前 100 个字。" in html
    assert f'value="{"密" * 100}"' in html


def test_the_search_result_count_is_in_a_status_region_and_the_title(client: Client, make_entry):
    make_entry(1, question="忘记密码了怎么办？")
    make_entry(2, question="照片要求？")
    html = client.get(LIST, {"q": "密码"}).content.decode()
    assert re.search(
        r'<div role="status" class="faq-result">\s*<p class="mb-0">找到 1 条与“密码”有关的问题。</p>', html
    )
    assert "<title>搜索“密码”：1 条 - 常见问题 - " in html
    assert _numbers(html) == [1]


def test_nothing_found_points_to_all_questions_and_to_support(client: Client, make_entry):
    make_entry(1)
    html = client.get(LIST, {"q": "无此词"}).content.decode()
    assert "找到 0 条与“无此词”有关的问题。" in html
    assert "没有找到相关的问题" in html
    assert 'href="/help/#email"' in html


def test_the_category_filter_and_its_counts(client: Client, make_entry):
    make_entry(1, category="account")
    make_entry(2, category="exam")
    make_entry(3, category="exam", is_published=False)
    html = client.get(LIST, {"category": "exam"}).content.decode()
    assert _numbers(html) == [2]
    assert (
        '<a href="?category=exam" aria-current="true">考试相关问题 <span class="faq-categories__count">1</span>' in html
    )
    assert '全部 <span class="faq-categories__count">2</span>' in html
    # While searching, the counts are of the matches in each category.
    searching = client.get(LIST, {"q": "第 2 个"}).content.decode()
    assert '考试相关问题 <span class="faq-categories__count">1</span>' in searching
    assert '账号问题 <span class="faq-categories__count">0</span>' in searching
    assert '全部 <span class="faq-categories__count">1</span>' in searching
    # An unknown category is ignored, not an error.
    assert _numbers(client.get(LIST, {"category": "nope"}).content.decode()) == [1, 2]


def test_pagination_keeps_the_query_and_the_category(client: Client, make_entry):
    for number in range(1, 24):
        make_entry(number, category="registration", question=f"照片问题 {number}？")
    make_entry(30, category="registration", question="别的？")
    first = client.get(LIST, {"q": "照片", "category": "registration"}).content.decode()
    assert _numbers(first) == list(range(1, 11))
    assert 'href="?q=%E7%85%A7%E7%89%87&amp;category=registration&amp;page=2"' in first
    assert "找到 23 条与“照片”有关的问题（定期注册相关问题），第 1 页，共 3 页。" in first
    third = client.get(LIST, {"q": "照片", "category": "registration", "page": "3"}).content.decode()
    assert _numbers(third) == [21, 22, 23]
    assert 'href="?q=%E7%85%A7%E7%89%87&amp;category=registration&amp;page=2">上一页</a>' in third
    # A page past the end or not a number falls back to a real page.
    assert _numbers(client.get(LIST, {"q": "照片", "page": "99"}).content.decode()) == [21, 22, 23]
    assert _numbers(client.get(LIST, {"q": "照片", "page": "x"}).content.decode()) == list(range(1, 11))


def test_the_list_takes_the_same_few_queries_however_many_entries(
    client: Client, make_entry, django_assert_num_queries
):
    for number in range(1, 31):
        make_entry(number)
    # The published index (links and counts), the page count, the page itself.
    with django_assert_num_queries(3):
        client.get(LIST, {"q": "问题"})


def test_the_portal_links_lead_to_the_list(client: Client):
    for page in ("/", "/help/"):
        assert 'href="/help/faq/"' in client.get(page).content.decode()
    assert 'href="/help/faq/?category=rare_characters"' in client.get("/help/").content.decode()
