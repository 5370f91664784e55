"""Plans and windows in the back office, in a real browser (issue 6, slice 2).

Given the office world with its plan, window and arrangement moved around today, when the
province administrator signs in with the second factor, then they see the plan, are refused a
plan end that would strand a confirmation period (with what they typed kept), open the county's
batch, are refused an overlapping window, add one that opens today, arrange the county's point
on it and publish it; the public 网上报名时间查询 shows that window and point at once. The county
reviewer then adds a second confirmation point. Every page is checked with axe and shot at
1280 and 360 px.
"""

from __future__ import annotations

import datetime

import pyotp
import pytest
from playwright.sync_api import Page, expect

from e2e.harness import settled
from teacherreg.common.dates import today
from teacherreg.registration.models import ApplicationWindow, ConfirmationArrangement, ProvincialPlan
from tests.factories import PASSWORD
from tests.office.office_world import build_office_world

pytestmark = pytest.mark.django_db(transaction=True)


def _around_today(world) -> dict[str, datetime.date]:
    """Put our region's plan, window and arrangement around today, whatever the date."""
    now = today()
    days = {
        "plan_start": now - datetime.timedelta(days=90),
        "plan_end": now + datetime.timedelta(days=90),
        "window_start": now - datetime.timedelta(days=30),
        "window_end": now - datetime.timedelta(days=10),
        "confirm_end": now - datetime.timedelta(days=5),
    }
    window = world.ours.application.window
    ProvincialPlan.objects.filter(pk=window.batch.plan_id).update(
        year=now.year, starts_on=days["plan_start"], ends_on=days["plan_end"]
    )
    ApplicationWindow.objects.filter(pk=window.pk).update(starts_on=days["window_start"], ends_on=days["window_end"])
    ConfirmationArrangement.objects.filter(window=window).update(
        confirm_from=days["window_start"], confirm_until=days["confirm_end"]
    )
    return days


def sign_in(page: Page, base: str, user, next_path: str) -> None:
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.get_by_label("登录名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="验证").click()
    settled(page)


def iso(day: datetime.date) -> str:
    return day.isoformat()


def test_a_province_administrator_sets_up_a_window_and_applicants_see_it(page: Page, live_server, axe, shoot):
    world = build_office_world()
    days = _around_today(world)
    now = today()
    look = lambda name: (axe(page), shoot(page, name))  # noqa: E731

    sign_in(page, live_server.url, world.ours.staff["province_admin"], "/office/plans/")
    expect(page.get_by_role("heading", level=1, name="注册计划与网报")).to_be_visible()
    look("index")

    page.get_by_role("link", name=f"查看 {now.year}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{now.year} 年度注册计划")
    look("plan")

    page.get_by_role("link", name="修改计划").click()
    too_early = days["confirm_end"] - datetime.timedelta(days=1)
    page.get_by_label("计划结束日期").fill(iso(too_early))
    page.get_by_role("button", name="保存").click()
    settled(page)
    expect(page.get_by_role("alert")).to_contain_text("计划结束日期不能早于已安排的最晚网报或现场确认结束日期")
    expect(page.get_by_label("计划结束日期")).to_have_value(iso(too_early))
    look("plan-refused")

    page.get_by_role("link", name="取消").click()
    page.get_by_role("link", name=f"设置 {world.ours.county.name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.ours.county.name)
    look("batch")

    page.get_by_role("link", name="新增网报时间").click()
    page.get_by_label("网报开始日期").fill(iso(days["window_end"]))
    page.get_by_label("网报结束日期").fill(iso(now + datetime.timedelta(days=10)))
    page.get_by_role("button", name="保存").click()
    settled(page)
    expect(page.get_by_role("alert")).to_contain_text("同一批次的网报时间不能重叠")
    look("window-refused")

    page.get_by_label("网报开始日期").fill(iso(now - datetime.timedelta(days=2)))
    page.get_by_role("button", name="保存").click()
    settled(page)
    expect(page.get_by_text("网报时间已保存。")).to_be_visible()

    page.get_by_role("link", name=f"新增确认点安排 网报时间 {iso(now - datetime.timedelta(days=2))}").click()
    page.get_by_role("combobox", name="确认点").select_option(label=world.ours.point.name)
    page.get_by_label("确认开始日期").fill(iso(now))
    page.get_by_label("确认结束日期").fill(iso(now + datetime.timedelta(days=20)))
    page.get_by_label("注意事项").fill("请携带教师资格证书原件和两份签字的申请表。")
    page.get_by_label("发布（报名人可以选择这个确认点）").check()
    look("arrangement-form")
    page.get_by_role("button", name="保存").click()
    settled(page)
    expect(page.get_by_text("确认点安排已保存。")).to_be_visible()
    expect(page.get_by_text("正在接受网上报名")).to_be_visible()
    look("batch-open")

    query = f"province={world.ours.province.pk}&city={world.ours.city.pk}&agency={world.ours.county.pk}"
    page.goto(f"{live_server.url}/registration/windows/?{query}")
    expect(page.get_by_role("cell", name=world.ours.point.name)).to_be_visible()
    shoot(page, "public-query")


def test_a_county_reviewer_adds_a_confirmation_point(page: Page, live_server, axe, shoot):
    world = build_office_world()
    _around_today(world)
    look = lambda name: (axe(page), shoot(page, name))  # noqa: E731

    sign_in(page, live_server.url, world.ours.staff["county_reviewer"], "/office/plans/")
    look("index-reviewer")
    page.get_by_role("link", name=world.ours.county.name).click()
    look("agency")

    page.get_by_role("link", name="新增确认点").click()
    page.get_by_label("确认点名称").fill(world.ours.point.name)
    page.get_by_label("确认范围").fill("历下区东部各中小学、幼儿园")
    page.get_by_role("button", name="保存").click()
    settled(page)
    expect(page.get_by_role("alert")).to_contain_text("本注册机构下已有名为")
    look("point-refused")

    page.get_by_label("确认点名称").fill("历下区第二确认点")
    page.get_by_label("联系电话").fill("0531-86000000")
    page.get_by_role("button", name="保存").click()
    settled(page)
    expect(page.get_by_role("cell", name="历下区第二确认点", exact=True)).to_be_visible()
    look("agency-with-point")
