"""后台采集 in a real browser (issue 6 item 4): a county reviewer of 历下区 signs in, opens
后台采集 from the office home, types the teacher's document details after checking the ID card,
and fills the application for them — certificate, records, the 所学专业 tree, a school found
through the office's own school search, the agency's confirmation point, stage and subject, the
paper pledge — then lands on the case, marked as entered by staff. Screenshots at 1280 and
360 px; axe on both pages."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Page, expect

from e2e.harness import settled
from e2e.test_application_steps import _ready
from teacherreg.accounts.models import StaffRole
from teacherreg.demo.staff import fixed_totp_secret
from teacherreg.registration.models import Application, ApplicationSource
from tests.factories import PASSWORD, MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEED = fixed_totp_secret("lixia-entry")


def test_a_county_reviewer_enters_an_application_for_a_teacher(page: Page, live_server, axe, shoot):
    ready = _ready()
    clerk = StaffFactory(username="lixia-entry", name="王录入", totp_secret=SEED)
    MembershipFactory(user=clerk, organisation=ready.world.lixia, role=StaffRole.COUNTY_REVIEWER)
    url = live_server.url

    page.goto(url + "/admin/login/?next=/office/")
    page.get_by_label("登录名").fill("lixia-entry")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()
    page.get_by_role("link", name="后台采集").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("后台采集：代教师录入定期注册申请")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(ready.teacher.document_number)
    page.get_by_label("姓名").fill("薛明")
    page.get_by_label("民族").select_option(label="汉族")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("我已当面核验申请人的身份证件原件", exact=False).check()
    axe(page)
    shoot(page, "start")
    page.get_by_role("button", name="查找或开设账号，下一步").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("为 薛明 填写注册信息")
    settled(page)
    page.get_by_label(f"选择 {ready.certificate.number_as_printed}").check()
    page.get_by_label("二级甲等", exact=False).first.check()
    page.get_by_label("大学本科", exact=False).first.check()
    page.get_by_label("学士", exact=False).first.check()
    page.get_by_label("最高学历专业类别").select_option(label="教育学类")
    page.get_by_role("searchbox", name="所学专业").fill("小学")
    page.get_by_role("treeitem", name="小学教育", exact=True).click()
    # The school search answers through the office (the applicant's endpoint would refuse staff).
    page.locator("#id_graduation_school_query").fill("山东师范")
    page.get_by_role("button", name="选择 山东师范大学").click()
    expect(page.locator("[data-picker-chosen-name]")).to_have_text("山东师范大学")
    page.get_by_label("毕业时间").fill("2008-07-01")
    page.get_by_label("学习形式").select_option(label="普通全日制")
    page.get_by_label("现任教学校").fill("济南市历下区实验小学")
    page.get_by_label("任教学校性质").select_option(label="公办")
    page.get_by_label("任教学校所在地").select_option(label="城市")
    page.get_by_label("开始参加工作时间").fill("2008-09-01")
    page.get_by_label("本单位聘用起始日期").fill("2010-09-01")
    page.get_by_label("教师职务").select_option(label="一级教师")
    page.get_by_label("岗位性质").select_option(label="在编在岗")
    page.get_by_label("政治面貌").select_option(label="群众")
    page.get_by_label("户籍所在地").fill("山东省济南市历下区")
    page.get_by_label("通讯邮编").fill("250014")
    page.get_by_label("通讯地址").fill("山东省济南市历下区文化东路1号")
    page.get_by_label("历下区确认点（文化东路）").check()
    page.get_by_label("现任教学段").select_option(label="小学")
    page.get_by_label("现任教学科").select_option(label="小学 · 语文")
    page.get_by_label("申请人已阅读并在纸质《个人承诺书》上签字").check()
    axe(page)
    shoot(page, "application")
    page.get_by_role("button", name="提交申请").click()

    app = Application.objects.get(applicant=ready.teacher)
    expect(page.get_by_role("heading", level=1)).to_contain_text(app.number)
    expect(page.get_by_text("本申请由工作人员 王录入 代为录入", exact=False)).to_be_visible()
    assert (app.source, app.entered_by_id, app.major.name) == (ApplicationSource.OFFICE, clerk.pk, "小学教育")
    axe(page)
    shoot(page, "case")
