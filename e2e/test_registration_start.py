"""定期注册报名, first slice: the public window query, then a signed-in applicant filters to an
agency with an open window, picks a confirmation point, presses 定期注册报名 and reads the
pre-check findings (manual §3.1.1; P8, P17, P19)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from e2e.harness import settled
from teacherreg.accounts.models import IdentityStatus
from teacherreg.common.dates import add_years, today
from teacherreg.registration.models import ConfirmationArrangement
from tests.factories import PASSWORD, ApplicantFactory, CertificateFactory
from tests.registration.world import build_world, qualification_types, qualified, training

pytestmark = pytest.mark.django_db(transaction=True)


def _open_world():
    """The test world with its dates moved around today: the clock is not frozen here."""
    world = build_world()
    day = today()
    world.plan.year = day.year
    world.plan.starts_on, world.plan.ends_on = day - datetime.timedelta(days=60), day + datetime.timedelta(days=60)
    world.plan.save()
    world.window.starts_on, world.window.ends_on = day - datetime.timedelta(days=7), day + datetime.timedelta(days=7)
    world.window.save()
    ConfirmationArrangement.objects.filter(window=world.window).update(
        confirm_from=world.window.starts_on, confirm_until=world.window.ends_on + datetime.timedelta(days=7)
    )
    return world


def _teacher():
    """A teacher due for periodic registration, identity not yet verified, short of training."""
    teacher = ApplicantFactory(name="薛明", identity_status=IdentityStatus.UNVERIFIED)
    certificate = CertificateFactory(
        number_as_printed="20151100210000008",
        holder=teacher,
        qualification_type=qualification_types()["2"],
        subject_as_printed="语文",
        issued_on=datetime.date(2015, 7, 1),
    )
    decided = add_years(today(), -5) + datetime.timedelta(days=30)
    qualified(certificate, decided)
    training(teacher, decided.year + 1, "county", 120)
    return teacher


def test_anyone_can_look_up_the_windows(page: Page, live_server, axe, shoot):
    world = _open_world()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="网上报名时间查询").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("网上报名时间查询")
    settled(page)
    page.get_by_label("选择省").select_option(label=world.shandong.region.name)
    settled(page)
    expect(page.get_by_label("选择市")).to_contain_text(world.jinan.region.name)
    page.get_by_label("选择市").select_option(label=world.jinan.region.name)
    settled(page)
    expect(page).to_have_url(
        f"{live_server.url}/registration/windows/?province={world.shandong.pk}&city={world.jinan.pk}&stage=&agency="
    )
    expect(page.get_by_role("cell", name="正在网报")).to_be_visible()
    expect(page.get_by_text("济南市市中区教育和体育局目前没有开展定期注册工作")).to_be_visible()
    axe(page)
    shoot(page, "public-query")
    page.get_by_role("link", name="查看确认点 济南市历下区教育和体育局").click()
    expect(page.get_by_role("heading", name="确认点")).to_be_visible()
    page.get_by_label("搜索确认点（名称或确认范围）").fill("甸柳")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("cell", name="历下区确认点（甸柳）")).to_be_visible()
    expect(page.get_by_role("cell", name="历下区确认点（文化东路）")).to_have_count(0)
    page.get_by_role("link", name="列出全部").click()
    expect(page.get_by_role("cell", name="历下区确认点（文化东路）")).to_be_visible()
    axe(page)
    shoot(page, "public-points")


def test_an_applicant_picks_a_point_and_sees_the_precheck(page: Page, live_server, axe, shoot):
    world = _open_world()
    teacher = _teacher()
    url = live_server.url
    page.goto(f"{url}/account/login/?next=/me/registration/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("业务平台")
    axe(page)
    shoot(page, "platform")

    page.get_by_role("link", name="须知").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("教师资格定期注册须知")
    axe(page)
    shoot(page, "notes")
    page.get_by_role("link", name="报名", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("教师资格定期注册网报时间查询")
    settled(page)
    page.get_by_label("选择省").select_option(label=world.shandong.region.name)
    settled(page)
    expect(page.get_by_label("选择市")).to_contain_text(world.jinan.region.name)
    page.get_by_label("选择市").select_option(label=world.jinan.region.name)
    settled(page)
    expect(page).to_have_url(
        f"{url}/me/registration/apply/?province={world.shandong.pk}&city={world.jinan.pk}&stage=&agency="
    )
    page.get_by_label("现任教学段").select_option(label="小学")
    settled(page)
    expect(page).to_have_url(
        f"{url}/me/registration/apply/?province={world.shandong.pk}&city={world.jinan.pk}&stage=primary&agency="
    )
    page.get_by_label("注册机构").select_option(label=world.lixia.name)
    expect(page.get_by_role("heading", name="选择确认点")).to_be_visible()
    page.get_by_label("历下区确认点（文化东路）").check()
    axe(page)
    shoot(page, "choose-point")

    page.get_by_role("button", name="定期注册报名").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("资格预检")
    expect(page.get_by_text("定期注册", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="需要先完成")).to_be_visible()
    expect(page.get_by_role("link", name="去实名核验")).to_be_visible()
    expect(page.get_by_role("heading", name="请注意")).to_be_visible()
    expect(page.get_by_text("少于规定的 360 学时")).to_be_visible()
    expect(page.get_by_role("heading", name="不能报名")).to_have_count(0)
    axe(page)
    shoot(page, "precheck")

    page.get_by_role("button", name="继续").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤1：网上申报协议")
    expect(page.get_by_text("预检通过")).to_be_visible()
    axe(page)
    shoot(page, "precheck-passed")


def test_a_recently_registered_teacher_is_told_why_not_and_when(page: Page, live_server, axe, shoot):
    world = _open_world()
    teacher = ApplicantFactory(name="李䶮", identity_status=IdentityStatus.VERIFIED)
    certificate = CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"])
    qualified(certificate, today() - datetime.timedelta(days=400))
    url = live_server.url
    query = f"province={world.shandong.pk}&city={world.jinan.pk}&stage=&agency={world.lixia.pk}"
    page.goto(f"{url}/account/login/?next=/me/registration/apply/%3F{query.replace('&', '%26')}")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_label("历下区确认点（甸柳）").check()
    page.get_by_role("button", name="定期注册报名").click()

    expect(page.get_by_role("heading", name="不能报名")).to_be_visible()
    expect(page.get_by_text("现在无需再注册")).to_be_visible()
    expect(page.get_by_text("您可以从")).to_be_visible()
    expect(page.get_by_role("button", name="继续")).to_have_count(0)
    axe(page)
    shoot(page, "precheck-blocked")
