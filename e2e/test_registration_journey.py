"""The whole periodic-registration journey of issue 5 in one browser run, at 1280 px and again
at 360 px: window query → confirmation point → pre-check → step 1 → step 2 with the 所学专业
tree and a phone photo that fails the strict check and is fixed in the crop box → leave at
step 3 and resume on a fresh context → steps 3–6 → submit → step 7 → 查询报名信息 → the
申请表 PDF (rendered to PNG and looked at) → a message from the confirmation point, read and
answered. Screenshots at the width of the run; the 所学专业 picker also on its own, and once
without JavaScript."""

from __future__ import annotations

import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from e2e.harness import ARTIFACTS, DESKTOP, PHONE, choose_point, settled
from e2e.test_application_steps import _ready, _sign_in
from e2e.test_photo import crop_values, private_files  # noqa: F401  (the fixture keeps photos in tmp)
from teacherreg.documents.models import ApplicantPhoto
from teacherreg.reference.loader import load_reference
from teacherreg.registration.models import Application, Message
from teacherreg.registration.services.messages import post_staff_message
from tests.documents.photo_images import phone_jpeg
from tests.factories import CodeItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _world():
    """The steps world with the real 所学专业 catalogue, both 专业类别 and no photo yet."""
    ready = _ready()
    ApplicantPhoto.objects.filter(owner=ready.teacher).delete()  # this journey fixes its own
    load_reference(only=["majors"])
    CodeItemFactory(kind="major_category", code="normal", name="师范教育类", sort_order=1)
    CodeItemFactory(kind="major_category", code="non_normal", name="非师范教育类", sort_order=2)
    return ready


def _fill_step_two(page: Page, ready) -> None:
    page.get_by_label(f"选择 {ready.certificate.number_as_printed}").check()
    page.get_by_label("二级甲等", exact=False).first.check()
    page.get_by_label("大学本科", exact=False).first.check()
    page.get_by_label("学士", exact=False).first.check()
    page.locator("#id_graduation_school_query").fill("山东师范大学")
    page.get_by_label("毕业时间").fill("2008-07-01")
    page.get_by_label("学习形式").select_option(label="普通全日制")
    page.get_by_label("现任教学校").fill("济南市历下区实验小学")
    page.get_by_label("任教学校性质").select_option(label="公办")
    page.get_by_label("任教学校所在地").select_option(label="城市")
    page.get_by_label("开始参加工作时间").fill("2008-09-01")
    page.get_by_label("本单位聘用起始日期").fill("2010-09-01")
    page.get_by_label("教师职务").select_option(label="一级教师")
    page.get_by_label("岗位性质").select_option(label="在编在岗")
    page.get_by_label("政治面貌").select_option(label="群众")
    page.get_by_label("户籍所在地").fill("山东省济南市历下区")
    page.get_by_label("通讯邮编").fill("250014")
    page.get_by_label("通讯地址").fill("山东省济南市历下区文化东路1号")


def _pick_major(page: Page, shot) -> None:
    """The tree follows 专业类别: 经济学 is there until 师范教育类 is chosen; then 小学教育."""
    picker = page.locator("[data-major-picker]")
    major_filter = page.get_by_role("searchbox", name="所学专业")
    major_filter.fill("经济")
    expect(page.get_by_role("treeitem", name="经济统计学")).to_be_visible()
    page.get_by_label("最高学历专业类别").select_option(label="师范教育类")
    expect(picker.locator(".major-picker__empty")).to_contain_text("没有符合条件的专业。")
    major_filter.fill("小学")
    leaf = page.get_by_role("treeitem", name="小学教育", exact=True)
    expect(leaf).to_be_visible()
    leaf.click()
    expect(leaf).to_have_attribute("aria-selected", "true")
    expect(picker.locator("[data-major-chosen]")).to_have_text("已选择：教育学 › 教育学类 › 小学教育")
    # Cleared, the filter gives back the tree, open along the choice.
    major_filter.fill("")
    expect(page.get_by_role("treeitem", name="文学", exact=True)).to_be_visible()
    expect(page.get_by_role("treeitem", name="教育学类")).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("treeitem", name="经济学", exact=True)).to_be_hidden()
    shot(picker, "major-picker")
    # By keyboard: Tab enters the tree on the choice; ← goes up, ← closes, → opens, → goes in.
    category = page.get_by_role("treeitem", name="教育学类")
    major_filter.press("Tab")
    expect(leaf).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(category).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(category).to_have_attribute("aria-expanded", "false")
    expect(leaf).to_be_hidden()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("treeitem", name="教育学", exact=True).nth(1)).to_be_focused()  # 040101, not 04
    expect(leaf).to_have_attribute("aria-selected", "true")  # moving does not choose


