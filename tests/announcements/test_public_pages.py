"""The public side: the board on the home and business platform pages, the list and each page."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.template import Context, Template

from tests.announcements.world import OCT_1, announcement, province, shanghai

pytestmark = pytest.mark.django_db

NOON_OCT_20 = shanghai(2026, 10, 20, 12, 0, 0)


@pytest.fixture(autouse=True)
def _october_20():
    with time_machine.travel(NOON_OCT_20, tick=False):
        yield


def _board_titles(html: str) -> list[str]:
    """The titles in the board, in page order (the text after the last badge of each link)."""
    board = html.split('id="announcements-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"</span>([^<]+)</a>", board)


def _day(n: int) -> datetime.date:
    return OCT_1 + datetime.timedelta(days=n)


def test_the_home_page_lists_pinned_first_then_newest_first_at_most_five(client):
    announcement(title="十月二日", starts_on=_day(1))
    announcement(title="十月五日", starts_on=_day(4))
    announcement(title="置顶旧公告", starts_on=OCT_1, is_pinned=True)
    announcement(title="十月三日", starts_on=_day(2))
    announcement(title="十月四日", starts_on=_day(3))
    announcement(title="十月六日", starts_on=_day(5))
    announcement(title="十月一日", starts_on=OCT_1)

    html = client.get("/").content.decode()

    assert _board_titles(html) == ["置顶旧公告", "十月六日", "十月五日", "十月四日", "十月三日"]
    assert '<a href="/announcements/">查看全部公告</a>' in html


def test_two_on_the_same_day_show_the_later_written_first(client):
    announcement(title="先写的", starts_on=_day(3))
    announcement(title="后写的", starts_on=_day(3))

    assert _board_titles(client.get("/").content.decode()) == ["后写的", "先写的"]


def test_unpublished_and_future_ones_are_not_shown_anywhere(client):
    draft = announcement(title="草稿公告", is_published=False)
    future = announcement(title="下月公告", starts_on=datetime.date(2026, 11, 1))
    announcement(title="已发布公告")

    for path in ("/", "/services/", "/announcements/"):
        html = client.get(path).content.decode()
        assert "已发布公告" in html, path
        assert "草稿公告" not in html and "下月公告" not in html, path
    assert client.get(f"/announcements/{draft.pk}/").status_code == 404
    assert client.get(f"/announcements/{future.pk}/").status_code == 404
    assert client.get("/announcements/999999/").status_code == 404


def test_province_ones_show_to_everyone_labelled_with_the_province(client):
    announcement(title="全国公告")
    announcement(title="山东的公告", province=province())

    html = client.get("/services/").content.decode()

    assert '<span class="badge text-bg-light border me-1">全国</span>全国公告' in html
    assert '<span class="badge text-bg-light border me-1">山东省</span>山东的公告' in html


def test_the_board_is_left_out_when_nothing_shows(client):
    announcement(title="草稿公告", is_published=False)

    html = client.get("/").content.decode()

    assert "announcements-heading" not in html and "查看全部公告" not in html  # (the header still links 通知公告)
    assert "目前没有公告。" in client.get("/announcements/").content.decode()


def test_the_body_is_plain_text_in_paragraphs_never_html(client):
    item = announcement(
        title="<b>标题</b>",
        body='第一段<script>alert("x")</script>\n第一段第二行\n\n第二段 <a href="https://evil.example">链接</a>',
    )

    html = client.get(f"/announcements/{item.pk}/").content.decode()

    assert "<script>" not in html.split('id="announcement-title"', 1)[1].split("</article>")[0]
    assert (
        "<p>第一段&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>第一段第二行</p>\n\n"
        "<p>第二段 &lt;a href=&quot;https://evil.example&quot;&gt;链接&lt;/a&gt;</p>"
    ) in html
    assert "&lt;b&gt;标题&lt;/b&gt;</h1>" in html
    assert 'href="https://evil.example"' not in html


def test_the_detail_page_names_the_scope_and_the_date(client):
    item = announcement(title="山东的公告", province=province(), starts_on=_day(2))

    html = client.get(f"/announcements/{item.pk}/").content.decode()

    assert '<dt class="fw-normal">发布范围：</dt><dd class="mb-0">山东省</dd>' in html
    assert '<time datetime="2026-10-03">2026-10-03</time>' in html
    assert '<li class="breadcrumb-item active" aria-current="page">山东的公告</li>' in html


def test_the_list_is_paginated_fifteen_a_page(client):
    for n in range(17):
        announcement(title=f"第{n + 1:02d}条", starts_on=_day(n))

    first = client.get("/announcements/").content.decode()
    second = client.get("/announcements/?page=2").content.decode()

    assert "第17条" in first and "第03条" in first and "第02条" not in first
    assert "第 1 / 2 页" in first and 'href="?page=2"' in first
    assert "第02条" in second and "第01条" in second and "第03条" not in second
    assert "第 2 / 2 页" in second


def test_the_board_runs_one_query(django_assert_num_queries):
    announcement(title="全国公告")
    announcement(title="山东的公告", province=province())
    board = Template("{% load announcements %}{% announcement_board %}")

    # Province and region are joined in: the labels cost no further query.
    with django_assert_num_queries(1):
        html = board.render(Context({}))
    assert "山东省" in html and "全国公告" in html
