"""The staff second factor and the session-timeout dialog in a real browser (P22, WCAG 2.2.1).

Given a reviewer with a bound authenticator (a fixed seed, as demo staff have), when they sign
in at /admin/login/, then they are asked for the code and reach the admin with it. Given one
without, then they see the enrolment page with a QR code and bind the app. Given a signed-in
reviewer left idle, then the dialog warns, “继续使用” keeps them in, and without it the server
signs them out. The current code is computed with pyotp, as the phone would.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from django.core.handlers.wsgi import WSGIHandler
from playwright.sync_api import Page, expect

from e2e.harness import ARTIFACTS, DESKTOP
from teacherreg.demo.staff import fixed_totp_secret
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, StaffFactory
from tests.office.helpers import with_office_middleware

pytestmark = pytest.mark.django_db(transaction=True)

# A fixed seed made the way the demo staff's are (testing.md).
SEED = fixed_totp_secret("li-reviewer")
ONLY_DESKTOP = (DESKTOP,)


def _reload_live_server_middleware(live_server) -> None:
    handler = live_server.thread.httpd.get_app()
    while hasattr(handler, "application"):  # static and media handlers wrap the real one
        handler = handler.application
    assert isinstance(handler, WSGIHandler)
    handler.load_middleware()


@pytest.fixture
def _middleware_restored(live_server):
    """Set up before ``settings`` so its teardown runs after settings are restored."""
    yield
    _reload_live_server_middleware(live_server)


@pytest.fixture
def office_server(_middleware_restored, settings, live_server):
    """The live server with the session policy and the second-factor gate in MIDDLEWARE (a
    no-op once settings carry them). The server built its middleware chain when it started,
    so the chain is rebuilt here, and again after the test."""
    settings.MIDDLEWARE = with_office_middleware(list(settings.MIDDLEWARE))
    settings.SESSION_COOKIE_AGE = max(settings.SESSION_COOKIE_AGE, 12 * 60 * 60)
    _reload_live_server_middleware(live_server)
    return live_server


def sign_in_with_password(page: Page, url: str, username: str) -> None:
    page.goto(url + "/admin/login/?next=/admin/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def reviewer(**extra):
    user = StaffFactory(username="li-reviewer", name="李审核", **extra)
    MembershipFactory(user=user, organisation=OrganisationFactory(name="海淀区教育委员会"), role="county_reviewer")
    return user


def test_it_asks_for_the_code_after_the_password_and_then_opens_the_admin(page: Page, office_server, axe, shoot):
    reviewer(totp_secret=SEED)

    page.goto(office_server.url + "/admin/login/?next=/admin/")
    axe(page)
    shoot(page, "admin-login", sizes=ONLY_DESKTOP)
    sign_in_with_password(page, office_server.url, "li-reviewer")

    expect(page).to_have_url(re.compile(r"/office/verify/\?next=%2Fadmin%2F$"))
    expect(page.get_by_role("heading", level=1, name="输入动态口令")).to_be_visible()
    code = page.get_by_label("动态口令")
    expect(code).to_be_focused()
    axe(page)
    shoot(page, "verify", sizes=ONLY_DESKTOP)

    code.fill("000000")
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_text("动态口令不正确，还可以再试 4 次。")).to_be_visible()
    expect(page.get_by_label("动态口令")).to_have_attribute("aria-invalid", "true")
    axe(page)
    shoot(page, "verify-wrong-code", sizes=ONLY_DESKTOP)

    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()

    expect(page).to_have_url(office_server.url + "/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    axe(page)
    shoot(page, "admin-index", sizes=ONLY_DESKTOP)

    page.goto(office_server.url + "/office/")
    expect(page.get_by_role("heading", level=1, name="业务后台")).to_be_visible()
    expect(page.get_by_role("cell", name="县级注册机构（初审）")).to_be_visible()
    expect(page.get_by_role("cell", name="海淀区教育委员会")).to_be_visible()
    expect(page.get_by_role("link", name="注册审核")).to_have_attribute("href", "/office/review/")
    axe(page)
    shoot(page, "office-home", sizes=ONLY_DESKTOP)


def test_a_staff_member_without_an_authenticator_binds_one_first(page: Page, office_server, axe, shoot):
    user = reviewer(totp_secret=None)

    sign_in_with_password(page, office_server.url, "li-reviewer")

    expect(page).to_have_url(re.compile(r"/office/enrol/\?next=%2Fadmin%2F$"))
    expect(page.get_by_role("heading", level=1, name="绑定身份验证器")).to_be_visible()
    qr = page.get_by_role("img", name="绑定身份验证器的二维码")
    expect(qr).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    axe(page)
    shoot(page, "enrol", sizes=ONLY_DESKTOP)
    qr.screenshot(path=ARTIFACTS / "test_a_staff_member_without_an_authenticator_binds_one_first--qr--element.png")

    page.get_by_label("动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="完成绑定").click()

    expect(page).to_have_url(office_server.url + "/admin/")
    expect(page.get_by_text("身份验证器已绑定。以后每次登录都要输入它显示的动态口令。")).to_be_visible()
    user.refresh_from_db()
    assert user.totp_secret == secret
    shoot(page, "enrolled-admin-index", sizes=ONLY_DESKTOP)


def test_the_timeout_dialog_warns_extends_and_signs_out(page: Page, office_server, settings, axe, shoot):
    reviewer(totp_secret=SEED)
    sign_in_with_password(page, office_server.url, "li-reviewer")
    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(office_server.url + "/admin/")

    # Shortened by setting, not by freezing the clock (testing.md): the warning comes 4 s
    # after the page loads, and again 4 s after "继续使用" (room for the focus check below on
    # a slow machine).
    settings.TEACHERREG_STAFF_IDLE_SECONDS = 124
    page.goto(office_server.url + "/office/")
    before = page.get_by_role("link", name="注册审核")
    before.focus()

    dialog = page.get_by_role("alertdialog", name="即将退出登录")
    expect(dialog).to_be_visible(timeout=15_000)
    expect(dialog).to_contain_text(re.compile(r"您已较长时间未操作，将在 1[0-2]\d 秒后退出登录。"))
    extend = dialog.get_by_role("button", name="继续使用")
    expect(extend).to_be_focused()
    expect(dialog.get_by_role("button", name="退出登录")).to_be_visible()
    axe(page)
    shoot(page, "timeout-dialog", sizes=ONLY_DESKTOP)

    extend.click()
    expect(dialog).to_be_hidden()
    expect(before).to_be_focused()

    # Left alone past the idle limit, the server ends the session and says why.
    settings.TEACHERREG_STAFF_IDLE_SECONDS = 3
    page.reload()
    expect(dialog).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/login/"), timeout=15_000)
    expect(page.get_by_text("登录已超时，请重新登录。")).to_be_visible()
    axe(page)
    shoot(page, "timed-out", sizes=ONLY_DESKTOP)
