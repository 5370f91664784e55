"""本人查询: an applicant sees the synced certificates, opens one, and asks why another is missing."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from tests.factories import PASSWORD, ApplicantFactory, CertificateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_applicant_sees_their_certificates_and_the_helper(page: Page, live_server, axe, shoot):
    teacher = ApplicantFactory(name="薛明")
    certificate = CertificateFactory(
        number_as_printed="20151100210000008",
        holder=None,
        holder_name="薛明",
        holder_document_number=teacher.document_number,
        issued_on=datetime.date(2015, 7, 1),
        issuing_agency_name="北京市海淀区教育委员会",
    )
    RegistrationRecord.objects.create(
        certificate=certificate,
        conclusion=Conclusion.QUALIFIED,
        decided_on=datetime.date(2021, 11, 1),
        valid_from=datetime.date(2021, 11, 1),
        valid_until=datetime.date(2026, 10, 31),
        ordinal=1,
    )
    url = live_server.url
    page.goto(f"{url}/account/login/?next=/me/certificates/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("教师资格证书信息")
    expect(page.get_by_role("cell", name="2015*****08", exact=True)).to_be_visible()
    axe(page)
    shoot(page, "list")
    page.get_by_label("教师资格证书号码").fill("2005110021000000")
    page.get_by_role("button", name="查一查").click()
    expect(page.get_by_text("证书号码不是 15 位或 17 位数字")).to_be_visible()
    axe(page)
    shoot(page, "helper")
    page.get_by_role("link", name="查看详情").click()
    expect(page.get_by_text("20151100210000008")).to_be_visible()
    expect(page.get_by_text("第 1 次")).to_be_visible()
    axe(page)
    shoot(page, "detail")


def test_a_third_party_queries_with_captcha_and_sms_and_the_holder_sees_it(page: Page, live_server, axe, shoot):
    from e2e.outbox import last_sms_code

    teacher = ApplicantFactory(name="薛明")
    CertificateFactory(
        number_as_printed="20151100210000011",
        holder=teacher,
        holder_name="薛明",
        holder_document_number=teacher.document_number,
        issued_on=datetime.date(2015, 7, 1),
        issuing_agency_name="北京市海淀区教育委员会",
    )
    url = live_server.url
    page.goto(f"{url}/certificate-query/")
    page.get_by_role("link", name="开始其他查询").click()
    page.get_by_label("姓名").fill("薛明")
    page.get_by_label("身份证件号码").fill(teacher.document_number)
    page.get_by_label("教师资格证书号码").fill("20151100210000011")
    page.get_by_label("手机号码").fill("13912345678")
    solve_slider(page, url)
    axe(page)
    shoot(page, "third-party-form")
    page.get_by_role("button", name="发送短信验证码").click()
    page.get_by_label("短信验证码").fill(last_sms_code("13912345678"))
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_text("薛*")).to_be_visible()
    expect(page.get_by_text("北京市海淀区教育委员会")).to_be_visible()
    axe(page)
    shoot(page, "third-party-result")

    # The holder signs in and sees the lookup with the requester's phone masked.
    page.context.clear_cookies()
    page.goto(f"{url}/account/login/?next=/me/certificates/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_role("link", name="查看详情").click()
    expect(page.get_by_text("查询人手机 139****78")).to_be_visible()
    shoot(page, "holder-sees-lookup")
