"""邮件咨询 as a support ticket, in a real browser (issue 8 item 2, "Done means": a support
ticket round trip).

Given a teacher of 山东 and the province administrator of 山东 with a bound authenticator, when
the teacher signs in, writes a question with a screenshot on /help/contact/, then the ticket
opens in 我的咨询, waiting. When the administrator signs in with password and code, then the
ticket is in the office queue; its page shows the question, the screenshot and the masked
document number; the administrator replies. When the teacher opens the ticket again, the reply
is there, signed by 山东省教育厅, and the status is 已回复. The public contacts page lists the
province's numbers. Screenshots at 1280 and 360 px; axe on every page.
"""

from __future__ import annotations

import io

import pyotp
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from e2e.captcha import solve_slider
from e2e.harness import DESKTOP, settled
from teacherreg.demo.staff import fixed_totp_secret
from teacherreg.organisations.models import OrgLevel
from teacherreg.support.models import Ticket
from tests.factories import (
    PASSWORD,
    ApplicantFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    StaffFactory,
)
from tests.idnumbers import make_id_number

pytestmark = pytest.mark.django_db(transaction=True)

SEED = fixed_totp_secret("sd-padmin")


def _world():
    shandong = RegionFactory(code="370000", name="山东省", is_municipality=False)
    province = OrganisationFactory(
        level=OrgLevel.PROVINCE,
        name="山东省教育厅",
        region=shandong,
        phone="0531-81234567",
        email="jszg@sd.example.cn",
        address="济南市历下区解放路",
    )
    admin = StaffFactory(username="sd-padmin", name="赵管理", totp_secret=SEED)
    MembershipFactory(user=admin, organisation=province, role="province_admin")
    return ApplicantFactory(name="李明", document_number=make_id_number(3, region="370102"), phone="13612345678")


def _screenshot_png() -> bytes:
    image = Image.new("RGB", (640, 360), (245, 245, 245))
    image.paste((200, 40, 40), (40, 40, 600, 90))  # a red error bar, as on a real page
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _staff_page(browser: Browser, url: str) -> Page:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(url + "/admin/login/?next=/office/support/")
    page.get_by_label("登录名").fill("sd-padmin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()
    return page


def test_an_applicant_asks_the_office_replies_and_the_applicant_reads_it(page: Page, live_server, browser, axe, shoot):
    teacher = _world()
    url = live_server.url

    # The teacher signs in and writes.
    page.goto(f"{url}/account/login/?next=/help/contact/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="邮件咨询")).to_be_visible()
    settled(page)
    subject = page.get_by_label("主题")
    expect(subject).to_have_value("李明 ")
    subject.fill("李明 忘记密码")
    page.get_by_label("问题类型").select_option(label="账号注册和登录")
    page.get_by_label("问题描述").fill("手机号码已经停用，找回密码时收不到短信验证码。")
    page.get_by_label("问题截图（选填）").set_input_files(
        {"name": "截图.png", "mimeType": "image/png", "buffer": _screenshot_png()}
    )
    axe(page)
    shoot(page, "contact-form")
    page.get_by_role("button", name="提交咨询").click()

    ticket = Ticket.objects.get()
    expect(page).to_have_url(f"{url}/me/support/{ticket.pk}/")
    expect(page.get_by_text(f"您的咨询已提交，咨询编号 {ticket.number}。")).to_be_visible()
    expect(page.get_by_text("待处理", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="问题截图 1")).to_be_visible()
    axe(page)
    shoot(page, "my-ticket-waiting")

    # The province administrator answers in the office.
    office = _staff_page(browser, url)
    expect(office).to_have_url(url + "/office/support/")
    expect(office.get_by_role("heading", level=1, name="咨询工单")).to_be_visible()
    row = office.locator("table.queue-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("李明 忘记密码")
    axe(office)
    shoot(office, "office-queue")
    row.get_by_role("link", name=ticket.number).click()
    expect(office.get_by_role("heading", level=1)).to_contain_text(ticket.number)
    number = teacher.document_number
    expect(office.get_by_text(f"{number[:2]}*****{number[-2:]}")).to_be_visible()
    expect(office.get_by_text("136****78")).to_be_visible()
    expect(office.get_by_role("img", name="问题截图 1")).to_be_visible()
    axe(office)
    shoot(office, "office-ticket")
    office.get_by_label("回复内容").fill("已核实身份。请用新手机号码拨打 0531-81234567，我们会协助修改绑定的手机号码。")
    office.get_by_role("button", name="发送回复").click()
    expect(office.get_by_text("回复已发送，已通知申请人。")).to_be_visible()
    expect(office.get_by_text("已回复", exact=True)).to_be_visible()
    shoot(office, "office-ticket-answered")
    office.context.close()

    # The teacher reads the answer in the personal centre.
    page.goto(f"{url}/me/")
    page.get_by_role("link", name="我的咨询").click()
    expect(page).to_have_url(f"{url}/me/support/")
    expect(page.get_by_text("已回复", exact=True)).to_be_visible()
    axe(page)
    shoot(page, "my-tickets")
    page.get_by_role("link", name="李明 忘记密码").click()
    expect(page.get_by_text("请用新手机号码拨打 0531-81234567", exact=False)).to_be_visible()
    expect(page.get_by_text("山东省教育厅", exact=True)).to_be_visible()
    axe(page)
    shoot(page, "my-ticket-answered")


def test_the_contacts_page_lists_the_provinces_numbers(page: Page, live_server, axe, shoot):
    _world()

    page.goto(live_server.url + "/help/")
    page.get_by_role("link", name="各省份认定联系方式：各注册机构的电话、邮箱和地址").click()

    expect(page.get_by_role("heading", level=1, name="电话咨询和各省份认定联系方式")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="山东省")).to_be_visible()
    expect(page.get_by_role("link", name="0531-81234567")).to_be_visible()
    axe(page)
    shoot(page, "contacts")
    page.get_by_label("机构名称").fill("山东")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("heading", level=2, name="查找结果")).to_be_visible()
    expect(page.get_by_text("山东省教育厅")).to_be_visible()
