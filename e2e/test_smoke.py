"""Smoke test: the installed chromium starts, the portal renders, navigation and language work.

Given a visitor on the home page, when they look around and follow 网上办事, then every page
passes axe and the header, entries and language switch behave.
"""

import re

from playwright.sync_api import Page, expect

from e2e.harness import DESKTOP, PHONE

NAV_LINKS = ["首页", "网上办事", "证书查询", "咨询服务", "登录"]
HOME_ENTRIES = ["定期注册报名", "本人查询", "其他查询", "常见问题", "邮件咨询", "电话咨询", "操作手册"]


def test_it_shows_the_portal_and_switches_to_english(page: Page, live_server, axe, shoot):
    page.goto(live_server.url + "/")

    expect(page).to_have_title("中小学教师资格定期注册")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    nav = page.get_by_role("navigation", name="主导航")
    for label in NAV_LINKS:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="首页", exact=True)).to_have_attribute("aria-current", "page")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1, name="中小学教师资格定期注册")).to_be_visible()
    expect(main.get_by_role("link", name="开始")).to_be_visible()
    for label in HOME_ENTRIES:
        expect(main.get_by_role("link", name=re.compile(label))).to_be_visible()
    expect(main.get_by_role("heading", name="什么是定期注册")).to_be_visible()
    expect(main.get_by_role("heading", name="谁需要注册")).to_be_visible()
    axe(page)
    shoot(page, "home")

    nav.get_by_role("link", name="网上办事", exact=True).click()

    expect(page).to_have_url(live_server.url + "/services/")
    expect(page).to_have_title("网上办事 - 中小学教师资格定期注册")
    expect(page.get_by_role("heading", level=1, name="网上办事")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="中小学教师资格定期注册")).to_be_visible()
    expect(page.get_by_role("link", name="在线办理")).to_be_visible()
    expect(page.get_by_text("不在本平台办理")).to_be_visible()
    expect(nav.get_by_role("link", name="网上办事", exact=True)).to_have_attribute("aria-current", "page")
    axe(page)
    shoot(page, "services")

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(live_server.url + "/services/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title("Online services - School Teacher Qualification Periodic Registration")
    expect(page.get_by_role("heading", level=1, name="Online services")).to_be_visible()
    expect(page.get_by_role("button", name="简体中文")).to_be_visible()
    axe(page)
    shoot(page, "services-en")


def test_it_offers_a_skip_link_and_a_phone_menu(page: Page, live_server, axe, shoot):
    page.goto(live_server.url + "/certificate-query/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    shoot(page, "skip-link", sizes=(DESKTOP,))
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    expect(page.get_by_role("heading", level=1, name="证书查询")).to_be_visible()
    expect(page.get_by_role("heading", name="本人查询")).to_be_visible()
    expect(page.get_by_role("heading", name="其他查询")).to_be_visible()
    axe(page)
    shoot(page, "certificate-query")

    page.set_viewport_size(PHONE)
    nav = page.get_by_role("navigation", name="主导航")
    menu = nav.get_by_role("button", name="菜单")
    expect(nav.get_by_role("link", name="咨询服务")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="咨询服务")).to_be_visible()
    axe(page)
    shoot(page, "phone-menu", sizes=(PHONE,))
    nav.get_by_role("link", name="咨询服务").click()

    expect(page).to_have_url(live_server.url + "/help/")
    expect(page.get_by_role("heading", level=1, name="咨询服务")).to_be_visible()
    for category in ["账号问题", "认定申请问题", "证书相关问题", "定期注册相关问题", "考试相关问题", "姓名生僻字问题"]:
        expect(page.get_by_role("heading", level=3, name=category)).to_be_visible()
    axe(page)
    shoot(page, "help")
