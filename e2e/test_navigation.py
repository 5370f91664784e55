"""Navigation from the home page to every entry (issue 8 item 1): each link of the top
navigation, of the three entry cards and of the footer opens its page, which has a heading and
passes axe. The same entries are reachable from the navigation and from the home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

# (where on the home page, link name, the address it opens, a heading on that page)
ENTRIES = [
    ("nav", "网上办事", "/services/", "网上办事"),
    ("nav", "证书查询", "/certificate-query/", "证书查询"),
    ("nav", "咨询服务", "/help/", "咨询服务"),
    ("nav", "通知公告", "/announcements/", "通知公告"),
    ("nav", "登录", "/account/login/", "登录"),
    ("main", "定期注册报名", "/account/login/", "登录"),  # signed out: sign in first, then 报名
    ("main", "报名须知", "/services/#registration-notes", "网上办事"),
    ("main", "网上报名时间查询", "/registration/windows/", "网上报名时间查询"),
    ("main", "本人查询", "/certificate-query/#own-query", "证书查询"),
    ("main", "其他查询", "/certificate-query/#third-party-query", "证书查询"),
    ("main", "常见问题", "/help/faq/", "常见问题"),
    ("main", "邮件咨询", "/help/#email", "咨询服务"),
    ("main", "电话咨询", "/help/#phone", "咨询服务"),
    ("main", "操作手册", "/help/#guide", "咨询服务"),
    ("footer", "常见问题", "/help/faq/", "常见问题"),
    ("footer", "操作手册", "/help/#guide", "咨询服务"),
    ("footer", "用户服务协议和个人信息处理规则", "/terms/", "用户服务协议和个人信息处理规则"),
    ("footer", "无障碍声明", "/accessibility/", "无障碍声明"),
]


def test_every_entry_of_the_home_page_opens_its_page(page: Page, live_server, axe):
    url = live_server.url
    for where, name, target, heading in ENTRIES:
        page.goto(url + "/")
        region = {
            "nav": page.get_by_role("navigation", name="主导航"),
            "main": page.get_by_role("main"),
            "footer": page.get_by_role("contentinfo"),
        }[where]
        region.get_by_role("link", name=re.compile(re.escape(name))).first.click()
        path = target.split("#")[0]
        expect(page).to_have_url(re.compile(re.escape(url + path) + r"(\?next=.*)?(#.*)?$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        axe(page)
