"""The account journeys of issue 3, in a real browser.

1. Sign up → verify identity → log out → log in with the slider dragged → reset the password
   by SMS → log in with the new password.
2. A keyboard-only login that uses the non-drag (digits) alternative.
Every page passes axe; each step is shot at 1280 and 360 px.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.captcha import reset_rate_limits, solve_alternative, solve_slider
from e2e.outbox import last_sms_code
from teacherreg.identity.models import IdentityRecord
from teacherreg.notify.sms.backends import MemorySmsProvider
from tests.factories import PASSWORD, ApplicantFactory, CodeItemFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)
NUMBER = "11010519491231002X"
PHONE = "13812345678"
FIRST, SECOND = "Blue-river-2026", "Green-hill-2027"


@pytest.fixture(autouse=True)
def world():
    reset_rate_limits()
    MemorySmsProvider.clear()
    RegionFactory(code="110105", name="朝阳区", level="county", is_municipality=False)
    CodeItemFactory(kind="ethnic_group", code="01", name="汉族")
    IdentityRecord.objects.create(document_number=NUMBER, name="薛明")
    yield
    MemorySmsProvider.clear()


def _log_in(page: Page, url: str, password: str) -> None:
    page.goto(f"{url}/account/login/")
    page.get_by_label("证件号码").fill(NUMBER.lower())
    page.locator("#id_password").fill(password)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("个人信息中心")


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").first.click()
    expect(page.get_by_text("您已安全退出")).to_be_visible()


def test_sign_up_verify_log_out_log_in_and_reset_by_sms(page: Page, live_server, axe, shoot):
    url = live_server.url
    page.goto(f"{url}/account/sign-up/")
    axe(page)
    shoot(page, "01-sign-up-phone")
    page.get_by_label("手机号码").fill(PHONE)
    solve_slider(page, url)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("短信验证")
    axe(page)
    shoot(page, "02-sign-up-code")
    page.get_by_label("短信验证码").fill(last_sms_code(PHONE))
    page.get_by_role("button", name="下一步").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("填写账号信息")
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill(NUMBER)
    page.locator("#id_name").fill("薛明")
    page.get_by_label("民族").select_option(label="汉族")
    page.get_by_label("电子邮箱").fill("xueming@example.cn")
    page.locator("#id_password1").fill(FIRST)
    page.locator("#id_password2").fill(FIRST)
    page.get_by_label("我已阅读并同意").check()
    axe(page)
    shoot(page, "03-sign-up-details")
    page.get_by_role("button", name="注册", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("个人信息中心")
    expect(page.get_by_text("实名状态：未核验")).to_be_visible()
    axe(page)
    shoot(page, "04-centre-unverified")

    page.get_by_role("link", name="去实名核验").click()
    page.get_by_role("button", name="提交核验").click()
    expect(page.get_by_text("核验通过").first).to_be_visible()
    shoot(page, "05-identity-verified")
    page.goto(f"{url}/me/")
    expect(page.get_by_text("实名状态：核验通过")).to_be_visible()

    _log_out(page)
    _log_in(page, url, FIRST)
    shoot(page, "06-centre-after-login")
    _log_out(page)

    page.goto(f"{url}/account/login/")
    page.get_by_role("link", name="忘记密码").click()
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill(NUMBER)
    page.get_by_label("姓名").fill("薛明")
    solve_slider(page, url)
    axe(page)
    shoot(page, "07-reset-start")
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_text("138****78")).to_be_visible()
    axe(page)
    shoot(page, "08-reset-method")
    page.get_by_label("短信验证重置密码").check()
    page.get_by_role("button", name="确认").click()
    solve_slider(page, url)
    page.get_by_role("button", name="免费获取验证码").click()
    expect(page.get_by_text("验证码已发送至 138****78")).to_be_visible()
    page.get_by_label("短信验证码").fill(last_sms_code(PHONE))
    page.locator("#id_password1").fill(SECOND)
    page.locator("#id_password2").fill(SECOND)
    axe(page)
    shoot(page, "09-reset-sms")
    page.get_by_role("button", name="确认修改").click()
    expect(page.get_by_text("密码已重置，请用新密码登录")).to_be_visible()
    _log_in(page, url, SECOND)


def test_a_keyboard_only_login_with_the_digits_alternative(page: Page, live_server, axe, shoot):
    ApplicantFactory(document_number=NUMBER, name="薛明")
    url = live_server.url
    page.goto(f"{url}/account/login/")
    page.get_by_label("证件号码").focus()
    page.keyboard.type(NUMBER)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    # Reach the alternative with the keyboard, open it with Enter, type the digits it shows.
    switch = page.get_by_role("button", name="无法拖动？使用数字验证")
    for _ in range(10):
        page.keyboard.press("Tab")
        if switch.evaluate("el => el === document.activeElement"):
            break
    expect(switch).to_be_focused()
    page.keyboard.press("Enter")
    solve_alternative(page, url)
    axe(page)
    shoot(page, "login-digits")
    page.get_by_role("button", name="登录", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("个人信息中心")
