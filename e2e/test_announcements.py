"""公告 in a real browser (issue 8 item 3).

Given 山东's province administrator with an authenticator, and a pinned national announcement
already showing, when they sign in with password and code and open 通知公告 from the office
home, then an announcement with its last day before its first is refused with what they typed
kept; corrected and saved as a draft, it is listed as 未发布; published, it shows to a
visitor on the home page (after the pinned one, labelled 山东省), on the business platform page,
on the list and on its own page with its paragraphs. Screenshots at 1280 and 360 px; axe on
every page.
"""

from __future__ import annotations

import datetime

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.harness import DESKTOP, block_outside_hosts, settled
from teacherreg.announcements.models import Announcement
from teacherreg.common.dates import today
from teacherreg.demo.staff import fixed_totp_secret
from teacherreg.organisations.models import Organisation, OrgLevel
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, RegionFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEED = fixed_totp_secret("shandong-padmin")
TITLE = "山东省定期注册现场确认时间调整"
BODY = "原定本周六的现场确认顺延一周。\n请按新的时间前往确认点。\n\n咨询电话见各确认点的安排。"


def _world() -> Organisation:
    region = RegionFactory(code="370000", name="山东省", is_municipality=False)
    national = OrganisationFactory(level=OrgLevel.NATIONAL, name="教育部教师资格认定指导中心", region=None)
    shandong = OrganisationFactory(level=OrgLevel.PROVINCE, name="山东省教育厅", region=region, parent=national)
    admin = StaffFactory(username="shandong-padmin", name="孙管理", totp_secret=SEED)
    MembershipFactory(user=admin, organisation=shandong, role="province_admin")
    Announcement.objects.create(
        title="全国定期注册网上报名提示",
        body="报名前请先查询本地的网报时间。",
        starts_on=today() - datetime.timedelta(days=3),
        is_pinned=True,
        is_published=True,
    )
    return shandong


def _sign_in(page: Page, url: str) -> None:
    page.goto(url + "/admin/login/?next=/office/")
    page.get_by_label("登录名").fill("shandong-padmin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()
    settled(page)


def _visitor(browser: Browser) -> tuple[Page, list[str]]:
    """A second browser with nobody signed in, held to this machine like the ``page`` fixture."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    return context.new_page(), block_outside_hosts(context)


def test_an_administrator_publishes_an_announcement_and_visitors_see_it(
    page: Page, browser: Browser, live_server, axe, shoot
):
    shandong = _world()
    url = live_server.url
    first_day = today()
    look = lambda p, name: (axe(p), shoot(p, name))  # noqa: E731

    _sign_in(page, url)
    page.get_by_role("main").get_by_role("link", name="通知公告").click()  # the office area, not the header
    expect(page.get_by_role("heading", level=1, name="通知公告")).to_be_visible()
    expect(page.get_by_text("还没有公告。")).to_be_visible()  # the national one is not theirs
    look(page, "office-list-empty")

    page.get_by_role("link", name="新建公告").click()
    expect(page.get_by_label("发布范围")).to_have_value(str(shandong.pk))  # their only choice
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("正文").fill(BODY)
    page.get_by_label("开始显示日期").fill(first_day.isoformat())
    page.get_by_label("结束显示日期（可不填）").fill((first_day - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="保存草稿").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("结束显示日期不能早于开始显示日期。")
    expect(page.get_by_label("标题")).to_have_value(TITLE)
    expect(page.get_by_label("正文")).to_have_value(BODY)
    look(page, "office-form-refused")

    page.get_by_label("结束显示日期（可不填）").fill((first_day + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("公告已保存为草稿，发布后才会公开显示。")).to_be_visible()
    row = page.locator("tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("未发布")
    expect(row).to_contain_text("山东省")

    row.get_by_role("button", name=f"发布 {TITLE}").click()
    expect(page.get_by_text(f"《{TITLE}》已发布。")).to_be_visible()
    expect(page.locator("tbody tr").filter(has_text=TITLE)).to_contain_text("显示中")
    look(page, "office-list-published")

    visitor, outside = _visitor(browser)
    try:
        visitor.goto(url + "/")
        board = visitor.get_by_role("region", name="通知公告")
        links = board.get_by_role("link")
        expect(links).to_have_text(["置顶全国全国定期注册网上报名提示", f"山东省{TITLE}", "查看全部公告"])
        look(visitor, "home")

        visitor.goto(url + "/services/")
        expect(visitor.get_by_role("region", name="通知公告")).to_contain_text(TITLE)
        look(visitor, "services")

        visitor.get_by_role("link", name="查看全部公告").click()
        expect(visitor.get_by_role("heading", level=1, name="通知公告")).to_be_visible()
        look(visitor, "list")

        visitor.get_by_role("link", name=TITLE).click()
        expect(visitor.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
        paragraphs = visitor.locator(".announcement-body p")
        expect(paragraphs).to_have_count(2)
        # A single line break stays a line break inside its paragraph.
        expect(paragraphs.first).to_have_text("原定本周六的现场确认顺延一周。请按新的时间前往确认点。")
        expect(paragraphs.first.locator("br")).to_have_count(1)
        look(visitor, "detail")
    finally:
        visitor.context.close()
    assert not outside, "The page requested other hosts:\n" + "\n".join(outside)