def _fix_phone_photo(page: Page, axe, shot) -> None:
    """A 3000 × 4000 phone photo stored sideways (EXIF 6): refused as it is, fixed in the crop box."""
    expect(page.get_by_role("heading", level=1)).to_have_text("报名照片")
    photo = {"name": "IMG_2048.JPG", "mimeType": "image/jpeg", "buffer": phone_jpeg((3000, 4000))}
    page.get_by_label("照片文件").set_input_files(photo)
    page.get_by_role("button", name="上传并检查").click()
    # A real phone file fails on its size first (the strict check stops at the first rule).
    expect(page.get_by_role("alert")).to_contain_text("文件超过了 200 KB（204,800 字节）的上限")
    shot(page, "photo-refused")
    page.get_by_role("link", name="帮我处理").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("帮我处理照片")
    expect(page.locator("[data-photo-crop]")).to_have_attribute("data-crop-ready", "true")
    box = page.get_by_role("group", name="裁剪框", exact=True)
    box.focus()
    start = crop_values(page)
    for _ in range(4):
        box.press("-")
    box.press("ArrowDown")
    assert crop_values(page)[2] < start[2]
    axe(page)
    shot(page, "photo-crop")
    page.get_by_role("button", name="生成照片").click()
    # The working copy of a large photo is scaled down before cropping; the result is the strict size.
    expect(page.get_by_role("img", name="处理后的报名照片")).to_be_visible()
    expect(page.get_by_text("处理后（295×413 像素")).to_be_visible()
    shot(page, "photo-before-after")
    page.get_by_role("button", name="使用这张照片").click()


def _look_without_script(browser: Browser, page: Page, url: str, size: dict, shot) -> None:
    """The same step 2 in a browser without JavaScript: the grouped list holds the choice."""
    plain = browser.new_context(viewport=size, locale="zh-CN", timezone_id="Asia/Shanghai", java_script_enabled=False)
    try:
        plain.add_cookies(page.context.cookies())
        bare = plain.new_page()
        bare.goto(f"{url}/me/registration/steps/2/")
        select = bare.get_by_role("combobox", name="所学专业")
        expect(select.locator("option:checked")).to_have_text("小学教育")
        expect(select.locator('optgroup[label="教育学 › 教育学类"]')).to_have_count(1)
        expect(select.locator("option", has_text="经济学")).to_have_count(0)  # 师范教育类 narrows it
        shot(bare, "step2-no-script")  # (axe needs script to run, so it checks the enhanced page only)
    finally:
        plain.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "360"])
