""" "Fix it for me" (P13): what it accepts, what it refuses before decoding, and what it makes
(exactly 295 × 413, 80–180 KB, no metadata), plus the service that keeps and forgets files."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.utils import timezone
from PIL import Image, JpegImagePlugin

from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.documents import photo_fix, photos
from teacherreg.documents.models import ApplicantPhoto, PhotoOriginal, PhotoSource, latest_photo
from teacherreg.documents.photo_fix import (
    HEIC_SUPPORTED,
    LIGHT_BACKGROUND,
    MIN_CROP_WIDTH,
    Crop,
    border_luminance,
    clamp_crop,
    default_crop,
    encode_within,
    has_dark_background,
    prepare_original,
    render,
)
from tests.documents.images import jpeg, markers, padded, with_declared_size
from tests.documents.photo_images import encode, noisy, phone_jpeg, portrait
from tests.factories import ApplicantFactory

APP1, APP2, COM = 0xE1, 0xE2, 0xFE
MB15 = 15 * 1024 * 1024


def made(data: bytes, crop: Crop | None = None) -> bytes:
    working = prepare_original(data)
    return render(working.jpeg, crop or default_crop(working.width, working.height))


def assert_is_the_p13_result(result: bytes) -> None:
    image = Image.open(io.BytesIO(result))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.size == (295, 413)
    assert 80 * 1024 <= len(result) <= 180 * 1024
    assert not {APP1, APP2, COM} & set(markers(result))
    assert not image.getexif() and "icc_profile" not in image.info and "exif" not in image.info
    assert result.endswith(b"\xff\xd9")


def refusal(data: bytes) -> DomainError:
    with pytest.raises(DomainError) as caught:
        prepare_original(data)
    return caught.value


# ----------------------------------------------------------------------------------------
# Inputs


def test_a_phone_photo_is_turned_upright_scaled_and_stripped():
    data = phone_jpeg((1200, 1600))
    assert Image.open(io.BytesIO(data)).size == (1600, 1200)  # stored sideways
    working = prepare_original(data)
    assert (working.width, working.height, working.source_format) == (1200, 1600, "JPEG")
    assert not {APP1, APP2, COM} & set(markers(working.jpeg))  # the GPS position is gone at once
    assert_is_the_p13_result(render(working.jpeg, default_crop(1200, 1600)))


def test_a_png_with_transparency_is_laid_on_white():
    picture = portrait((900, 1200)).convert("RGBA")
    picture.putalpha(Image.new("L", picture.size, 0))  # fully transparent: only the white remains
    working = prepare_original(encode(picture, "PNG"))
    assert working.source_format == "PNG"
    result = render(working.jpeg, default_crop(working.width, working.height))
    assert_is_the_p13_result(result)
    assert border_luminance(result) > 245


@pytest.mark.skipif(not HEIC_SUPPORTED, reason="pillow-heif is not installed")
def test_a_heic_photo_is_accepted():
    data = encode(portrait((400, 560)), "HEIF", quality=90)
    assert data[4:8] == b"ftyp"
    working = prepare_original(data)
    assert (working.source_format, working.width, working.height) == ("HEIF", 400, 560)
    assert_is_the_p13_result(render(working.jpeg, default_crop(400, 560)))


def test_a_cmyk_jpeg_becomes_rgb():
    data = encode(portrait((600, 800), mode="CMYK"), "JPEG", quality=90)
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    assert_is_the_p13_result(made(data))


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    calls = []
    original_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = original_draft(self, mode, size)
        calls.append((size, result))
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    working = prepare_original(encode(portrait((4000, 5000)), "JPEG", quality=85))
    assert calls and calls[0][1] is not None  # the decoder was told to scale by 1/2
    assert (working.width, working.height) == (1280, 1600)


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        pytest.param(b"", "upload_empty", "文件是空的，请重新选择。", id="empty"),
        pytest.param(
            b"<html><script>alert(1)</script></html>",
            "photo_fix_not_image",
            "无法识别这个文件。“帮我处理”只接受 JPEG、PNG 或 HEIC（苹果手机）格式的照片。",
            id="html",
        ),
        pytest.param(
            encode(Image.new("RGB", (600, 800), "red"), "GIF"),
            "photo_fix_not_image",
            "无法识别这个文件。“帮我处理”只接受 JPEG、PNG 或 HEIC（苹果手机）格式的照片。",
            id="gif",
        ),
        pytest.param(
            encode(portrait((600, 800), mode="L"), "JPEG"),
            "photo_fix_needs_colour",
            "这是一张黑白（灰度）照片，无法转成彩色。请换一张彩色照片。",
            id="greyscale",
        ),
        pytest.param(
            encode(portrait((100, 140)), "JPEG"),
            "photo_fix_image_too_small",
            "照片只有 100×140 像素，太小了，裁剪后会很模糊。请换一张宽至少 148 像素、高至少 207 像素的照片。",
            id="too-small",
        ),
    ],
)
def test_what_it_cannot_use_is_refused_clearly(data, code, message):
    error = refusal(data)
    assert (error.code, error.message) == (code, message)


@pytest.mark.parametrize("size", [(800, 1000), (3300, 4000)], ids=["decoded-whole", "decoded-with-draft"])
def test_a_truncated_jpeg_is_refused(size):
    data = encode(portrait(size), "JPEG", quality=90)
    error = refusal(data[: len(data) // 2])
    assert (error.code, error.message) == (
        "photo_fix_damaged",
        "照片文件不完整或已损坏，无法读取。请重新拍摄或从原始照片重新导出后上传。",
    )


def test_15_mb_is_the_limit_with_mb_of_1024_kb():
    at_limit = padded(phone_jpeg((600, 800)), MB15)
    assert len(at_limit) == 15_728_640
    assert prepare_original(at_limit).width == 600
    error = refusal(at_limit + b"\0")
    assert (error.code, error.message) == (
        "photo_fix_too_large",
        "照片文件超过了 15 MB（15,728,640 字节），无法处理。请在手机上导出较小尺寸的照片后再上传。",
    )


def test_the_declared_pixels_are_bounded_before_decoding(monkeypatch):
    small = jpeg((64, 64))
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded an oversized picture"))
    over = refusal(with_declared_size(small, 7072, 7071))  # 50,006,112 pixels
    assert (over.code, over.message) == (
        "photo_fix_too_many_pixels",
        "照片的像素过多（上限 50,000,000 像素），无法处理。请导出较小尺寸的照片后再上传。",
    )
    assert refusal(with_declared_size(small, 12_000, 12_000)).code == "photo_fix_too_many_pixels"
    # 49,999,041 pixels pass the header check.
    assert photo_fix._open(with_declared_size(small, 7071, 7071)).size == (7071, 7071)


# ----------------------------------------------------------------------------------------
# The crop box


def test_the_default_crop_is_the_largest_centred_box_of_the_aspect():
    assert default_crop(1200, 1600) == Crop(29, 0, 1142)
    assert default_crop(1600, 1200) == Crop(371, 0, 857)
    assert Crop(29, 0, 1142).height == 1599


@pytest.mark.parametrize(
    ("crop", "expected"),
    [
        (Crop(-50, -80, 400), Crop(0, 0, 400)),
        (Crop(1100, 1500, 400), Crop(800, 1040, 400)),
        (Crop(10, 10, 5000), Crop(10, 1, 1142)),
    ],
)
def test_a_box_outside_the_picture_is_brought_back_inside(crop, expected):
    assert clamp_crop(crop, 1200, 1600) == (expected, True)


def test_a_box_inside_is_kept_and_a_tiny_one_refused():
    assert clamp_crop(Crop(100, 200, 600), 1200, 1600) == (Crop(100, 200, 600), False)
    with pytest.raises(DomainError) as caught:
        clamp_crop(Crop(100, 200, MIN_CROP_WIDTH - 1), 1200, 1600)
    assert caught.value.message == "裁剪框太小（宽 147 像素，至少要 148 像素），放大后照片会模糊。请把裁剪框放大一些。"


def test_the_chosen_box_is_what_the_photo_shows():
    picture = Image.new("RGB", (1000, 1400), (255, 255, 255))
    picture.paste((200, 0, 0), (500, 0, 1000, 1400))  # right half red
    working = prepare_original(encode(picture, "PNG"))
    left = Image.open(io.BytesIO(render(working.jpeg, Crop(0, 0, 400))))
    right = Image.open(io.BytesIO(render(working.jpeg, Crop(550, 0, 400))))
    assert left.getpixel((147, 200))[1] > 200 and right.getpixel((147, 200))[1] < 60


# ----------------------------------------------------------------------------------------
# The encoder and the background


def test_a_flat_picture_still_reaches_80_kb_and_noise_stays_under_180_kb():
    flat = encode_within(Image.new("RGB", (295, 413), (250, 250, 250)), 80 * 1024, 180 * 1024)
    busy = encode_within(noisy((295, 413)), 80 * 1024, 180 * 1024)
    for result in (flat, busy):
        assert 80 * 1024 <= len(result) <= 180 * 1024
    # The grain that brought the flat one up is faint: the picture is still white.
    assert border_luminance(flat) >= 245


def test_a_dark_background_is_a_warning_and_a_light_one_is_not():
    dark = made(encode(portrait((600, 840), background=(40, 90, 160)), "PNG"))
    light = made(encode(portrait((600, 840), background=(240, 240, 240)), "PNG"))
    assert border_luminance(dark) < LIGHT_BACKGROUND <= border_luminance(light)
    assert has_dark_background(dark) and not has_dark_background(light)
    assert_is_the_p13_result(dark)  # a warning, never a refusal


# ----------------------------------------------------------------------------------------
# The service: originals, results, acceptance, forgetting after a day


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path / "private"


@pytest.mark.django_db
def test_fix_accept_and_forget_the_rest(private_root):
    teacher = ApplicantFactory()
    earlier = photos.store_checked(teacher, padded(jpeg((295, 413)), 60_000))
    photos.accept(teacher, earlier)
    original = photos.store_original(teacher, phone_jpeg((1200, 1600)))
    result, clamped = photos.make_fixed(teacher, original, Crop(-10, 0, 700))
    assert clamped and (result.source, result.width, result.height) == (PhotoSource.FIXED, 295, 413)
    assert result.accepted_at is None and result.original == original
    assert latest_photo(teacher) == earlier  # not used until accepted

    photos.accept(teacher, result)

    assert latest_photo(teacher) == result
    assert not PhotoOriginal.objects.filter(owner=teacher).exists()
    assert ApplicantPhoto.objects.filter(owner=teacher).count() == 2  # the earlier accepted one stays
    files = [p.name for p in private_root.rglob("*") if p.is_file()]
    assert len(files) == 2 and all(name.endswith(".jpg") and len(name) == 36 for name in files)
    assert AuditEvent.objects.filter(action="photo_accepted", object_ref=str(result.pk)).exists()
    with pytest.raises(DomainError) as twice:
        photos.accept(teacher, result)
    assert twice.value.code == "photo_not_pending"


@pytest.mark.django_db
def test_one_original_at_a_time_and_nothing_kept_beyond_a_day(private_root):
    teacher = ApplicantFactory()
    first = photos.store_original(teacher, phone_jpeg((900, 1200)))
    second = photos.store_original(teacher, phone_jpeg((900, 1200)))
    assert list(PhotoOriginal.objects.filter(owner=teacher)) == [second]
    assert not PhotoOriginal.objects.filter(pk=first.pk).exists()
    photos.make_fixed(teacher, second, Crop(0, 0, 800))

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23, minutes=59)):
        assert photos.purge_expired() == 0
        assert photos.pending_original(teacher, second.pk) == second
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        assert photos.pending_original(teacher, second.pk) is None
        assert photos.purge_expired() == 2
    assert not PhotoOriginal.objects.exists() and not ApplicantPhoto.objects.exists()
    assert not [p for p in private_root.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_another_applicants_original_cannot_be_used():
    owner, other = ApplicantFactory(), ApplicantFactory()
    original = photos.store_original(owner, phone_jpeg((900, 1200)))
    assert photos.pending_original(other, original.pk) is None
    with pytest.raises(DomainError):
        photos.make_fixed(other, original, Crop(0, 0, 800))
