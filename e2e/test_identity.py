"""实名核验 → 人工审核 → approval in the admin → 核验通过.

Given an applicant whose name does not match the identity registry, when they check online,
fail, and ask for a manual review with two photos, and a superuser approves it in the admin,
then the applicant's page shows 核验通过. Every page passes axe; applicant pages are shot at
1280 and 360 px.

The login page is another engineer's work in progress: sessions are made with
``force_login`` and handed to the browser as a cookie.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, Route, expect

from e2e.harness import DESKTOP
from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.accounts.models import IdentityStatus, User
from teacherreg.identity.models import IdentityRecord, ManualReview, ReviewStatus
from tests.documents.images import jpeg
from tests.factories import ApplicantFactory, StaffFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.identity.urls")]

BACKEND = STAFF_BACKEND


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """What identity asked the notify app to send (its delivery is tested with notify)."""
    templates: list[str] = []

    def notify_user(user, template, context, *, dedupe_key, channels=("sms", "email")):
        templates.append(template)

    monkeypatch.setattr("teacherreg.notify.services.notify_user", notify_user)
    return templates


class OneRequestAtATime:
    """Lets the browser's requests to Django reach the live server one after another.

    On SQLite the test database lives in memory and every live-server thread shares its one
    connection; two requests that write at the same moment (the admin page's two photos, each
    audited, each saving the session) fail with "database table is locked". PostgreSQL does
    not care. Playwright runs route handlers on greenlets of this thread, so a queue and a
    flag are enough to serialise them.
    """

    def __init__(self, live_server) -> None:
        self.origin = live_server.url
        self.waiting: list[Route] = []
        self.busy = False

    def install(self, context: BrowserContext) -> None:
        context.route(lambda url: url.startswith(self.origin) and "/static/" not in url, self.handle)

    def handle(self, route: Route) -> None:
        if route.request.method != "GET":
            # Form posts are one at a time anyway, and a fetched multipart body would lose its files.
            route.fallback()
            return
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


def sign_in(page: Page, user: User, live_server) -> None:
    client = Client()
    client.force_login(user, backend=BACKEND)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_a_failed_check_goes_through_manual_review_to_verified(
    page: Page, browser, live_server, axe, shoot, tmp_path, sent
):
    applicant = ApplicantFactory(name="张三")
    IdentityRecord.objects.create(document_number=applicant.document_number, name="张叁")
    reviewer = StaffFactory(is_superuser=True, totp_secret=pyotp.random_base32())
    masked = applicant.document_number[:2] + "*****" + applicant.document_number[-2:]
    serialise = OneRequestAtATime(live_server)
    serialise.install(page.context)
    sign_in(page, applicant, live_server)

    # 实名核验: status, tries, the masked number, the name filled in.
    page.goto(live_server.url + "/me/identity/")
    expect(page).to_have_title(re.compile("^实名核验 - "))
    expect(page.get_by_role("heading", level=1, name="实名核验")).to_be_visible()
    expect(page.locator("#identity-status")).to_have_text("未核验")
    expect(page.locator("#tries-left")).to_have_text("3 次（每天 3 次）")
    expect(page.get_by_text(masked).first).to_be_visible()
    expect(page.get_by_label("姓名")).to_have_value("张三")
    expect(page.get_by_role("heading", name="操作说明")).to_be_visible()
    axe(page)
    shoot(page, "verify")

    page.get_by_role("button", name="提交核验").click()

    expect(page.get_by_role("alert")).to_contain_text("姓名与证件号码不一致，实名核验未通过。")
    expect(page.get_by_role("alert")).to_contain_text("今天还可以核验 2 次。")
    expect(page.locator("#identity-status")).to_have_text("核验未通过")
    expect(page.locator("#tries-left")).to_have_text("2 次（每天 3 次）")
    axe(page)
    shoot(page, "verify-failed")

    # 人工审核: consent, the P13 rule, two photos.
    page.get_by_role("link", name="申请人工审核").click()
    expect(page.get_by_role("heading", level=1, name="人工审核")).to_be_visible()
    expect(page.get_by_role("heading", name="身份证件照片收集和使用说明")).to_be_visible()
    expect(page.get_by_text("每张不超过 190 KB（194,560 字节），像素不超过 1200 万")).to_be_visible()
    axe(page)
    shoot(page, "manual-review")

    page.get_by_role("button", name="提交人工审核").click()
    expect(page.get_by_role("alert")).to_contain_text("请上传证件正面（人像面）的照片。")
    expect(page.get_by_role("alert")).to_contain_text("请阅读并同意身份证件照片的收集和使用说明。")
    axe(page)
    shoot(page, "manual-review-errors")

    front, back = tmp_path / "front.jpg", tmp_path / "back.jpg"
    front.write_bytes(jpeg((856, 540)))
    back.write_bytes(jpeg((856, 540), quality=70))
    page.get_by_label("证件正面照片（人像面）").set_input_files(front)
    page.get_by_label("证件反面照片（国徽面）").set_input_files(back)
    page.get_by_label("我已阅读上述说明，同意为人工审核提供证件照片。").check()
    page.get_by_role("button", name="提交人工审核").click()

    expect(page.locator("#review-status")).to_be_visible()
    review = ManualReview.objects.get(user=applicant)
    due = review.due_by.isoformat()
    expect(page.get_by_role("status").first).to_have_text(re.compile(f"人工审核申请已提交，预计在 {due} 前给出结论。"))
    expect(page.locator("#review-status")).to_contain_text(f"预计在 {due} 前给出结论")
    expect(page.locator("#identity-status")).to_have_text("人工审核中")
    axe(page)
    shoot(page, "manual-review-pending")
    assert sent == ["identity_review_received"]

    # The reviewer, in the admin (another browser context).
    staff_context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    staff_context.set_default_timeout(10_000)
    serialise.install(staff_context)
    try:
        admin = staff_context.new_page()
        sign_in(admin, reviewer, live_server)
        admin.goto(live_server.url + "/admin/identity/manualreview/")
        # P22: the admin asks staff for the authenticator code first.
        expect(admin).to_have_url(re.compile(r"/office/verify/"))
        admin.get_by_label("动态口令").fill(pyotp.TOTP(reviewer.totp_secret).now())
        admin.get_by_role("button", name="验证").click()
        expect(admin).to_have_url(re.compile(r"/admin/identity/manualreview/$"))
        expect(admin.get_by_role("link", name="张三")).to_be_visible()
        axe(admin)
        shoot(admin, "admin-queue", sizes=(DESKTOP,))

        admin.get_by_role("link", name="张三").click()
        for label in ("证件正面照片", "证件反面照片"):
            photo = admin.get_by_role("img", name=label)
            expect(photo).to_be_visible()
            assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
        axe(admin)
        shoot(admin, "admin-review", sizes=(DESKTOP,))

        admin.get_by_role("link", name="通过", exact=True).click()
        expect(admin.get_by_role("button", name="确认通过")).to_be_visible()
        axe(admin)
        admin.get_by_role("button", name="确认通过").click()
        expect(admin.get_by_text(f"人工审核 #{review.pk} 已通过。")).to_be_visible()
        shoot(admin, "admin-approved", sizes=(DESKTOP,))
    finally:
        # Route handlers still holding a request must not fail when their context goes away.
        staff_context.unroute_all(behavior="ignoreErrors")
        staff_context.close()

    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    assert sent == ["identity_review_received", "identity_review_approved"]

    # Back on the applicant's page.
    page.goto(live_server.url + "/me/identity/")
    expect(page.locator("#identity-status")).to_have_text("核验通过")
    expect(page.get_by_text("您已通过实名核验。")).to_be_visible()
    axe(page)
    shoot(page, "verified")
    applicant.refresh_from_db()
    assert applicant.identity_status == IdentityStatus.VERIFIED
    page.context.unroute_all(behavior="ignoreErrors")