def test_an_applicant_registers_from_the_window_query_to_the_answered_message(
    page: Page, live_server, browser: Browser, axe, shoot, size
):
    ready = _world()
    world, url, width = ready.world, live_server.url, size["width"]
    page.set_viewport_size(size)

    def shot(target: Page | Locator, step: str) -> None:
        """A page at this run's width (the ``shoot`` fixture), or one element of it."""
        if isinstance(target, Page):
            shoot(target, step, sizes=(size,))
        else:
            target.screenshot(path=ARTIFACTS / f"journey--{width}-{step}.png")

    # Window query, confirmation point, pre-check.
    _sign_in(page, url, ready, "/me/registration/apply/")
    choose_point(page, world)
    axe(page)
    shot(page, "window-query")
    page.get_by_role("button", name="定期注册报名").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("资格预检")
    axe(page)
    shot(page, "precheck")
    page.get_by_role("button", name="继续").click()

    # Step 1.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤1：网上申报协议")
    page.get_by_label("已阅读并完全同意").check()
    shot(page, "step1")
    page.get_by_role("button", name="下一步").click()

    # Step 2: the fields, the 所学专业 tree, 保存草稿, then the photo.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤2：填写注册信息")
    settled(page)
    _fill_step_two(page, ready)
    _pick_major(page, shot)
    axe(page)
    shot(page, "step2")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("小学教育", exact=True).first).to_be_attached()
    if width == DESKTOP["width"]:
        _look_without_script(browser, page, url, size, shot)
    page.get_by_role("link", name="上传照片").click()
    _fix_phone_photo(page, axe, shot)

    # Back on step 2 with the fixed photo and everything saved before; on to step 3.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤2：填写注册信息")
    expect(page.get_by_role("img", name="已确认使用的个人照片")).to_be_visible()
    expect(page.get_by_label("现任教学校")).to_have_value("济南市历下区实验小学")
    expect(page.locator("[data-major-chosen]")).to_have_text("已选择：教育学 › 教育学类 › 小学教育")
    page.get_by_role("button", name="下一步").click()

    # Step 3, then the applicant leaves.
    expect(page.get_by_role("heading", level=1)).to_have_text("步骤3：选择注册机构")
    expect(page.get_by_label("历下区确认点（文化东路）")).to_be_checked()
    axe(page)
    shot(page, "step3")
    page.context.close()

    # Another device: a fresh context resumes at the first incomplete step.
    context = browser.new_context(viewport=size, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        _sign_in(page, url, ready, "/me/registration/steps/")
        expect(page.get_by_role("heading", level=1)).to_have_text("步骤3：选择注册机构")
        page.get_by_label("现任教学科").select_option(label="语文")
        page.get_by_role("button", name="下一步").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("步骤4：确认申报信息")
        expect(page.get_by_text("小学教育", exact=True).first).to_be_visible()
        axe(page)
        shot(page, "step4")
        page.get_by_role("button", name="下一步").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("步骤5：注意事项")
        page.get_by_role("button", name="下一步").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("步骤6：提交注册申请")
        page.get_by_label("同意", exact=True).check()
        page.get_by_role("button", name="提交").click()

        # Step 7.
        expect(page.get_by_role("heading", level=1)).to_have_text("步骤7：申报提醒")
        app = Application.objects.get(applicant=ready.teacher)
        expect(page.locator("#application-number")).to_have_text(app.number)
        assert app.major.name == "小学教育" and app.photo
        axe(page)
        shot(page, "step7")

        # 查询报名信息, and the 申请表 from the list.
        page.get_by_role("link", name="查询报名信息").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("查询报名信息")
        row = page.get_by_role("row").filter(has_text=app.number)
        expect(row.get_by_role("cell", name="网报待确认")).to_be_visible()
        axe(page)
        shot(page, "list")
        with page.expect_download() as download_info:
            row.get_by_role("link", name=f"申请表下载 {app.number}").click()
        pdf = ARTIFACTS / f"journey--{width}-application-form.pdf"
        download_info.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        png = ARTIFACTS / f"journey--{width}-application-form"
        command = ["/usr/bin/pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(png)]
        subprocess.run(command, check=True)  # noqa: S603 (a fixed tool on our own file)
        assert png.with_suffix(".png").stat().st_size > 10_000

        # A message from the confirmation point, read and answered.
        post_staff_message(app, author=None, organisation=app.confirmation_point, body="请在确认时带上学历证书原件。")
        page.reload()
        row = page.get_by_role("row").filter(has_text=app.number)
        row.get_by_role("link", name=f"有留言（1 条未读） {app.number}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("留言")
        expect(page.get_by_text("请在确认时带上学历证书原件。")).to_be_visible()
        page.get_by_label("回复内容").fill("好的，确认时一并带上。")
        page.get_by_role("button", name="发送").click()
        expect(page.get_by_text("留言已发送。")).to_be_visible()
        expect(page.get_by_text("好的，确认时一并带上。")).to_be_visible()
        axe(page)
        shot(page, "messages")
        staff = Message.objects.get(application=app, from_applicant=False)
        assert staff.read_at is not None and staff.read_at <= timezone.now()
        assert Message.objects.get(application=app, from_applicant=True).to_organisation == app.confirmation_point
    finally:
        context.close()
