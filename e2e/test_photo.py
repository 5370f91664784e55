"""The photo step (P13): a phone photo is refused as uploaded, fixed in the crop box (by
keyboard and by mouse), compared before/after, accepted, and shown as the photo in use."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.captcha import solve_slider
from teacherreg.documents.models import ApplicantPhoto, latest_photo
from tests.documents.photo_images import phone_jpeg
from tests.factories import PASSWORD, ApplicantFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


def crop_values(page: Page) -> tuple[int, int, int]:
    return tuple(int(page.locator(f'[data-crop="{name}"]').input_value()) for name in ("x", "y", "width"))


def test_a_phone_photo_is_fixed_in_the_crop_box_and_accepted(page: Page, live_server, axe, shoot):
    teacher = ApplicantFactory(name="薛明")
    url = live_server.url
    page.goto(f"{url}/account/login/?next=/me/registration/photo/")
    page.get_by_label("证件号码").fill(teacher.document_number)
    page.locator("#id_password").fill(PASSWORD)
    solve_slider(page, url)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("报名照片")
    axe(page)
    shoot(page, "start")

    # A 1200 × 1600 phone photo, stored sideways with EXIF orientation 6 and a GPS position.
    photo = {"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": phone_jpeg((1200, 1600))}
    page.get_by_label("照片文件").set_input_files(photo)
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("alert")).to_contain_text("照片宽度是 1200 像素，应在 290 到 300 像素之间。")
    expect(page.get_by_text("不用重新选择文件")).to_be_visible()
    axe(page)
    shoot(page, "refused")

    page.get_by_role("link", name="帮我处理").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("帮我处理照片")
    expect(page.locator("[data-photo-crop]")).to_have_attribute("data-crop-ready", "true")
    assert crop_values(page) == (29, 0, 1142)  # the upright picture, the largest centred box

    # Keyboard: shrink, then move down and right.
    box = page.get_by_role("group", name="裁剪框", exact=True)
    box.focus()
    for _ in range(6):
        box.press("-")
    box.press("ArrowDown")
    box.press("Shift+ArrowRight")
    x, y, width = crop_values(page)
    assert width < 1142 and y > 0
    after_keys = (x, y, width)

    # Mouse: drag the box up and to the left.
    area = box.bounding_box()
    assert area is not None
    page.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] / 2 - 40, area["y"] + area["height"] / 2 - 25, steps=8)
    page.mouse.up()
    moved = crop_values(page)
    assert moved[0] < after_keys[0] and moved[1] < after_keys[1] and moved[2] == after_keys[2]
    axe(page)
    shoot(page, "crop")

    page.get_by_role("button", name="生成照片").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("确认报名照片")
    expect(page.get_by_text("处理前（1200×1600 像素）")).to_be_visible()
    expect(page.get_by_role("img", name="处理后的报名照片")).to_be_visible()
    assert ApplicantPhoto.objects.get(owner=teacher).accepted_at is None
    axe(page)
    shoot(page, "before-after")

    page.get_by_role("button", name="使用这张照片").click()
    expect(page.get_by_text("照片已确认使用。")).to_be_visible()
    expect(page.get_by_role("img", name="正在使用的报名照片")).to_be_visible()
    accepted = latest_photo(teacher)
    assert accepted is not None and (accepted.width, accepted.height, accepted.source) == (295, 413, "fixed")
    axe(page)
    shoot(page, "accepted")
