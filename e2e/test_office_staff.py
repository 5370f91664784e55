"""Staff accounts in a real browser (P22).

Given a province administrator of 山东 with a bound authenticator, when they sign in and open
工作人员管理, then they see the staff of their province with roles and states; they invite a
confirmation-point operator (first forgetting the address, which the form says), and the
invitation shows as 已邀请. The invitee opens the e-mailed link in their own browser, sets a
login name and a password, and lands on the authenticator enrolment. Screenshots at 1280 and
360 px, axe on every page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.harness import DESKTOP, settled
from e2e.outbox import last_email_link
from teacherreg.accounts.models import StaffRole
from teacherreg.demo.staff import fixed_totp_secret
from teacherreg.organisations.models import OrgLevel
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEED = fixed_totp_secret("sd-padmin")


def _province():
    province = OrganisationFactory(level=OrgLevel.PROVINCE, name="山东省教育厅")
    city = OrganisationFactory(level=OrgLevel.CITY, name="济南市教育局", parent=province)
    county = OrganisationFactory(level=OrgLevel.COUNTY, name="济南市历下区教育局", parent=city)
    point = OrganisationFactory(level=OrgLevel.CONFIRMATION_POINT, name="历下区第一确认点", parent=county)
    padmin = StaffFactory(username="sd-padmin", name="周管理", totp_secret=SEED)
    MembershipFactory(user=padmin, organisation=province, role=StaffRole.PROVINCE_ADMIN)
    reviewer = StaffFactory(username="lixia-chushen", name="吴初审")
    MembershipFactory(user=reviewer, organisation=county, role=StaffRole.COUNTY_REVIEWER)
    idle = StaffFactory(username="lixia-point-01", name="郑确认", is_active=False)
    MembershipFactory(user=idle, organisation=point, role=StaffRole.CONFIRMATION_OPERATOR)
    return point


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + "/admin/login/?next=/office/")
    page.get_by_label("登录名").fill("sd-padmin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", level=1, name="业务后台")).to_be_visible()


def test_a_province_administrator_invites_an_operator_who_opens_the_account(
    page: Page, browser: Browser, live_server, axe, shoot
):
    point = _province()
    _sign_in(page, live_server.url)

    page.get_by_role("link", name="工作人员管理").click()
    expect(page.get_by_role("heading", level=1, name="工作人员管理")).to_be_visible()
    expect(page.get_by_role("cell", name="lixia-chushen")).to_be_visible()
    expect(page.get_by_role("cell", name="已停用")).to_be_visible()
    settled(page)
    axe(page)
    shoot(page, "staff-list")

    page.get_by_role("link", name="邀请工作人员").click()
    expect(page.get_by_role("heading", level=1, name="邀请工作人员")).to_be_visible()
    settled(page)
    page.get_by_label("姓名").fill("钱受邀")
    page.get_by_label("机构").select_option(label=f"{point.name}（确认点）")
    page.get_by_label("角色").select_option(label="确认点工作人员")
    page.get_by_role("button", name="发送邀请").click()
    expect(page.get_by_role("alert").first).to_contain_text("请至少填写电子邮箱或手机号码中的一项")
    expect(page.get_by_label("姓名")).to_have_value("钱受邀")
    axe(page)
    shoot(page, "invite-form-errors")

    page.get_by_label("电子邮箱").fill("qian@example.cn")
    page.get_by_role("button", name="发送邀请").click()
    expect(page.get_by_text("已向钱受邀发送邀请（q*****@example.cn），链接 72 小时内有效。")).to_be_visible()
    expect(page.get_by_role("cell", name="已邀请")).to_be_visible()
    axe(page)
    shoot(page, "staff-list-invited")

    page.get_by_role("link", name="吴初审").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("吴初审"))).to_be_visible()
    settled(page)
    axe(page)
    shoot(page, "staff-detail")

    # The invitee, in a browser of their own.
    path = urlsplit(last_email_link("qian@example.cn")).path
    invitee = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    try:
        invitee.goto(live_server.url + path)
        expect(invitee.get_by_role("heading", level=1, name="开通工作人员账号")).to_be_visible()
        expect(invitee.get_by_text("历下区第一确认点邀请您开通工作人员账号")).to_be_visible()
        settled(invitee)
        axe(invitee)
        shoot(invitee, "invitation-accept")

        invitee.get_by_label("登录名").fill("qian.shou")
        invitee.get_by_label(re.compile(r"^密码")).fill("short")
        invitee.get_by_label("确认密码").fill("short")
        invitee.get_by_role("button", name="开通账号").click()
        expect(invitee.get_by_role("alert").first).to_contain_text("密码至少要 12 个字符")
        expect(invitee.get_by_label("登录名")).to_have_value("qian.shou")
        axe(invitee)
        shoot(invitee, "invitation-accept-errors")

        invitee.get_by_label(re.compile(r"^密码")).fill("青山绿水-教师注册-2026")
        invitee.get_by_label("确认密码").fill("青山绿水-教师注册-2026")
        invitee.get_by_role("button", name="开通账号").click()
        expect(invitee.get_by_role("heading", level=1, name="绑定身份验证器")).to_be_visible()
        expect(invitee.get_by_text("账号已开通，登录名是 qian.shou。")).to_be_visible()
        shoot(invitee, "invitation-accepted-enrol", sizes=(DESKTOP,))
    finally:
        invitee.context.close()
