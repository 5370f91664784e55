"""微信绑定 and 微信验证重置密码 in a real browser, with the development phone as the WeChat app.

Given an applicant who logs in (slider dragged), when they bind WeChat from the personal centre
— re-entering the password, "scanning" the QR code with the development phone in a second tab —
then the first tab moves on by itself to the centre with 微信绑定成功. When they then log out and
reset the password choosing 微信验证重置密码, and the same phone scans the new code, the first
tab moves on to 设置新密码, and the new password logs in. Every page passes axe; each step is
shot at 1280 and 360 px.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from e2e.captcha import reset_rate_limits, solve_slider
from teacherreg.wechat.models import WechatBinding
from tests.factories import PASSWORD, ApplicantFactory

pytestmark = pytest.mark.django_db(transaction=True)
NEW = "Green-hill-2027"


@pytest.fixture(autouse=True)
def world(settings):
    settings.TEACHERREG_WECHAT_DEV_PHONE = True
    settings.TEACHERREG_WECHAT_TOKEN = "e2e-callback-token"
    settings.TEACHERREG_WECHAT_PROVIDER = "teacherreg.wechat.providers.DevelopmentWechatProvider"
    reset_rate_limits()
    return ApplicantFactory(name="薛明", phone="13812345678", email="xueming@example.cn")


class OneRequestAtATime:
    """Lets the two tabs' requests reach the live server one after another.

    The first tab polls the scene status every 2 s while the second one posts the scan; on
    SQLite every live-server thread shares the one in-memory connection, and two writes at the
    same moment fail with "database table is locked" (PostgreSQL does not care). Playwright runs
    route handlers on greenlets of this thread, so a queue and a flag serialise them. Our forms
    are url-encoded, which ``route.fetch`` forwards as they are.
    """

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.waiting: list[Route] = []
        self.busy = False

    def install(self, context: BrowserContext) -> None:
        context.route(lambda url: url.startswith(self.origin) and "/static/" not in url, self.handle)

    def handle(self, route: Route) -> None:
        self.waiting.append(route)
        if self.busy:
            return  # the handler already running will take it
        self.busy = True
        try:
            while self.waiting:
                current = self.waiting.pop(0)
                current.fulfill(response=current.fetch(max_redirects=0))
        finally:
            self.busy = False


def _log_in(page: Page, url: str, number: str, password: str) -> None:
    page.goto(f"{url}/account/login/")
    page.get_by_label("证件号码").fill(number)
    page.locator("#id_password").fill(password)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("个人信息中心")


def _scan_with_phone(page: Page, axe, shoot, name: str) -> Page:
    """Open the code's development-phone link in a second tab and press 扫码并关注 there."""
    href = page.get_by_role("link", name=re.compile("在模拟手机中打开二维码")).get_attribute("href")
    assert href and href.startswith("/wechat/dev-phone/")
    phone = page.context.new_page()
    phone.set_viewport_size({"width": 360, "height": 780})
    phone.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + href)
    expect(phone.get_by_text("中国教师资格", exact=True)).to_be_visible()
    axe(phone)
    shoot(phone, f"{name}-phone")
    phone.get_by_role("button", name="扫码并关注").click()
    expect(phone.get_by_role("status")).to_have_text("已完成")
    axe(phone)
    shoot(phone, f"{name}-phone-done")
    return phone


def test_bind_wechat_then_reset_the_password_with_it(page: Page, live_server, axe, shoot, world):
    url = live_server.url
    OneRequestAtATime(url).install(page.context)
    _log_in(page, url, world.document_number, PASSWORD)

    # 微信绑定: the password again first (security.md §1.11), then the QR code.
    page.get_by_role("link", name="微信绑定").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("验证当前密码")
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_role("button", name="继续").click()
    if "/wechat/bind/" not in page.url:
        # The re-auth page returns only to /me/ pages for now: go to the WeChat page again.
        page.get_by_role("link", name="微信绑定").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("微信绑定")
    expect(page.get_by_text("请用微信扫描二维码，关注服务号后即完成绑定")).to_be_visible()
    expect(page.get_by_role("img", name="微信扫码二维码")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="等待扫码")).to_be_visible()
    axe(page)
    shoot(page, "01-bind-qr")

    phone = _scan_with_phone(page, axe, shoot, "02-bind")
    expect(phone.get_by_text("绑定成功。请回到网页继续操作。")).to_be_visible()
    phone.close()

    # The first tab saw the scan by itself (htmx polling) and went back to the centre.
    page.bring_to_front()
    expect(page.get_by_role("heading", level=1)).to_have_text("个人信息中心")
    expect(page.get_by_text("微信绑定成功")).to_be_visible()
    expect(page.get_by_role("link", name="解除微信绑定")).to_be_visible()
    assert WechatBinding.objects.get().user_id == world.pk
    axe(page)
    shoot(page, "03-centre-bound")

    page.get_by_role("link", name="解除微信绑定").click()
    expect(page.get_by_role("heading", name="已绑定微信")).to_be_visible()
    axe(page)
    shoot(page, "04-bound-page")

    page.get_by_role("button", name="退出").first.click()
    expect(page.get_by_text("您已安全退出")).to_be_visible()

    # 忘记密码 → 安全验证 → 微信验证重置密码.
    page.goto(f"{url}/account/login/")
    page.get_by_role("link", name="忘记密码").click()
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill(world.document_number)
    page.get_by_label("姓名").fill("薛明")
    solve_slider(page, url)
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_label("微信验证重置密码")).to_be_visible()
    axe(page)
    shoot(page, "05-reset-method")
    page.get_by_label("微信验证重置密码").check()
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("微信验证重置密码")
    expect(page.get_by_role("img", name="微信扫码二维码")).to_be_visible()
    axe(page)
    shoot(page, "06-reset-qr")

    # The same phone (its test openid is kept in a cookie of this browser) scans the new code.
    phone = _scan_with_phone(page, axe, shoot, "07-reset")
    expect(phone.get_by_text("验证成功。请回到网页设置新密码。")).to_be_visible()
    phone.close()

    page.bring_to_front()
    expect(page.get_by_role("heading", level=1)).to_have_text("设置新密码")
    page.locator("#id_password1").fill(NEW)
    page.locator("#id_password2").fill(NEW)
    axe(page)
    shoot(page, "08-reset-password")
    page.get_by_role("button", name="确认修改").click()
    expect(page.get_by_text("密码已重置，请用新密码登录。")).to_be_visible()
    axe(page)
    shoot(page, "09-login-after-reset")

    _log_in(page, url, world.document_number, NEW)
