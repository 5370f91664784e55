"""Every page of the public, help, third-party query, applicant and office journeys, swept
(issue 8 items 5 and 6).

Each page gets axe-core (no serious or critical violation). Public and applicant pages are
checked at 360 px: no horizontal scrolling, tap targets at least 44 px tall, and a full-page
screenshot ``e2e/artifacts/sweep--<URL name>--360.png``. Office pages are checked at 1280 px.

The list of pages is Django's own (``e2e.sweep.page_names``): a URL name in these namespaces
must be visited by its group's test or be in ``SKIPPED`` with the reason it is not a page,
so a page added later cannot escape the sweep. Arguments come from the demo world, mostly by
following the links a person would follow (a list, then its first item).
"""

from __future__ import annotations

import re

import pyotp
import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from e2e.harness import settled
from e2e.outbox import last_sms_code
from e2e.sweep import Sweep, page_names
from e2e.test_photo import private_files  # noqa: F401  (autouse: demo scans and photos go to tmp)
from teacherreg.certificates.models import Certificate
from teacherreg.demo.staff import fixed_totp_secret
from teacherreg.demo.world import DEMO_PASSWORD, FEATURED_APPLICANT_NAME

pytestmark = pytest.mark.django_db(transaction=True)

# What is not a page, by URL name, with the reason. Written by hand: a new URL name is either
# swept or added here on purpose.
SKIPPED: dict[str, str] = {
    # Public and help
    "manuals:pdf": "a PDF download (tests/manuals render it)",
    # Accounts
    "accounts:logout": "POST only",
    "accounts:reset_link": "needs the one-time token from the reset e-mail",
    # Applicant
    "applicant:confirm_email": "needs the token from the confirmation e-mail",
    "applicant:certificate_photo": "an image of the uploaded certificate",
    "applicant:certificate_extra_photo": "an image of the uploaded certificate",
    "applicant:record_scan": "an image of the uploaded scan",
    "applicant:school_search": "an htmx fragment of the school picker",
    "applicant:school_propose": "POST only (the picker's 新增学校)",
    "applicant:application_resume": "redirects to the first incomplete step",
    "applicant:photo_original_image": "an image",
    "applicant:photo_image": "an image",
    "applicant:photo_accept": "POST only",
    "applicant:application_photo": "an image (the photo on the 申请表)",
    "applicant:application_pdf": "the 申请表 PDF",
    "support:my_ticket_reply": "POST only",
    "support:my_screenshot": "an image",
    # Office: before the second factor, actions and files
    "office:enrol": "only for an account without an authenticator; every demo account has one "
    "(e2e/test_staff_second_factor.py sweeps it)",
    "office:logout": "POST only",
    "office:session_extend": "POST only (the session-timeout warning)",
    "office:session_status": "JSON for the session-timeout warning",
    "office:case_open": "redirects to the desk or review case (the 申请表's QR code)",
    "office:staff_invitation": "needs the token from the invitation e-mail",
    "office:staff_invitation_cancel": "POST only",
    "office:staff_disable": "POST only",
    "office:staff_enable": "POST only",
    "office:staff_grant": "POST only",
    "office:staff_revoke": "POST only",
    "office:desk_bulk_confirm": "POST only",
    "office:desk_photo": "an image",
    "office:desk_form": "the 申请表 PDF",
    "office:desk_confirm": "POST only",
    "office:desk_return": "POST only",
    "office:desk_message": "POST only",
    "office:review_photo": "an image",
    "office:review_notices_start": "POST only",
    "office:review_record_revoke": "POST only",
    "office:review_record_undo": "POST only",
    "office:review_message": "POST only",
    "office:review_propose": "POST only",
    "office:review_undo_proposal": "POST only",
    "office:review_send_to_applicant": "POST only",
    "office:review_start_notice": "POST only",
    "office:review_end_notice": "POST only",
    "office:review_withdraw_notice": "POST only",
    "office:review_city_agree": "POST only",
    "office:review_city_send_back": "POST only",
    "office:review_decide": "POST only",
    "office:review_province_send_back": "POST only",
    "office:review_undo": "POST only",
    "office:review_undo_revocation": "POST only",
    "office:review_revoke": "POST only",
    "office:entry_application": "page 2 of 后台采集 needs page 1 done for a teacher the agency may enter; "
    "e2e/test_office_entry.py checks it with axe at 1280 and 360 px",
    "office:entry_school_search": "an htmx fragment of the school picker",
    "office:entry_school_propose": "POST only",
    "office:import_template": "a CSV/XLSX download",
    "office:import_commit": "POST only",
    "office:import_report": "a CSV download",
    "office:export_start": "POST only",
    "office:export_stickers": "POST only",
    "office:export_download": "a file download",
    "office:statistics_csv": "a CSV download",
    "office:queue_identity_photo": "an image",
    "office:queue_identity_approve": "POST only",
    "office:queue_identity_reject": "POST only",
    "office:queue_certificate_photo": "an image",
    "office:queue_certificate_verify": "POST only",
    "office:queue_certificate_reject": "POST only",
    "office:queue_record_scan": "an image",
    "office:queue_record_verify": "POST only",
    "office:queue_record_reject": "POST only",
    "office:queue_school_verify": "POST only",
    "office:queue_school_reject": "POST only",
    "office:queue_school_merge": "POST only",
    "office:queue_contact_change": "POST only",
    "office:support_screenshot": "an image",
    "office:support_reply": "POST only",
    "office:support_close": "POST only",
    "office:support_reopen": "POST only",
    "office:faq_publish": "POST only",
    "office:faq_unpublish": "POST only",
    "office:announcement_publish": "POST only",
    "office:announcement_unpublish": "POST only",
}

