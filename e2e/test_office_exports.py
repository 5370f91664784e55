"""数据导出 in a real browser (issue 6 item 7; P23).

Given the office world with a 合格 case and its registration record in our region, when the
province administrator signs in and exports the 2026 applications, then the job page shows the
export done and the downloaded xlsx holds our region's cases with masked numbers. A job the
worker is still building shows its progress and, without a reload, the download button as soon
as the build ends (htmx asks every 2 s). The 注册结论贴 sheet is built the same way and served as
a PDF. Every page is checked with axe and shot at 1280 and 360 px.
"""

from __future__ import annotations

import datetime

import openpyxl
import pyotp
import pytest
from playwright.sync_api import Page, expect

from e2e.harness import settled
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.common.masking import mask
from teacherreg.exports import services
from teacherreg.exports.filters import snapshot
from teacherreg.exports.models import ExportJob, JobStatus
from teacherreg.office.scope import scope_for
from teacherreg.registration.workflow import Status
from tests.factories import PASSWORD, ApplicantFactory, ApplicationFactory, CertificateFactory
from tests.office.office_world import build_office_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


def sign_in(page: Page, base: str, user, next_path: str) -> None:
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.get_by_label("登录名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="验证").click()
    settled(page)


def _qualified_case(world):
    teacher = ApplicantFactory(name="欧阳明华")
    app = ApplicationFactory(
        applicant=teacher,
        arrangement=world.ours.application.arrangement,
        certificate=CertificateFactory(holder=teacher),
        status=Status.QUALIFIED,
    )
    RegistrationRecord.objects.create(
        certificate=app.certificate,
        ordinal=1,
        conclusion=Conclusion.QUALIFIED,
        decided_on=datetime.date(2026, 11, 20),
        valid_from=datetime.date(2026, 11, 20),
        valid_until=datetime.date(2031, 11, 19),
        agency=world.ours.county,
        application_number=app.number,
    )
    return app


def test_a_province_administrator_exports_applications_and_prints_stickers(page: Page, live_server, axe, shoot):
    world = build_office_world()
    qualified = _qualified_case(world)
    admin = world.ours.staff["province_admin"]
    look = lambda name: (settled(page), axe(page), shoot(page, name))  # noqa: E731

    sign_in(page, live_server.url, admin, "/office/exports/")
    expect(page.get_by_role("heading", level=1, name="数据导出")).to_be_visible()
    expect(page.get_by_role("group", name="完整导出（省级管理员）")).to_be_visible()
    expect(page.get_by_text("最近 7 天没有导出。")).to_be_visible()
    look("index")

    # A full export without a reason is refused; the choices stay.
    page.get_by_label("注册年度").first.select_option("2026")
    page.get_by_label("完整导出：证件号码和手机号码不打码").check()
    page.get_by_role("button", name="导出 Excel").click()
    expect(page.get_by_role("alert")).to_contain_text("完整导出须填写导出原因")
    expect(page.get_by_label("完整导出：证件号码和手机号码不打码")).to_be_checked()
    look("full-without-reason")

    # The masked export instead.
    page.get_by_label("完整导出：证件号码和手机号码不打码").uncheck()
    page.get_by_role("button", name="导出 Excel").click()
    expect(page.get_by_role("heading", level=1, name="定期注册申请（Excel）")).to_be_visible()
    expect(page.locator("#export-progress")).to_contain_text("已完成")
    expect(page.locator("#export-progress")).to_contain_text("共 2 条")
    look("done")

    with page.expect_download() as info:
        page.get_by_role("link", name="下载文件").click()
    download = info.value
    assert download.suggested_filename.startswith("applications-") and download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as saved:  # Playwright's copy has no extension
        sheet = openpyxl.load_workbook(saved).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "注册报名号"
    numbers = {row[0]: row for row in rows[1:3]}
    assert set(numbers) == {world.ours.application.number, qualified.number}
    assert numbers[qualified.number][4] == mask("document_number", qualified.document_number)
    assert numbers[qualified.number][12] == "注册合格"
    assert rows[-2][0].startswith(f"导出人：{admin.name}（{admin.username}）")

    # A job the worker is still on: progress, then the button appears without a reload.
    running = ExportJob.objects.create(
        owner=admin,
        kind="applications",
        scope=snapshot(scope_for(admin), ["province_admin"]),
        status=JobStatus.RUNNING,
        progress_done=3,
        progress_total=10,
    )
    page.goto(f"{live_server.url}/office/exports/{running.public_id}/")
    expect(page.locator("#export-progress")).to_contain_text("已处理 3 / 10 条（30%）")
    expect(page.get_by_role("link", name="刷新进度")).to_be_visible()
    look("progress")
    ExportJob.objects.filter(pk=running.pk).update(status=JobStatus.QUEUED)
    services.build_export(running.pk)
    expect(page.get_by_role("link", name="下载文件")).to_be_visible()
    expect(page.get_by_role("link", name="刷新进度")).to_have_count(0)
    look("progress-done")

    # The sticker sheet.
    page.get_by_role("link", name="返回数据导出").click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    look("index-with-jobs")
    page.get_by_role("button", name="生成注册结论贴").click()
    expect(page.get_by_role("heading", level=1, name="注册结论贴（PDF）")).to_be_visible()
    expect(page.locator("#export-progress")).to_contain_text("共 1 条")
    look("stickers-done")
    href = page.get_by_role("link", name="下载文件").get_attribute("href")
    answer = page.request.get(live_server.url + href)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "private, no-store"
    assert answer.body().startswith(b"%PDF")
