"""The whole applicant journey with the keyboard alone (issue 8 item 5; security.md §2.8;
WCAG 2.1.1): sign in with the slider moved by arrow keys, choose the agency and point on the
window query, pass the pre-check, fill the seven steps — radios with Space, selects with the
arrow keys, dates typed, the 所学专业 tree and the school picker driven by keys — submit, and
download the 申请表 from 查询报名信息. Every control is reached with Tab (``e2e.keyboard``); no
click, no ``fill``. The visible focus is checked on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.captcha import next_frame, read_answer
from e2e.harness import ARTIFACTS, settled
from e2e.keyboard import choose, focused, press, tab_to, type_date, type_into
from e2e.test_application_steps import _ready
from teacherreg.captcha.conf import KEY_STEP_PX
from teacherreg.registration.models import Application
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _focus_is_visible(page: Page) -> None:
    """The focused control shows an outline or a ring (WCAG 2.4.7)."""
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
    )
    assert (style["outline"] != "none" and style["width"] > 0) or style["shadow"] not in ("none", ""), style


def _sign_in(page: Page, url: str, ready) -> None:
    page.goto(f"{url}/account/login/?next=/me/registration/apply/")
    type_into(page, page.get_by_label("证件号码"), ready.teacher.document_number)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    answer = read_answer(page, url)
    handle = page.get_by_role("slider", name="拼图滑块")
    tab_to(page, handle)
    _focus_is_visible(page)
    for _ in range(round(answer["x"] / KEY_STEP_PX)):
        page.keyboard.press("ArrowRight")
        next_frame(page)
    page.keyboard.press("Enter")
    expect(page.locator("[data-captcha]")).to_have_attribute("data-state", "passed")
    press(page, page.get_by_role("button", name="登录", exact=True))


def _window_query(page: Page, ready) -> None:
    world = ready.world
    expect(page.get_by_role("heading", level=1)).to_have_text("教师资格定期注册网报时间查询")
    settled(page)
    choose(page, page.get_by_label("选择省"), world.shandong.region.name)
    choose(page, page.get_by_label("选择市"), world.jinan.region.name)
    choose(page, page.get_by_label("现任教学段"), "小学")
    choose(page, page.get_by_label("注册机构", exact=True), world.lixia.name)
    point = page.get_by_label("历下区确认点（文化东路）")
    tab_to(page, point)
    page.keyboard.press("Space")
    expect(point).to_be_checked()
    press(page, page.get_by_role("button", name="定期注册报名"))


def _check(page: Page, radio_or_box) -> None:
    tab_to(page, radio_or_box)
    page.keyboard.press("Space")
    expect(radio_or_box).to_be_checked()


def _step_two(page: Page, ready) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤2：填写注册信息")
    settled(page)
    _check(page, page.get_by_label(f"选择 {ready.certificate.number_as_printed}"))
    _check(page, page.get_by_label("二级甲等", exact=False).first)
    _check(page, page.get_by_label("大学本科", exact=False).first)
    _check(page, page.get_by_label("学士", exact=False).first)
    choose(page, page.get_by_label("最高学历专业类别"), "教育学类")
    # 所学专业: type in the filter; Enter chooses the only leaf that matches.
    type_into(page, page.get_by_role("searchbox", name="所学专业"), "小学教育")
    page.keyboard.press("Enter")
    expect(page.locator("[data-major-chosen]")).to_contain_text("小学教育")
    # 毕业学校: type, Enter searches (it never submits the form), Tab to the result, Enter.
    type_into(page, page.locator("#id_graduation_school_query"), "山东师范")
    page.keyboard.press("Enter")
    press(page, page.get_by_role("button", name="选择 山东师范大学"))
    expect(page.locator("[data-picker-chosen-name]")).to_have_text("山东师范大学")
    type_date(page, page.get_by_label("毕业时间"), "2008-07-01")
    choose(page, page.get_by_label("学习形式"), "普通全日制")
    type_into(page, page.get_by_label("现任教学校"), "济南市历下区实验小学")
    choose(page, page.get_by_label("任教学校性质"), "公办")
    choose(page, page.get_by_label("任教学校所在地"), "城市")
    type_date(page, page.get_by_label("开始参加工作时间"), "2008-09-01")
    type_date(page, page.get_by_label("本单位聘用起始日期"), "2010-09-01")
    choose(page, page.get_by_label("教师职务"), "一级教师")
    choose(page, page.get_by_label("岗位性质"), "在编在岗")
    choose(page, page.get_by_label("政治面貌"), "群众")
    type_into(page, page.get_by_label("户籍所在地"), "山东省济南市历下区")
    type_into(page, page.get_by_label("通讯邮编"), "250014")
    type_into(page, page.get_by_label("通讯地址"), "山东省济南市历下区文化东路1号")
    next_button = page.get_by_role("button", name="下一步")
    tab_to(page, next_button)
    _focus_is_visible(page)
    page.keyboard.press("Enter")


def test_an_applicant_applies_with_the_keyboard_alone(page: Page, live_server, axe, shoot):
    ready = _ready()
    url = live_server.url
    _sign_in(page, url, ready)
    _window_query(page, ready)

    expect(page.get_by_role("heading", level=1)).to_have_text("资格预检")
    press(page, page.get_by_role("button", name="继续"))
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤1：网上申报协议")
    _check(page, page.get_by_label("已阅读并完全同意"))
    press(page, page.get_by_role("button", name="下一步"))

    _step_two(page, ready)

    expect(page.get_by_role("heading", level=1)).to_have_text("步骤3：选择注册机构")
    choose(page, page.get_by_label("现任教学科"), "语文")
    press(page, page.get_by_role("button", name="下一步"))
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤4：确认申报信息")
    press(page, page.get_by_role("button", name="下一步"))
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤5：注意事项")
    press(page, page.get_by_role("button", name="下一步"))
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤6：提交注册申请")
    _check(page, page.get_by_label("同意", exact=True))
    press(page, page.get_by_role("button", name="提交"))

    expect(page.get_by_role("heading", level=1)).to_have_text("步骤7：申报提醒")
    app = Application.objects.get(applicant=ready.teacher)
    assert (app.major.name, app.graduation_school_name, str(app.graduated_on)) == (
        "小学教育",
        "山东师范大学",
        "2008-07-01",
    )
    axe(page)
    shoot(page, "step7")
    press(page, page.get_by_role("link", name="查询报名信息"))
    expect(page.get_by_role("heading", level=1)).to_have_text("查询报名信息")
    link = page.get_by_role("link", name=f"申请表下载 {app.number}")
    tab_to(page, link)
    assert focused(link)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    pdf = ARTIFACTS / "keyboard-journey-application-form.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