# Findings accepted for a page, by (URL name, "axe" | "overflow" | "tap"), with the reason.
ALLOWED: dict[tuple[str, str], str] = {}

# The three groups: which test owns which URL name.
APPLICANT_SUPPORT = ("support:my_tickets", "support:my_ticket", "support:my_ticket_reply", "support:my_screenshot")


def _group(name: str) -> str:
    namespace = name.split(":")[0]
    if namespace == "office":
        return "office"
    if namespace == "applicant" or name in APPLICANT_SUPPORT:
        return "applicant"
    return "public"


def _expected(group: str) -> set[str]:
    return {name for name in page_names() if _group(name) == group and name not in SKIPPED}


def _without_arguments(group: str) -> list[str]:
    urls = []
    for name in sorted(_expected(group)):
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue  # takes arguments: reached by following links
    return urls


def _demo_world() -> None:
    from teacherreg.demo.world import load_demo
    from teacherreg.faq.loading import load_seed
    from teacherreg.reference.loader import load_reference

    load_reference()
    load_demo()
    load_seed()


def _finish(sweep: Sweep, group: str) -> None:
    missing = sorted(_expected(group) - set(sweep.visited))
    problems = [f"{group} pages neither visited nor in SKIPPED: {missing}"] if missing else []
    assert not (problems or sweep.findings), "\n\n".join([*problems, sweep.report()])


def test_every_skipped_name_exists():
    """A renamed or removed URL must leave SKIPPED too, or the list slowly stops meaning anything."""
    assert set(SKIPPED) <= page_names()
    assert {name for name, _ in ALLOWED} <= page_names()


# ---- public, help and the third-party query ---------------------------------------------------


def test_the_public_pages(page: Page, live_server, axe_source):
    _demo_world()
    url = live_server.url
    sweep = Sweep(page, axe_source, url, "public", phone=True, skip=set(SKIPPED), allowed=ALLOWED)
    sweep.crawl(
        _without_arguments("public"), within=("portal", "faq", "announcements", "manuals", "notices", "support")
    )
    _third_party_query(sweep, url)
    _sign_up(sweep, url)
    _reset(sweep, url)
    _anonymous_question(sweep, url)
    _finish(sweep, "public")


def _third_party_query(sweep: Sweep, url: str) -> None:
    from teacherreg.accounts.models import User

    teacher = User.objects.get(kind="applicant", name=FEATURED_APPLICANT_NAME)
    certificate = teacher.certificates.order_by("pk").first()
    page = sweep.page
    page.goto(f"{url}/certificate-query/other/")
    page.get_by_label("姓名").fill(teacher.name)
    page.get_by_label("身份证件号码").fill(teacher.document_number)
    page.get_by_label("教师资格证书号码").fill(certificate.number_as_printed)
    page.get_by_label("手机号码").fill("13912345678")
    solve_slider(page, url)
    page.get_by_role("button", name="发送短信验证码").click()
    expect(page.get_by_label("短信验证码")).to_be_visible()
    settled(page)
    sweep.check("portal:third_party_query_code")
    page.get_by_label("短信验证码").fill(last_sms_code("13912345678"))
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("heading", level=2, name="查询结果")).to_be_visible()
    settled(page)
    sweep.check("portal:third_party_query_code", shot="portal_third_party_query_code-result")


