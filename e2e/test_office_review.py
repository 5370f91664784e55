"""The review chain in a real browser (issue 6 item 4, "Done means").

Given a confirmed application of 历下区 whose teacher's last registration runs until a date
four months ahead, when the county's reviewer proposes 注册合格 and publishes it, then the
public 公示 list shows it with the name masked, and anyone may object there (the objection
reaches the reviewers, not the applicant). When the 公示 is over (the clock moves on and the
nightly job runs), the city agrees, and the province decides 注册合格, then the applicant sees
注册合格 with the P18 validity — from the day after the last registration's end, five years —
in their list and in the certificate's registration history ("第 2 次"). Screenshots at 1280 and
360 px; axe on every new page.
"""

from __future__ import annotations

import datetime
import re

import pyotp
import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from e2e.harness import settled
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.common.dates import today
from teacherreg.organisations.models import OrgLevel
from teacherreg.registration.services.review_notice import end_due_notices
from teacherreg.registration.workflow import Status
from tests.factories import (
    PASSWORD,
    ApplicantFactory,
    ApplicationFactory,
    ArrangementFactory,
    CertificateFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _world():
    day = today()
    province = OrganisationFactory(level=OrgLevel.PROVINCE, name="山东省教育厅")
    city = OrganisationFactory(level=OrgLevel.CITY, name="济南市教育局", parent=province)
    county = OrganisationFactory(level=OrgLevel.COUNTY, name="济南市历下区教育和体育局", parent=city)
    point = OrganisationFactory(level=OrgLevel.CONFIRMATION_POINT, name="历下区确认点（文化东路）", parent=county)
    arrangement = ArrangementFactory(
        point=point,
        window__batch__agency=county,
        window__batch__plan__province=province,
        window__batch__plan__year=day.year,
        window__batch__plan__starts_on=day - datetime.timedelta(days=60),
        window__batch__plan__ends_on=day + datetime.timedelta(days=90),
        window__batch__plan__notice_days=7,
        window__starts_on=day - datetime.timedelta(days=40),
        window__ends_on=day - datetime.timedelta(days=20),
        confirm_from=day - datetime.timedelta(days=40),
        confirm_until=day - datetime.timedelta(days=10),
    )
    teacher = ApplicantFactory(name="薛明")
    certificate = CertificateFactory(holder=teacher)
    previous_end = day + datetime.timedelta(days=120)
    RegistrationRecord.objects.create(
        certificate=certificate,
        conclusion=Conclusion.QUALIFIED,
        ordinal=1,
        decided_on=previous_end.replace(year=previous_end.year - 5),
        valid_from=previous_end.replace(year=previous_end.year - 5) + datetime.timedelta(days=1),
        valid_until=previous_end,
    )
    app = ApplicationFactory(
        applicant=teacher,
        certificate=certificate,
        arrangement=arrangement,
        status=Status.CONFIRMED,
        number=f"{day.year}37010200007",
        current_school="济南市历下区文化东路小学",
    )
    staff = {}
    for role, org in (("county_reviewer", county), ("city_reviewer", city), ("province_reviewer", province)):
        member = StaffFactory(username=f"lixia-{role}", name=f"{org.name}审核员", totp_secret=pyotp.random_base32())
        MembershipFactory(user=member, organisation=org, role=role)
        staff[role] = member
    return app, county, staff, previous_end


def _staff_sign_in(page: Page, base: str, user, next_path: str = "/office/review/") -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.get_by_label("登录名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="验证").click()
    settled(page)


def test_a_case_goes_from_the_county_proposal_to_the_provinces_conclusion(page: Page, live_server, axe, shoot):
    app, county, staff, previous_end = _world()
    base = live_server.url
    look = lambda name: (settled(page), axe(page), shoot(page, name))  # noqa: E731

    # 初审: the county proposes 注册合格.
    _staff_sign_in(page, base, staff["county_reviewer"])
    expect(page.get_by_role("heading", level=1)).to_have_text("注册审核：初审")
    row = page.locator("table.review-queue tbody tr").filter(has_text=app.number)
    expect(row).to_contain_text("薛明")
    look("county-queue")
    row.get_by_role("link", name=app.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("薛明")
    look("county-case")
    page.get_by_role("button", name="提出初审意见").click()
    expect(page.get_by_role("alert")).to_contain_text("请选择注册意见")  # nothing chosen yet
    look("county-case-refused")
    page.get_by_role("group", name="注册意见").get_by_label("注册合格").check()
    page.get_by_role("textbox", name="意见").fill("师德考核合格，年度考核均为合格以上，培训学时 380 学时。")
    page.get_by_role("button", name="提出初审意见").click()
    expect(page.get_by_text(f"已提出 {app.number} 的初审意见", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="发布公示")).to_be_visible()

    # 公示: published from today for the plan's seven days.
    page.get_by_role("link", name="公示管理").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("公示管理")
    page.get_by_role("checkbox", name=f"选择 {app.number}").check()
    look("notices")
    page.get_by_role("button", name="发布所选申请的公示").click()
    expect(page.get_by_text("公示已发布：1 份", exact=False)).to_be_visible()
    expect(page.locator("#running-heading + div table")).to_contain_text(app.number)
    look("notices-published")

    # The public list: the name masked, an objection link per case.
    page.context.clear_cookies()
    page.goto(base + reverse("notices:agency", args=[county.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("定期注册公示")
    public_row = page.locator("table.notice-list tbody tr").filter(has_text=app.number)
    expect(public_row).to_contain_text("薛*")
    expect(public_row).not_to_contain_text("薛明")
    expect(public_row).to_contain_text("拟注册合格")
    look("public-list")
    page.get_by_role("link", name="其他注册机构的公示").click()
    expect(page.get_by_role("link", name=county.name)).to_be_visible()
    look("public-index")
    page.get_by_role("link", name=county.name).click()
    public_row = page.locator("table.notice-list tbody tr").filter(has_text=app.number)
    public_row.get_by_role("link", name=re.compile("提出异议")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("对公示的申请提出异议")
    page.get_by_role("button", name="提交异议").click()
    expect(page.get_by_text("请填写异议内容。").first).to_be_visible()
    page.get_by_label("异议内容").fill("该教师 2025 年度年度考核情况与公示不符，请核实。")
    solve_slider(page, base)
    look("objection")
    page.get_by_role("button", name="提交异议").click()
    expect(page.get_by_text("您的异议已提交给", exact=False)).to_be_visible()

    app.refresh_from_db()
    with time_machine.travel(app.notice_ends_on + datetime.timedelta(days=1), tick=True):
        # The 公示 is over: the nightly job sends the case up to 复核.
        assert end_due_notices() == 1
        decided_on = today()

        # 复核: the city agrees.
        _staff_sign_in(page, base, staff["city_reviewer"])
        expect(page.get_by_role("heading", level=1)).to_have_text("注册审核：复核")
        page.get_by_role("link", name=app.number).click()
        expect(page.get_by_role("cell", name="初审意见：拟注册合格")).to_be_visible()
        expect(page.get_by_text("该教师 2025 年度年度考核情况与公示不符，请核实。")).to_be_visible()
        look("city-case")
        page.get_by_role("button", name="同意初审意见，报送终审").click()
        expect(page.get_by_text(f"已同意 {app.number} 的初审意见", exact=False)).to_be_visible()

        # 终审: the province decides.
        _staff_sign_in(page, base, staff["province_reviewer"])
        page.get_by_role("link", name=app.number).click()
        page.get_by_role("group", name="注册意见").get_by_label("注册合格").check()
        page.get_by_role("button", name="作出注册结论").click()
        expect(page.get_by_text(f"已作出 {app.number} 的注册结论：注册合格", exact=False)).to_be_visible()
        timeline = page.locator(".case-timeline")
        expect(timeline).to_contain_text("终审结论：注册合格")
        expect(timeline).to_contain_text("公示中 → 复核中")
        look("province-decided")

        # The applicant sees 注册合格 with the P18 validity, in the list and in the certificate.
        start = previous_end + datetime.timedelta(days=1)
        end = start.replace(year=start.year + 5) - datetime.timedelta(days=1)
        assert start > decided_on  # renewed early: the new validity follows on from the old
        page.context.clear_cookies()
        page.goto(f"{base}/account/login/?next=/me/registration/applications/")
        page.get_by_label("证件号码").fill(app.applicant.document_number)
        page.locator("#id_password").fill(PASSWORD)
        solve_slider(page, base)
        page.get_by_role("button", name="登录", exact=True).click()
        page.goto(base + reverse("applicant:applications"))
        row = page.get_by_role("row").filter(has_text=app.number)
        expect(row).to_contain_text("注册合格")
        expect(row).to_contain_text(f"有效期 {start:%Y-%m-%d} 至 {end:%Y-%m-%d}")
        look("applicant-list")

        page.goto(base + reverse("applicant:certificate_detail", args=[app.certificate_id]))
        history = page.get_by_role("row").filter(has_text=f"{start:%Y-%m-%d} – {end:%Y-%m-%d}")
        expect(history).to_contain_text("注册合格")
        expect(history).to_contain_text("第 2 次")
        look("certificate-history")
