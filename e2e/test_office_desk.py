"""The confirmation-point desk in a real browser (issue 6 item 3).

Given an operator of 历下区确认点 with a bound authenticator, and applications waiting at the
point, when they sign in with password and code, then the work queue opens. When they "scan"
an application's QR code (a keyboard-wedge scanner types what the code holds, the case URL,
and presses Enter), then the case page opens with the photo, the checks and the materials
checklist; ticking every item and confirming sends them back to the queue with the case
confirmed, and the roster lists it. Screenshots at 1280 and 360 px; axe on every page.
"""

from __future__ import annotations

import datetime
import re

import pyotp
import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from e2e.harness import settled
from teacherreg.certificates.models import CertificateSource, VerificationState
from teacherreg.common.dates import today
from teacherreg.demo.staff import fixed_totp_secret
from teacherreg.organisations.models import OrgLevel
from teacherreg.registration.models import Application
from teacherreg.registration.pdf.content import case_url
from teacherreg.registration.services.confirmation import confirm_at_point
from teacherreg.registration.services.materials import materials_for
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
from tests.registration.steps_world import jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)

SEED = fixed_totp_secret("lixia-point")


def _point_with_cases():
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
        window__batch__plan__starts_on=day - datetime.timedelta(days=30),
        window__batch__plan__ends_on=day + datetime.timedelta(days=60),
        window__starts_on=day - datetime.timedelta(days=10),
        window__ends_on=day + datetime.timedelta(days=5),
        confirm_from=day - datetime.timedelta(days=10),
        confirm_until=day + datetime.timedelta(days=10),
    )
    operator = StaffFactory(username="lixia-point", name="王确认", totp_secret=SEED)
    MembershipFactory(user=operator, organisation=point, role="confirmation_operator")

    def case(n: int, name: str, certificate: dict | None = None, **kwargs) -> Application:
        teacher = ApplicantFactory(name=name)
        return ApplicationFactory(
            applicant=teacher,
            arrangement=arrangement,
            number=f"{day.year}37010200{n:03d}",
            current_school="济南市历下区文化东路小学",
            certificate=CertificateFactory(holder=teacher, **(certificate or {})),
            **kwargs,
        )

    scanned = case(
        3,
        "薛明",
        certificate={"source": CertificateSource.MANUAL, "verification_state": VerificationState.PENDING},
        precheck_findings=[
            {
                "code": "precheck_training_short",
                "severity": "warning",
                "params": {"start_year": day.year - 5, "hours": 240, "required": 360},
            }
        ],
    )
    scanned.photo.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)
    case(1, "欧阳明华")
    case(2, "李静", status=Status.RETURNED)
    earlier = case(4, "张伟")
    confirm_at_point(earlier, by=operator, organisation=point, checked=[m.code for m in materials_for(earlier)])
    return scanned


def _sign_in(page: Page, url: str) -> None:
    page.goto(url + "/admin/login/?next=/office/desk/")
    page.get_by_label("登录名").fill("lixia-point")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()


