"""An applicant adds an older certificate by hand (manual §3.1.2 step 2): reads the 添加说明,
fills the form with the lists narrowing as they choose, is told about a bad number without
losing what they typed, uploads a photo, and sees the certificate listed as 待核验. Then a
province reviewer refuses one in the admin queue and the applicant reads the reason."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from e2e.harness import DESKTOP, settled
from teacherreg.accounts.backends import APPLICANT_BACKEND, STAFF_BACKEND
from teacherreg.accounts.models import StaffRole
from teacherreg.certificates.models import Certificate, VerificationState
from tests.certificates.manual_world import add, build_world
from tests.documents.images import jpeg
from tests.factories import PASSWORD, ApplicantFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


def test_an_applicant_adds_an_older_certificate_with_a_photo(page: Page, live_server, axe, shoot, tmp_path):
    build_world()
    teacher = ApplicantFactory(name="薛明")
    photo = tmp_path / "证书照片.jpg"
    photo.write_bytes(jpeg((900, 640)))
    url = live_server.url

    page.goto(f"{url}/account/login/?next=/me/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_role("link", name="教师资格证书信息").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("教师资格证书信息")
    page.get_by_role("link", name="添加教师资格证书信息").click()

    # 添加说明 first, with 取消 and 确认要添加.
    expect(page.get_by_role("heading", name="添加前请先阅读")).to_be_visible()
    expect(page.get_by_role("link", name="取消")).to_be_visible()
    axe(page)
    shoot(page, "notes")
    page.get_by_role("link", name="确认要添加").click()

    # The holder is the account's, read-only.
    expect(page.get_by_label("持证人")).to_have_value("薛明")
    expect(page.get_by_label("持证人")).not_to_be_editable()
    expect(page.get_by_label("身份证件号码")).not_to_have_value(teacher.document_number)
    axe(page)
    shoot(page, "empty-form")

    # A 16-digit number first; the dependent lists narrow as each choice is made (htmx).
    page.get_by_label("证书号码").fill("2005370102100012")
    page.get_by_label("证书签发日期").fill("2005-07-01")
    settled(page)
    page.get_by_label("所属省份").select_option(label="山东省")
    settled(page)
    expect(page.get_by_label("所属市")).to_contain_text("济南市")
    page.get_by_label("所属市").select_option(label="济南市")
    settled(page)
    page.get_by_label("资格种类").select_option(label="小学教师资格")
    settled(page)
    expect(page.get_by_label("任教学科")).to_contain_text("语文")
    expect(page.get_by_label("认定机构")).to_contain_text("济南市历下区教育局")
    page.get_by_label("任教学科").select_option(label="语文")
    settled(page)
    page.get_by_label("认定机构").select_option(label="济南市历下区教育局")
    page.get_by_label("上传证书照片").set_input_files(photo)
    page.get_by_role("button", name="提交").click()

    # Refused with the official terms; everything typed is still there, the photo is asked again.
    expect(page.get_by_role("alert")).to_contain_text("教师资格证书号码不规范")
    expect(page.get_by_text("请重新选择证书照片")).to_be_visible()
    expect(page.get_by_label("证书号码")).to_have_value("2005370102100012")
    expect(page.get_by_label("证书签发日期")).to_have_value("2005-07-01")
    expect(page.get_by_label("认定机构").locator("option:checked")).to_have_text("济南市历下区教育局")
    axe(page)
    shoot(page, "refused")

    page.get_by_label("证书号码").fill("20053701021000123")
    page.get_by_label("上传证书照片").set_input_files(photo)
    page.get_by_role("button", name="提交").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("教师资格证书信息")
    expect(page.get_by_text("证书信息已提交，等待人工核验")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="2005*****23")
    expect(row).to_contain_text("待核验")
    expect(row).to_contain_text("济南市历下区教育局")
    axe(page)
    shoot(page, "listed-pending")

    certificate = Certificate.objects.get(holder=teacher)
    assert certificate.verification_state == VerificationState.PENDING

    row.get_by_role("link", name="查看详情").click()
    image = page.get_by_role("img", name="您上传的证书照片")
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    expect(page.get_by_role("link", name="删除")).to_be_visible()
    axe(page)
    shoot(page, "detail")


def sign_in(page: Page, user, live_server, backend: str) -> None:
    client = Client()
    client.force_login(user, backend=backend)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_a_province_reviewer_refuses_it_and_the_applicant_reads_why(page: Page, live_server, axe, shoot):
    world = build_world()
    teacher = ApplicantFactory(name="薛明")
    certificate = add(world, teacher)
    reviewer = MembershipFactory(organisation=world.shandong_office, role=StaffRole.PROVINCE_REVIEWER).user
    reviewer.totp_secret = pyotp.random_base32()
    reviewer.save(update_fields=["totp_secret"])
    url = live_server.url

    sign_in(page, reviewer, live_server, STAFF_BACKEND)
    page.goto(url + "/admin/certificates/manualcertificate/")
    expect(page).to_have_url(re.compile(r"/office/verify/"))  # P22: the second factor first
    page.get_by_label("动态口令").fill(pyotp.TOTP(reviewer.totp_secret).now())
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(re.compile(r"/admin/certificates/manualcertificate/$"))
    link = page.get_by_role("link", name=certificate.number_as_printed)
    expect(link).to_be_visible()
    axe(page)
    shoot(page, "admin-queue", sizes=(DESKTOP,))

    link.click()
    photo = page.get_by_role("img", name="证书照片")
    expect(photo).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    axe(page)
    shoot(page, "admin-record", sizes=(DESKTOP,))

    page.get_by_role("link", name="核验不通过", exact=True).click()
    page.get_by_label("不通过原因").fill("照片看不清签发日期，请重新拍摄证书内页。")
    axe(page)
    page.get_by_role("button", name="确认核验不通过").click()
    expect(page.get_by_text(f"证书 {certificate.number_as_printed} 核验不通过。")).to_be_visible()
    shoot(page, "admin-refused", sizes=(DESKTOP,))
    certificate.refresh_from_db()
    assert certificate.verification_state == VerificationState.REJECTED

    page.context.clear_cookies()
    sign_in(page, teacher, live_server, APPLICANT_BACKEND)
    page.goto(url + "/me/certificates/")
    row = page.get_by_role("row").filter(has_text="2005*****23")
    expect(row).to_contain_text("核验未通过")
    row.get_by_role("link", name="查看详情").click()
    expect(page.get_by_text("照片看不清签发日期，请重新拍摄证书内页。")).to_be_visible()
    expect(page.get_by_role("link", name="修改后重新提交")).to_be_visible()
    axe(page)
    shoot(page, "applicant-reads-why")
