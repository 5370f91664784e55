"""数据导入 in a real browser (issue 6 item 6).

Given the office world, when 山东's province administrator signs in with the second factor,
opens 数据导入 and 年度考核, and uploads a file with a wrong check digit, a bad year and an
unknown grade, then the report lists each row and column with the number masked and nothing is
written; they upload the corrected file, see 检查通过 with two rows to add, commit, and see the
result. Every page is checked with axe and shot at 1280 and 360 px.
"""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Page, expect

from e2e.harness import settled
from teacherreg.profiles.models import AnnualAssessment
from tests.factories import PASSWORD
from tests.idnumbers import make_id_number
from tests.office.office_world import build_office_world

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, user, next_path: str) -> None:
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.get_by_label("登录名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="验证").click()
    settled(page)


def csv_file(text: str) -> dict:
    return {"name": "2024年度考核.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_a_province_administrator_fixes_a_file_from_the_report_and_imports_it(
    page: Page, live_server, axe, shoot, settings, tmp_path
):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    world = build_office_world()
    first, second = make_id_number(1, region="370102"), make_id_number(2, region="370102")
    wrong = second[:17] + ("0" if second[17] != "0" else "1")
    look = lambda name: (axe(page), shoot(page, name))  # noqa: E731

    sign_in(page, live_server.url, world.ours.staff["province_admin"], "/office/imports/")
    expect(page.get_by_role("heading", level=1, name="数据导入")).to_be_visible()
    look("index")

    page.get_by_role("link", name="年度考核").click()
    expect(page.get_by_role("heading", level=1, name="导入年度考核")).to_be_visible()
    look("kind")

    page.get_by_label("数据文件").set_input_files(
        csv_file(f"证件号码,姓名,年度,考核等次\n{first},王小明,2024,合格\n{wrong},李明,20x4,很好\n")
    )
    page.get_by_role("button", name="上传并检查").click()
    settled(page)
    expect(page.get_by_role("status")).to_contain_text("检查发现问题，数据没有导入")
    problems = page.get_by_role("table").filter(has_text="问题")
    expect(problems).to_contain_text("证件号码校验位不正确")
    expect(problems).to_contain_text("年度应为四位数字")
    expect(problems).to_contain_text("不是可选的值")
    expect(page.get_by_text(wrong)).to_have_count(0)
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert not AnnualAssessment.objects.exists()
    look("report")

    page.get_by_role("link", name="修改文件后重新上传").click()
    page.get_by_label("数据文件").set_input_files(
        csv_file(f"证件号码,姓名,年度,考核等次\n{first},王小明,2024,合格\n{second},李明,2024,优秀\n")
    )
    page.get_by_role("button", name="上传并检查").click()
    settled(page)
    expect(page.get_by_role("status")).to_contain_text("检查通过")
    expect(page.get_by_role("table").first).to_contain_text("2")
    look("checked")

    page.get_by_role("button", name="确认导入").click()
    settled(page)
    expect(page.get_by_text("已导入：新增 2 条，更新 0 条，无变化 0 条。").first).to_be_visible()
    assert AnnualAssessment.objects.count() == 2
    look("committed")

    page.get_by_role("link", name="数据导入").first.click()
    expect(page.get_by_role("cell", name="已导入")).to_be_visible()
    look("index-after")
