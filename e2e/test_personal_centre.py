"""个人信息中心 (manual §2): an applicant signs in, sees the seven modules, opens 普通话证书信息
and enters a Mandarin certificate with a JPEG scan, which is then listed as 待核验.

Every page passes axe; each is shot at 1280 and 360 px.
"""

from __future__ import annotations

import datetime

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from tests.factories import (
    PASSWORD,
    ApplicantFactory,
    CodeItemFactory,
    ExamResultFactory,
    NationalDegreeFactory,
    NationalEducationFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SEVEN = (
    "个人身份信息",
    "教师资格考试信息",
    "普通话证书信息",
    "学历学籍信息",
    "学位证书信息",
    "教师资格证书信息",
    "其他证书信息",
)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def scan_file(tmp_path):
    """A JPEG that looks a little like a certificate, made here rather than committed."""
    image = Image.new("RGB", (900, 620), (250, 246, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 880, 600), outline=(150, 30, 30), width=8)
    for row in range(7):
        draw.rectangle((80, 120 + row * 55, 640 - row * 25, 138 + row * 55), fill=(80, 80, 80))
    draw.ellipse((660, 420, 820, 580), outline=(200, 40, 40), width=6)
    path = tmp_path / "putonghua.jpg"
    image.save(path, "JPEG", quality=85)
    return path


def test_an_applicant_enters_a_mandarin_certificate_from_the_centre(
    page: Page, live_server, axe, shoot, scan_file
) -> None:
    teacher = ApplicantFactory(name="薛明")
    for order, (code, name) in enumerate(
        [("1A", "一级甲等"), ("1B", "一级乙等"), ("2A", "二级甲等"), ("2B", "二级乙等")]
    ):
        CodeItemFactory(kind="mandarin_grade", code=code, name=name, sort_order=order)
    ExamResultFactory(person=teacher, subject_name="综合素质（小学）", score=98)
    ExamResultFactory(person=teacher, subject_name="教育教学知识与能力（小学）", score=87)
    NationalEducationFactory(person=teacher, graduated_on=datetime.date(2008, 7, 1))
    NationalDegreeFactory(person=teacher)

    url = live_server.url
    page.goto(f"{url}/account/login/?next=/me/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()

    # The centre: the seven modules of manual §2, in its order.
    expect(page.get_by_role("heading", level=1)).to_have_text("个人信息中心")
    modules = page.locator("#modules-heading + p + ol h3")
    expect(modules).to_have_text(list(SEVEN))
    expect(page.get_by_text("共 2 条记录")).to_be_visible()
    axe(page)
    shoot(page, "centre")

    page.get_by_role("link", name="教师资格考试信息").click()
    expect(page.get_by_role("cell", name="综合素质（小学）")).to_be_visible()
    axe(page)
    shoot(page, "exams")
    page.go_back()

    page.get_by_role("link", name="普通话证书信息").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("普通话证书信息")
    expect(page.get_by_text("暂时没有记录。")).to_be_visible()
    axe(page)
    shoot(page, "mandarin-empty")

    page.get_by_role("link", name="录入证书").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("录入普通话证书")
    page.get_by_label("等级").select_option(label="二级甲等")
    page.get_by_label("证书编号").fill("1121001900518")
    page.get_by_label("发证单位").fill("北京市语言文字工作委员会")
    page.get_by_label("证书扫描件").set_input_files(scan_file)
    # The date is forgotten: the form comes back with everything else kept.
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert")).to_contain_text("请填写日期。")
    expect(page.get_by_label("证书编号")).to_have_value("1121001900518")
    expect(page.get_by_text("请重新选择证书扫描件")).to_be_visible()
    axe(page)
    shoot(page, "mandarin-form-error")

    page.get_by_label("测试/发证日期").fill("2019-05-18")
    page.get_by_label("证书扫描件").set_input_files(scan_file)
    page.get_by_role("button", name="提交").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("普通话证书信息")
    expect(page.get_by_text("证书已录入，等待工作人员核验。")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="1121001900518")
    expect(row).to_contain_text("二级甲等")
    expect(row).to_contain_text("本人录入")
    expect(row).to_contain_text("待核验")
    axe(page)
    shoot(page, "mandarin-listed")

    # The owner opens the scan through the authorising view.
    with page.expect_popup() as popup:
        row.get_by_role("link", name="扫描件").click()
    scan = popup.value
    expect(scan.locator("img")).to_be_visible()
    scan.close()

    page.get_by_role("link", name="个人信息中心").first.click()
    card = page.locator("li").filter(has=page.get_by_role("link", name="普通话证书信息"))
    expect(card).to_contain_text("1 条待核验")
    shoot(page, "centre-after")


def test_the_education_form_offers_the_school_picker_and_lists_national_rows(page: Page, live_server, axe, shoot):
    teacher = ApplicantFactory(name="薛明")
    CodeItemFactory(kind="education_level", code="postgraduate", name="研究生", sort_order=0)
    CodeItemFactory(kind="study_form", code="full_time", name="普通全日制")
    NationalEducationFactory(person=teacher, graduated_on=datetime.date(2008, 7, 1))

    url = live_server.url
    page.goto(f"{url}/account/login/?next=/me/records/education/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("学历学籍信息")
    row = page.get_by_role("row").filter(has_text="北京师范大学")
    expect(row).to_contain_text("全国系统")
    expect(row).to_contain_text("不可修改")
    expect(row).to_contain_text("普通全日制")
    axe(page)
    shoot(page, "education-list")

    page.get_by_role("link", name="录入证书").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("录入学历")
    expect(page.get_by_text("毕业学校").first).to_be_visible()
    axe(page)
    shoot(page, "education-form")
