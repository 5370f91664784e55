"""The seven steps in the browser (manual §3.1.2; P2): window query → pre-check → steps 1–3,
leave at step 3 and come back on a fresh page, then review, notes, pledge and the number.
Screenshots of every step at 1280 and 360 px."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from e2e.harness import ARTIFACTS, choose_point
from teacherreg.common.dates import today
from teacherreg.registration.models import Application, ConfirmationArrangement
from tests.factories import PASSWORD
from tests.registration.steps_world import accepted_photo, build_ready

pytestmark = pytest.mark.django_db(transaction=True)


def _ready():
    ready = build_ready()
    world = ready.world
    day = today()
    world.plan.year = day.year
    world.plan.starts_on, world.plan.ends_on = day - datetime.timedelta(days=60), day + datetime.timedelta(days=60)
    world.plan.save()
    world.window.starts_on, world.window.ends_on = day - datetime.timedelta(days=7), day + datetime.timedelta(days=7)
    world.window.save()
    ConfirmationArrangement.objects.filter(window=world.window).update(
        confirm_from=world.window.starts_on, confirm_until=world.window.ends_on + datetime.timedelta(days=7)
    )
    accepted_photo(ready.teacher)
    return ready


def _sign_in(page: Page, url: str, ready, next_url: str) -> None:
    page.goto(f"{url}/account/login/?next={next_url}")
    page.get_by_label("证件号码").fill(ready.teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()


def test_an_applicant_goes_through_the_seven_steps_with_a_break_at_step_3(page: Page, live_server, axe, shoot, browser):
    ready = _ready()
    world = ready.world
    url = live_server.url
    _sign_in(page, url, ready, "/me/registration/apply/")

    # Window query and pre-check (the first slice's pages).
    choose_point(page, world)
    page.get_by_role("button", name="定期注册报名").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("资格预检")
    page.get_by_role("button", name="继续").click()

    # Step 1.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤1：网上申报协议")
    expect(page.get_by_text("协议版本：2026.1")).to_be_visible()
    axe(page)
    shoot(page, "step1")
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_text("请阅读网上申报协议，并勾选“已阅读并完全同意”。").first).to_be_visible()
    page.get_by_label("已阅读并完全同意").check()
    page.get_by_role("button", name="下一步").click()

    # Step 2.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤2：填写注册信息")
    expect(page.get_by_text("薛明")).to_be_visible()
    page.get_by_label(f"选择 {ready.certificate.number_as_printed}").check()
    page.get_by_label("二级甲等", exact=False).first.check()
    page.get_by_label("大学本科", exact=False).first.check()
    page.get_by_label("学士", exact=False).first.check()
    page.get_by_label("最高学历专业类别").select_option(label="教育学类")
    # 所学专业 is a tree (major-picker.js); the field's label now names its filter box. By keyboard:
    # filter, ↓ into the tree (the category), ↓ to the major, Enter chooses it.
    major_filter = page.get_by_role("searchbox", name="所学专业")
    major_filter.fill("小学")
    major_filter.press("ArrowDown")
    expect(page.get_by_role("treeitem", name="教育学类")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("treeitem", name="小学教育")).to_have_attribute("aria-selected", "true")
    expect(page.locator("[data-major-chosen]")).to_have_text("已选择：教育学类 › 小学教育")
    page.locator("#id_graduation_school_query").fill("山东师范大学")
    page.get_by_label("毕业时间").fill("2008-07-01")
    page.get_by_label("学习形式").select_option(label="普通全日制")
    page.get_by_label("现任教学校").fill("济南市历下区实验小学")
    page.get_by_label("任教学校性质").select_option(label="公办")
    page.get_by_label("任教学校所在地").select_option(label="城市")
    page.get_by_label("开始参加工作时间").fill("2008-09-01")
    page.get_by_label("本单位聘用起始日期").fill("2008-08-01")  # before 参加工作: refused
    page.get_by_label("教师职务").select_option(label="一级教师")
    page.get_by_label("岗位性质").select_option(label="在编在岗")
    page.get_by_label("政治面貌").select_option(label="群众")
    page.get_by_label("户籍所在地").fill("山东省济南市历下区")
    page.get_by_label("通讯邮编").fill("250014")
    page.get_by_label("通讯地址").fill("山东省济南市历下区文化东路1号")
    axe(page)
    shoot(page, "step2")
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_text("本单位聘用起始日期不能在开始参加工作时间之前。").first).to_be_visible()
    expect(page.get_by_label("现任教学校")).to_have_value("济南市历下区实验小学")
    shoot(page, "step2-error")
    page.get_by_label("本单位聘用起始日期").fill("2010-09-01")
    page.get_by_role("button", name="下一步").click()

    # Step 3, prefilled with the point chosen in the window query; the applicant leaves.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤3：选择注册机构")
    expect(page.get_by_label("历下区确认点（文化东路）")).to_be_checked()
    axe(page)
    shoot(page, "step3")
    page.context.close()

    # Another day, another device: a fresh browser context, signed in again.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(10_000)
    _sign_in(page, url, ready, "/me/registration/steps/")
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤3：选择注册机构")
    page.get_by_label("现任教学科").select_option(label="语文")
    page.get_by_role("button", name="下一步").click()

    # Step 4.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤4：确认申报信息")
    expect(page.get_by_text("济南市历下区实验小学")).to_be_visible()
    expect(page.get_by_role("link", name="修改 注册信息")).to_be_visible()
    axe(page)
    shoot(page, "step4")
    page.get_by_role("button", name="下一步").click()

    # Step 5.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤5：注意事项")
    expect(page.get_by_text("请携带证书原件。")).to_be_visible()
    axe(page)
    shoot(page, "step5")
    page.get_by_role("button", name="下一步").click()

    # Step 6.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤6：提交注册申请")
    axe(page)
    shoot(page, "step6")
    page.get_by_label("同意", exact=True).check()
    page.get_by_role("button", name="提交").click()

    # Step 7.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤7：申报提醒")
    number = Application.objects.get(applicant=ready.teacher).number
    expect(page.locator("#application-number")).to_have_text(number)
    axe(page)
    shoot(page, "step7")

    # The 申请表 is there the moment the application is: download it and render it to PNG
    # (e2e/artifacts/, looked at) with poppler.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载申请表").click()
    download = download_info.value
    assert download.suggested_filename == f"{number}.pdf"
    pdf = ARTIFACTS / f"{number}.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    command = ["/usr/bin/pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(ARTIFACTS / "application-form")]
    subprocess.run(command, check=True)  # noqa: S603 (a fixed tool on our own file)
    assert (ARTIFACTS / "application-form.png").stat().st_size > 10_000
    context.close()