def _sign_up(sweep: Sweep, url: str) -> None:
    """注册: the phone, the SMS code, the details, and — with a pre-2019 account's number — the
    takeover of that account (P7)."""
    from teacherreg.accounts.models import User

    page = sweep.page
    phone = "13800138000"
    page.goto(f"{url}/account/sign-up/")
    page.get_by_label("手机号码").fill(phone)
    solve_slider(page, url)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("短信验证")
    settled(page)
    sweep.check("accounts:sign_up_code")
    page.get_by_label("短信验证码").fill(last_sms_code(phone))
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("填写账号信息")
    settled(page)
    sweep.check("accounts:sign_up_details")
    legacy = User.objects.filter(kind="applicant", is_legacy=True).order_by("pk").first()
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill(legacy.document_number)
    page.locator("#id_name").fill(legacy.name)
    page.get_by_label("民族").select_option(label="汉族")
    page.get_by_label("电子邮箱").fill("sweep@example.cn")
    page.locator("#id_password1").fill("Sweep-2026-check")
    page.locator("#id_password2").fill("Sweep-2026-check")
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="注册", exact=True).click()
    expect(page).to_have_url(f"{url}/account/sign-up/legacy/")
    settled(page)
    sweep.check("accounts:legacy_takeover")


def _reset(sweep: Sweep, url: str) -> None:
    """忘记密码: who you are, the method, then the SMS page."""
    from teacherreg.accounts.models import User

    teacher = User.objects.get(kind="applicant", name=FEATURED_APPLICANT_NAME)
    page = sweep.page
    page.context.clear_cookies()
    page.goto(f"{url}/account/password/reset/")
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.get_by_label("姓名").fill(teacher.name)
    solve_slider(page, url)
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_label("短信验证重置密码")).to_be_visible()
    settled(page)
    sweep.check("accounts:reset_method")
    page.get_by_label("短信验证重置密码").check()
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_role("button", name="免费获取验证码")).to_be_visible()
    settled(page)
    sweep.check("accounts:reset_sms")


def _anonymous_question(sweep: Sweep, url: str) -> None:
    """邮件咨询 without an account: the form, then 已提交."""
    from teacherreg.accounts.models import User

    someone = User.objects.filter(kind="applicant").exclude(name=FEATURED_APPLICANT_NAME).order_by("pk").first()
    page = sweep.page
    page.goto(f"{url}/help/contact/")
    page.get_by_label("主题").fill("王老师 忘记密码")
    page.get_by_label("问题类型").select_option(index=1)
    page.get_by_label("问题描述").fill("手机号码已经停用，收不到短信验证码。")
    page.get_by_label("证件类型").select_option(index=1)
    page.get_by_label("证件号码").fill(someone.document_number)
    page.get_by_label("联系电话").fill("13912340000")
    solve_slider(page, url)
    page.get_by_role("button", name="提交咨询").click()
    expect(page).to_have_url(f"{url}/help/contact/sent/")
    settled(page)
    sweep.check("support:sent")


# ---- the applicant ------------------------------------------------------------------------------


