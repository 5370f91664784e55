"""常见问题 in a real browser (issue 8 item 2, "Done means": FAQ search and a link to a numbered
question).

Given the seeded questions, when a visitor opens 常见问题 from 咨询服务, searches for "密码" and
follows "常见问题 3" inside an answer, then the numbered question opens on its own page; a search
with more than one page keeps its words on the next page; an old-style link /help/faq/#faq-40
to a question on a later page still lands on it. When the system administrator adds a question
in the office and publishes it, the public sees it under the next free number. Screenshots at
1280 and 360 px; axe on every page.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from e2e.harness import settled
from teacherreg.accounts.models import StaffRole
from teacherreg.demo.staff import fixed_totp_secret
from teacherreg.faq.loading import load_seed
from teacherreg.organisations.models import OrgLevel
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEED = fixed_totp_secret("faq-admin")


def test_a_visitor_searches_the_faq_and_opens_a_numbered_question(page: Page, live_server, axe, shoot):
    load_seed()
    page.goto(live_server.url + "/help/")
    page.get_by_role("link", name="查看全部常见问题").click()
    expect(page.get_by_role("heading", level=1, name="常见问题")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="账号问题")).to_be_visible()
    expect(page.locator("#faq-1")).to_contain_text("常见问题 1")
    settled(page)
    axe(page)
    shoot(page, "list")

    page.get_by_label("关键词").fill("密码")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("status")).to_contain_text("与“密码”有关的问题")
    expect(page).to_have_title(re.compile("^搜索“密码”"))
    expect(page.get_by_label("关键词")).to_have_value("密码")
    settled(page)
    axe(page)
    shoot(page, "search")

    # Question 2's answer points to question 3; the link opens it on its own page.
    page.locator("#faq-2").get_by_role("link", name="常见问题 3").click()
    expect(page).to_have_url(re.compile(r"/help/faq/3/$"))
    expect(page.get_by_role("heading", level=1, name="忘记密码了怎么办？")).to_be_visible()
    expect(page.get_by_text("更新于")).to_be_visible()
    settled(page)
    axe(page)
    shoot(page, "detail")

    # A search with several pages keeps its words on the next page.
    page.goto(live_server.url + "/help/faq/?q=注册")
    settled(page)
    expect(page.get_by_role("status")).to_contain_text("第 1 页")
    page.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(re.compile(r"\?q=%E6%B3%A8%E5%86%8C&page=2$"))
    expect(page.get_by_role("status")).to_contain_text("第 2 页")
    expect(page.get_by_label("关键词")).to_have_value("注册")
    settled(page)
    axe(page)
    shoot(page, "search-page-2")

    # The category filter narrows the same search.
    page.get_by_label("分类", exact=True).select_option(label="证书相关问题")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("status")).to_contain_text("（证书相关问题）")
    expect(page.get_by_role("link", name=re.compile("^证书相关问题"))).to_have_attribute("aria-current", "true")

    # /help/faq/#faq-40 from an older page: question 40 is not on the first page of the list.
    page.goto(live_server.url + "/help/faq/#faq-40")
    expect(page).to_have_url(re.compile(r"/help/faq/40/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("⿰")


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + "/admin/login/?next=/office/")
    page.get_by_label("登录名").fill("faq-admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", level=1, name="业务后台")).to_be_visible()


def test_the_system_administrator_adds_a_question_the_public_then_finds(page: Page, live_server, axe, shoot):
    load_seed()
    national = OrganisationFactory(level=OrgLevel.NATIONAL, name="教育部教师资格认定指导中心", region=None)
    admin = StaffFactory(username="faq-admin", name="孙系统", totp_secret=SEED)
    MembershipFactory(user=admin, organisation=national, role=StaffRole.SYSTEM_ADMIN)
    _sign_in(page, live_server.url)

    page.get_by_role("main").get_by_role("link", name="常见问题").click()
    expect(page.get_by_role("heading", level=1, name="常见问题管理")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("共 42 条")
    settled(page)
    axe(page)
    shoot(page, "office-list")

    page.get_by_role("link", name="新建常见问题").click()
    settled(page)
    page.get_by_role("combobox", name=re.compile("^分类")).select_option(label="定期注册相关问题")
    page.get_by_role("textbox", name=re.compile("^问题")).fill("<b>网报时间</b>过了还能报名吗？")
    page.get_by_role("textbox", name=re.compile("^解答")).fill("不能在网上补报。\n\n请联系注册机构，见常见问题 20。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").first).to_contain_text("问题是纯文本，不能包含 HTML 标记")
    axe(page)
    shoot(page, "office-form-errors")

    page.get_by_role("textbox", name=re.compile("^问题")).fill("网报时间过了还能报名吗？")
    page.get_by_label("保存后立即发布").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已新建常见问题 43。")).to_be_visible()
    row = page.locator("#faq-43")
    expect(row).to_contain_text("网报时间过了还能报名吗？")
    expect(row).to_contain_text("已发布")
    shoot(page, "office-list-created", sizes=({"width": 1280, "height": 900},))

    page.goto(live_server.url + "/help/faq/43/")
    expect(page.get_by_role("heading", level=1, name="网报时间过了还能报名吗？")).to_be_visible()
    expect(page.get_by_role("link", name="常见问题 20", exact=True)).to_have_attribute("href", "/help/faq/20/")
    settled(page)
    axe(page)
    shoot(page, "public-new-question")