def test_an_operator_scans_a_qr_code_and_confirms_the_application(page: Page, live_server, axe, shoot):
    scanned = _point_with_cases()
    url = live_server.url

    _sign_in(page, url)
    expect(page).to_have_url(url + "/office/desk/")
    expect(page.get_by_role("heading", level=1, name="现场确认")).to_be_visible()
    settled(page)
    rows = page.locator("table.desk-queue tbody tr")
    expect(rows).to_have_count(3)  # 待确认 by default: the confirmed one is not listed
    expect(rows.first).to_contain_text("欧阳明华")
    row = rows.filter(has_text=scanned.number)
    expect(row).to_contain_text("证书待核对")
    expect(row).to_contain_text("预检提示 1 条")
    axe(page)
    shoot(page, "queue")
    page.locator("summary", has_text="筛选条件").click()
    expect(page.get_by_label("现任教学段")).to_be_visible()
    axe(page)
    shoot(page, "queue-filters")

    # The scanner types the QR code's content and Enter.
    search = page.get_by_role("searchbox", name="查找")
    search.fill(case_url(scanned))
    search.press("Enter")

    expect(page).to_have_url(f"{url}/office/desk/{scanned.number}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("薛明")
    expect(page.get_by_role("img", name="薛明报名时提交的照片")).to_be_visible()
    expect(page.get_by_text("这本证书是申请人手工添加的，尚未核验通过。", exact=False)).to_be_visible()
    expect(page.get_by_text("记录的培训学时共 240 学时", exact=False)).to_be_visible()
    settled(page)
    axe(page)
    shoot(page, "case")

    checklist = page.get_by_role("group", name="材料清单：逐项核对后勾选")
    boxes = checklist.get_by_role("checkbox")
    expect(boxes).to_have_count(6)
    # One item short first: the refusal names it and keeps the ticks.
    for index in range(5):
        boxes.nth(index).check()
    page.get_by_role("button", name="确认通过").click()
    expect(page.get_by_role("alert")).to_contain_text("还缺：培训证明")
    expect(boxes.nth(0)).to_be_checked()
    settled(page)
    shoot(page, "case-materials-missing", sizes=({"width": 1280, "height": 900},))
    boxes.nth(5).check()
    page.get_by_role("button", name="确认通过").click()

    expect(page).to_have_url(url + "/office/desk/")
    expect(page.get_by_text(f"已确认 {scanned.number}", exact=False)).to_be_visible()
    expect(page.locator("table.desk-queue tbody tr")).to_have_count(2)
    scanned.refresh_from_db()
    assert scanned.status == Status.CONFIRMED
    settled(page)
    axe(page)
    shoot(page, "queue-after-confirm")

    page.get_by_role("link", name="确认名单（可打印）").click()
    expect(page.get_by_role("heading", level=1, name="定期注册现场确认名单")).to_be_visible()
    roster_rows = page.locator("table.roster__table tbody tr")
    expect(roster_rows).to_have_count(2)
    expect(roster_rows.nth(0)).to_contain_text(scanned.number)  # system order, not confirmation order
    expect(page.get_by_role("button", name="打印名单")).to_be_visible()
    settled(page)
    axe(page)
    shoot(page, "roster")
    page.emulate_media(media="print")
    shoot(page, "roster-print", sizes=({"width": 1280, "height": 900},))
    page.emulate_media(media="screen")


def test_an_operator_confirms_a_schools_pile_at_once_with_a_result_per_case(page: Page, live_server, axe, shoot):
    _point_with_cases()
    url = live_server.url
    _sign_in(page, url)
    expect(page).to_have_url(url + "/office/desk/")
    settled(page)

    page.get_by_role("checkbox", name="全选本页待确认的申请").check()
    page.get_by_role("button", name="批量确认所选申请").click()
    expect(page.get_by_role("heading", level=1, name="批量确认")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(3)
    settled(page)
    axe(page)
    shoot(page, "bulk-review")

    # The applicant of 李静 edits the application while the operator looks at the list.
    changed = Application.objects.get(name="李静")
    Application.objects.filter(pk=changed.pk).update(version=changed.version + 1)
    page.get_by_role("button", name=re.compile(r"确认这 3 份申请")).click()
    expect(page.get_by_role("alert")).to_contain_text("请先勾选“所选申请的材料均已核对齐全”")
    page.get_by_label(re.compile("所选申请的材料均已核对齐全")).check()
    page.get_by_role("button", name=re.compile(r"确认这 3 份申请")).click()

    expect(page.get_by_role("heading", level=1, name="批量确认结果")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("确认 2 份，未确认 1 份")
    refused = page.get_by_role("row").filter(has_text=changed.number)
    expect(refused).to_contain_text("未确认")
    expect(refused).to_contain_text("在您勾选之后又有变动")
    settled(page)
    axe(page)
    shoot(page, "bulk-result")
    assert Application.objects.filter(status=Status.CONFIRMED).count() == 3