def _sign_in_applicant(page: Page, url: str, document_number: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/account/login/?next=/me/")
    page.get_by_label("证件号码").fill(document_number)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(url + "/me/")


APPLICANT_NAMESPACES = ("applicant", "support")


def test_the_applicant_pages(page: Page, live_server, axe_source):
    from teacherreg.accounts.models import User
    from teacherreg.registration.models import Application

    _demo_world()
    url = live_server.url
    sweep = Sweep(page, axe_source, url, "applicant", phone=True, skip=set(SKIPPED), allowed=ALLOWED)
    teacher = User.objects.get(kind="applicant", name=FEATURED_APPLICANT_NAME)
    _sign_in_applicant(page, url, teacher.document_number)
    sweep.crawl(_without_arguments("applicant"), within=APPLICANT_NAMESPACES)
    _contact_details(sweep, url)
    _photo(sweep, url)
    _question(sweep, url)
    _start_application(sweep, url, teacher)
    # Applicants with an application in each state that opens its own pages.
    for status in ("submitted", "returned", "public_notice"):
        app = Application.objects.filter(status=status).order_by("number").first()
        _sign_in_applicant(page, url, app.applicant.document_number)
        sweep.persona = status
        sweep.crawl([f"/me/registration/applications/{app.number}/"], within=APPLICANT_NAMESPACES)
        if status == "submitted":
            # 步骤7 (报名成功) for an application already sent: the same page the step shows.
            sweep.visit(f"/me/registration/steps/done/{app.number}/")
    # Hand-added certificates waiting (撤回) and refused (重新提交), each with its holder.
    for state in ("pending", "rejected"):
        certificate = Certificate.objects.manual().filter(verification_state=state).order_by("pk").first()
        _sign_in_applicant(page, url, certificate.holder.document_number)
        sweep.persona = f"certificate-{state}"
        sweep.crawl([f"/me/certificates/{certificate.pk}/"], within=APPLICANT_NAMESPACES)
    # 删除 is offered only while no application uses the certificate; the page says why otherwise.
    sweep.visit(f"/me/certificates/{certificate.pk}/delete/")
    _finish(sweep, "applicant")


def _contact_details(sweep: Sweep, url: str) -> None:
    """修改手机号码 and 修改电子邮箱 behind 验证当前密码, and the new number's SMS page."""
    page = sweep.page
    page.goto(f"{url}/me/phone/")
    page.get_by_label("当前密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="继续").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("修改手机号码")
    settled(page)
    sweep.check("applicant:change_phone")
    page.get_by_label("手机号码").fill("13700137000")
    solve_slider(page, url)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page).to_have_url(f"{url}/me/phone/code/")
    settled(page)
    sweep.check("applicant:change_phone_code")
    sweep.visit("/me/email/")


def _photo(sweep: Sweep, url: str) -> None:
    """报名照片: a phone photo is refused, 帮我处理 crops it, then 确认报名照片."""
    from tests.documents.photo_images import phone_jpeg

    page = sweep.page
    page.goto(f"{url}/me/registration/photo/")
    photo = {"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": phone_jpeg((1200, 1600))}
    page.get_by_label("照片文件").set_input_files(photo)
    page.get_by_role("button", name="上传并检查").click()
    page.get_by_role("link", name="帮我处理").click()
    expect(page.locator("[data-photo-crop]")).to_have_attribute("data-crop-ready", "true")
    sweep.check("applicant:photo_fix")
    page.get_by_role("button", name="生成照片").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("确认报名照片")
    settled(page)
    sweep.check("applicant:photo_review")


def _question(sweep: Sweep, url: str) -> None:
    """邮件咨询 signed in: the ticket opens in 我的咨询."""
    page = sweep.page
    page.goto(f"{url}/help/contact/")
    page.get_by_label("主题").fill("薛明 报名照片")
    page.get_by_label("问题类型").select_option(index=1)
    page.get_by_label("问题描述").fill("报名照片上传后提示尺寸不对，应该怎么处理？")
    page.get_by_role("button", name="提交咨询").click()
    expect(page).to_have_url(re.compile(r".*/me/support/\d+/$"))
    settled(page)
    sweep.check("support:my_ticket")


def _start_application(sweep: Sweep, url: str, teacher) -> None:
    """报名: his agency's points, the pre-check, step 1 and, agreed, step 2."""
    from teacherreg.demo.people import HOME_COUNTIES
    from teacherreg.organisations.models import Organisation

    page = sweep.page
    # The demo's first person (薛明) lives and teaches in the first home county (海淀区).
    agency = Organisation.objects.get(level="county", region__code=HOME_COUNTIES[0])
    page.goto(f"{url}/me/registration/apply/?province={agency.parent_id}&agency={agency.pk}#points")
    page.locator("input[name=arrangement]").first.check()
    page.get_by_role("button", name="定期注册报名").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("资格预检")
    settled(page)
    sweep.check("applicant:registration_precheck")
    page.get_by_role("button", name="继续").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤1：网上申报协议")
    settled(page)
    sweep.check("applicant:application_step", shot="applicant_application_step-1")
    page.get_by_label("已阅读并完全同意").check()
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤2：填写注册信息")
    settled(page)
    sweep.check("applicant:application_step", shot="applicant_application_step-2")


# ---- the office ---------------------------------------------------------------------------------

# Each role's demo login, in the order they are swept. A page is opened by the first persona
# that reaches it; every persona opens its own 工作台.
OFFICE_PERSONAS = (
    "demo-point-lixia",
    "demo-county-lixia",
    "demo-city-jinan",
    "demo-province-shandong",
    "demo-padmin-beijing",
    "demo-national-viewer",
    "demo-sysadmin",
    "demo-secadmin",
    "demo-auditadmin",
)


def _sign_in_staff(sweep: Sweep, url: str, username: str) -> None:
    page = sweep.page
    page.context.clear_cookies()
    page.goto(url + "/admin/login/?next=/office/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_label("动态口令")).to_be_visible()
    if "office:verify" not in sweep.visited:
        settled(page)
        sweep.check("office:verify")
    page.get_by_label("动态口令").fill(pyotp.TOTP(fixed_totp_secret(username)).now())
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(url + "/office/")


def test_the_office_pages(page: Page, live_server, axe_source):
    _demo_world()
    extra = _office_items()
    url = live_server.url
    sweep = Sweep(page, axe_source, url, "office", phone=False, skip=set(SKIPPED), allowed=ALLOWED, not_found_ok=True)
    for username in OFFICE_PERSONAS:
        sweep.persona = username
        _sign_in_staff(sweep, url, username)
        sweep.visited.pop("office:home", None)
        sweep.crawl(["/office/", *extra.get(username, [])], within=("office",), walk_again=True)
        if username == "demo-padmin-beijing":
            _contact_account(sweep, url)
    _finish(sweep, "office")


def _office_items() -> dict[str, list[str]]:
    """What the demo world has none of, made here so the lists link to an item: a support
    ticket, a proposed school, an import batch and an export for 北京; and the pages of
    海淀区's window and point that are opened by address (删除 is not linked while in use)."""
    from teacherreg.accounts.models import User
    from teacherreg.exports.services import start_export
    from teacherreg.imports import services as imports
    from teacherreg.office.scope import scope_for
    from teacherreg.organisations.models import Organisation
    from teacherreg.reference.models import GraduationSchool, Region, SchoolStatus
    from teacherreg.registration.models import ConfirmationArrangement
    from teacherreg.support.services import open_ticket

    beijing = Organisation.objects.get(level="province", region__code="110000")
    admin = User.objects.get(username="demo-padmin-beijing")
    teacher = User.objects.get(kind="applicant", name=FEATURED_APPLICANT_NAME)  # of 海淀区, 北京
    open_ticket(
        subject="薛明 忘记密码",
        topic="account",
        description="手机号码已经停用，收不到短信验证码。",
        document_type="id_card",
        document_number=teacher.document_number,
        phone="13912340000",
    )
    GraduationSchool.objects.create(
        name="京西第一师范学校",
        province=Region.objects.get(code="110000"),
        status=SchoolStatus.PENDING,
        created_by=teacher,
    )
    rows = f"证件号码,年度,考核等次\r\n{teacher.document_number},2024,合格\r\n"
    imports.upload(
        kind="annual_assessments", raw=rows.encode(), file_name="考核.csv", actor=admin, organisation=beijing
    )
    start_export(scope_for(admin), kind="applications", filters={})
    arrangement = ConfirmationArrangement.objects.filter(window__batch__agency__region__code="370102").first()
    return {
        "demo-county-lixia": [
            f"/office/plans/windows/{arrangement.window_id}/delete/",
            f"/office/plans/arrangements/{arrangement.pk}/delete/",
        ]
    }


def _contact_account(sweep: Sweep, url: str) -> None:
    """修改联系方式: the account is found by its document number, not linked."""
    from teacherreg.accounts.models import User

    teacher = User.objects.get(kind="applicant", name=FEATURED_APPLICANT_NAME)
    page = sweep.page
    page.goto(f"{url}/office/queues/contacts/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.get_by_role("button", name="查找账号").click()
    expect(page).to_have_url(re.compile(r".*/office/queues/contacts/\d+/$"))
    settled(page)
    sweep.check("office:queue_contact")
