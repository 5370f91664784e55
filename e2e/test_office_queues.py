"""The review queues in a real browser (issue 6 item 9).

Given 山东's province administrator with a bound authenticator, a manual identity review and a
hand-added certificate waiting in 山东 (and a review waiting in 湖南, which they never see),
when they sign in, then the queue index lists every queue with its waiting count. They open
the identity review, look at both photos and approve it; they open the certificate, try to
refuse it without a reason (told to give one), then refuse it with a reason. Screenshots at
1280 and 360 px; axe on every page.
"""

from __future__ import annotations

import datetime

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.harness import settled
from teacherreg.certificates.models import VerificationState
from teacherreg.demo.staff import fixed_totp_secret
from teacherreg.identity.models import ReviewStatus
from teacherreg.organisations.models import OrgLevel
from teacherreg.reference.models import GraduationSchool
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, StaffFactory
from tests.office.queue_world import (
    applicant,
    identity_review,
    mandarin_entry,
    manual_certificate,
    proposed_school,
    province,
)

pytestmark = pytest.mark.django_db(transaction=True)

SEED = fixed_totp_secret("shandong-admin")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


def _world():
    national = OrganisationFactory(level=OrgLevel.NATIONAL, name="教育部教师资格认定指导中心", region=None)
    shandong = OrganisationFactory(level=OrgLevel.PROVINCE, name="山东省教育厅", region=province("37"), parent=national)
    admin = StaffFactory(username="shandong-admin", name="孙管理", totp_secret=SEED)
    MembershipFactory(user=admin, organisation=shandong, role="province_admin")
    yesterday = timezone.now() - datetime.timedelta(days=12)
    review = identity_review("37", name="欧阳明华", submitted_at=yesterday)
    identity_review("37", name="李静")
    identity_review("43", name="湘江")  # 湖南: not ours
    certificate = manual_certificate("37", holder_name="薛明")
    proposed_school("37", name="齐鲁师范学院（历城校区）")
    return review, certificate


def _sign_in(page: Page, url: str) -> None:
    page.goto(url + "/admin/login/?next=/office/queues/")
    page.get_by_label("登录名").fill("shandong-admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(SEED).now())
    page.get_by_role("button", name="验证").click()


def test_a_province_administrator_works_two_queues(page: Page, live_server, axe, shoot):
    review, certificate = _world()
    url = live_server.url

    _sign_in(page, url)
    expect(page).to_have_url(url + "/office/queues/")
    expect(page.get_by_role("heading", level=1, name="审核队列")).to_be_visible()
    identity_line = page.locator(".queue-index__item", has_text="人工审核")
    expect(identity_line).to_contain_text("待处理 2 条")
    expect(page.locator(".queue-index__item", has_text="手动添加证书核验")).to_contain_text("待处理 1 条")
    expect(page.locator(".queue-index__item", has_text="修改联系方式")).to_contain_text("来信来电时办理")
    settled(page)
    axe(page)
    shoot(page, "index")

    # 人工审核: the oldest first, with its clock; 湖南's review is not listed.
    page.get_by_role("link", name="人工审核", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="人工审核")).to_be_visible()
    rows = page.locator("table.queue-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("欧阳明华")
    expect(rows.first).to_contain_text("已超期")
    expect(page.locator("table.queue-table")).not_to_contain_text("湘江")
    settled(page)
    axe(page)
    shoot(page, "identity-list")

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"人工审核 #{review.pk}")
    expect(page.get_by_role("img", name="证件正面（人像面）")).to_be_visible()
    expect(page.get_by_role("img", name="证件反面（国徽面）")).to_be_visible()
    settled(page)
    axe(page)
    shoot(page, "identity-review")

    page.get_by_label("审核备注（申请人看不到）").fill("照片清晰，姓名与证件一致")
    page.get_by_role("button", name="审核通过").click()
    expect(page).to_have_url(url + "/office/queues/identity/")
    expect(page.get_by_role("status")).to_contain_text(f"人工审核 #{review.pk} 已通过")
    expect(page.locator("table.queue-table tbody tr")).to_have_count(1)
    settled(page)
    shoot(page, "identity-approved")
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED

    # 手动添加证书核验: a refusal needs a reason.
    page.get_by_role("link", name="审核队列").click()
    page.get_by_role("link", name="手动添加证书核验").click()
    expect(page.get_by_role("heading", level=1, name="手动添加证书核验")).to_be_visible()
    settled(page)
    axe(page)
    shoot(page, "certificate-list")
    page.locator("table.queue-table tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(certificate.number_as_printed)
    expect(page.get_by_role("img", name="证书照片")).to_be_visible()
    page.locator("summary", has_text="核验不通过").click()
    settled(page)
    axe(page)
    shoot(page, "certificate")

    page.get_by_role("button", name="核验不通过", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("请填写原因")
    settled(page)
    axe(page)
    shoot(page, "certificate-no-reason")
    page.get_by_label("不通过原因").fill("照片模糊，看不清证书号码，请重新拍摄")
    page.get_by_role("button", name="核验不通过", exact=True).click()
    expect(page).to_have_url(url + "/office/queues/certificates/")
    expect(page.get_by_role("status")).to_contain_text("核验不通过")
    settled(page)
    shoot(page, "certificate-refused")
    certificate.refresh_from_db()
    assert certificate.verification_state == VerificationState.REJECTED
    assert certificate.rejection_reason == "照片模糊，看不清证书号码，请重新拍摄"


def test_the_other_queues_pages_read_well(page: Page, live_server, axe, shoot):
    """The school, record and contact pages at both widths, each checked with axe."""
    _world()
    school = proposed_school("37", name="山东师大")
    GraduationSchool.objects.create(name="山东师范大学", province=province("37"))
    entry = mandarin_entry("37")
    teacher = applicant("37", name="薛明", phone="13611112222", email="xueming@example.cn")
    url = live_server.url
    _sign_in(page, url)
    expect(page).to_have_url(url + "/office/queues/")

    for name, path in (
        ("schools", "/office/queues/schools/"),
        ("school", f"/office/queues/schools/{school.pk}/?q=山东师"),
        ("records", "/office/queues/records/mandarin/"),
        ("record", f"/office/queues/records/mandarin/{entry.pk}/"),
        ("contacts", "/office/queues/contacts/"),
        ("contact", f"/office/queues/contacts/{teacher.pk}/"),
    ):
        page.goto(url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        settled(page)
        axe(page)
        shoot(page, name)
    expect(page.get_by_text("136****22")).to_be_visible()
