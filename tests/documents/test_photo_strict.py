"""The strict check of the applicant photo (P13) at every boundary, and the bad inputs of
security.md §4.4 that apply to it. Each case states the expected code and message by hand."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from teacherreg.documents.uploads import UPLOAD_SPECS, validate_image
from tests.documents.images import jpeg, markers, noisy_jpeg, padded, with_declared_size
from tests.documents.photo_images import ORIENTATION, encode, zip_bytes

PHOTO = UPLOAD_SPECS.applicant_photo
APP1, APP2, COM = 0xE1, 0xE2, 0xFE


def photo(size=(295, 413), total=60_000, **kwargs) -> bytes:
    return padded(jpeg(size, **kwargs), total)


def refused(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_image(data, PHOTO)
    return caught.value


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# ----------------------------------------------------------------------------------------
# Bytes: 50 KB – 200 KB inclusive, KB = 1,024 bytes


@pytest.mark.parametrize(("total", "accepted"), [(51_199, False), (51_200, True), (204_800, True), (204_801, False)])
def test_the_size_window_is_51200_to_204800_bytes_inclusive(total, accepted):
    data = photo(total=total)
    assert len(data) == total
    if accepted:
        assert decoded(validate_image(data, PHOTO)).size == (295, 413)
    else:
        error = refused(data)
        expected = (
            ("upload_too_small", "文件小于 50 KB（51,200 字节）的下限。")
            if total < 51_200
            else ("upload_too_large", "文件超过了 200 KB（204,800 字节）的上限，请压缩后再上传。")
        )
        assert (error.code, error.messages[0]) == expected


# ----------------------------------------------------------------------------------------
# Pixels: width 290–300, height 408–418 inclusive


@pytest.mark.parametrize("width", [290, 291, 299, 300])
def test_widths_inside_the_window_pass(width):
    assert decoded(validate_image(photo((width, 413)), PHOTO)).size == (width, 413)


@pytest.mark.parametrize("height", [408, 409, 417, 418])
def test_heights_inside_the_window_pass(height):
    assert decoded(validate_image(photo((295, height)), PHOTO)).size == (295, height)


@pytest.mark.parametrize(
    ("size", "code", "message"),
    [
        ((289, 413), "upload_width", "照片宽度是 289 像素，应在 290 到 300 像素之间。"),
        ((301, 413), "upload_width", "照片宽度是 301 像素，应在 290 到 300 像素之间。"),
        ((295, 407), "upload_height", "照片高度是 407 像素，应在 408 到 418 像素之间。"),
        ((295, 419), "upload_height", "照片高度是 419 像素，应在 408 到 418 像素之间。"),
    ],
)
def test_one_pixel_outside_the_window_is_refused_with_the_measured_value(size, code, message):
    error = refused(photo(size))
    assert (error.code, error.messages[0]) == (code, message)


# ----------------------------------------------------------------------------------------
# Format, completeness, colour


def test_a_png_renamed_jpg_is_refused():
    data = padded(encode(Image.new("RGB", (295, 413), (200, 30, 60)), "PNG"), 60_000)
    assert 51_200 <= len(data) <= 204_800
    error = refused(data)
    assert error.code == "upload_not_jpeg"
    assert "只改文件扩展名不能改变格式" in error.messages[0]


def test_a_truncated_jpeg_is_refused_after_decoding():
    whole = noisy_jpeg((295, 413), quality=95)
    assert len(whole) > 70_000
    error = refused(whole[:60_000])  # no end-of-image marker, half the scan missing
    assert (error.code, error.messages[0]) == (
        "upload_damaged",
        "图片文件不完整或已损坏，无法读取，请重新拍摄或扫描后上传。",
    )


def test_a_cmyk_photo_is_refused_as_uploaded():
    error = refused(photo(mode="CMYK"))
    assert (error.code, error.messages[0]) == (
        "upload_colour_mode",
        "不支持这种颜色模式（CMYK）的图片，请上传普通的彩色 JPEG 图片。",
    )


def test_a_greyscale_photo_is_refused_asking_for_colour():
    error = refused(photo(mode="L"))
    assert (error.code, error.messages[0]) == ("upload_needs_colour", "请上传彩色照片，不能使用黑白（灰度）照片。")


# ----------------------------------------------------------------------------------------
# EXIF orientation is applied before measuring


def _oriented(stored_size, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return photo(stored_size, exif=exif)


def test_a_413_by_295_picture_with_orientation_6_counts_as_295_by_413():
    stored = validate_image(_oriented((413, 295), 6), PHOTO)
    image = decoded(stored)
    assert image.size == (295, 413)
    assert ORIENTATION not in image.getexif()  # turned upright, then the EXIF dropped


def test_a_295_by_413_picture_with_orientation_6_is_measured_as_413_wide():
    error = refused(_oriented((295, 413), 6))
    assert (error.code, error.messages[0]) == ("upload_width", "照片宽度是 413 像素，应在 290 到 300 像素之间。")


# ----------------------------------------------------------------------------------------
# Pixel bomb and polyglot


def test_a_tiny_file_declaring_12000_by_12000_is_refused_without_decoding(monkeypatch):
    tiny = with_declared_size(jpeg((8, 8)), 12_000, 12_000)
    medium = padded(with_declared_size(jpeg((8, 8)), 5000, 4000), 60_000)
    assert len(tiny) < 1_000
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded a pixel bomb"))
    assert refused(tiny).code == "upload_too_small"
    # Padded into the size window, it is the declared pixel count that refuses it (Pillow's
    # header check, made an error, before our own window is even looked at).
    error = refused(padded(tiny, 60_000))
    assert (error.code, error.messages[0]) == (
        "upload_too_many_pixels",
        "图片的像素过多（上限 1,000,000 像素），请缩小后再上传。",
    )
    # A smaller declared size goes through the width check instead: still no decoding.
    assert refused(medium).code == "upload_width"


def test_a_polyglot_jpeg_with_a_zip_appended_is_stored_without_the_zip():
    body = jpeg((295, 413), exif=_exif_with_gps(), comment=b"<script>alert(1)</script>")
    data = padded(body + zip_bytes(), 60_000)
    stored = validate_image(data, PHOTO)
    assert b"PK\x03\x04" not in stored and b"shell.php" not in stored and b"<script>" not in stored
    assert stored.endswith(b"\xff\xd9")  # nothing after the end-of-image marker
    assert not {APP1, APP2, COM} & set(markers(stored))
    assert decoded(stored).size == (295, 413)


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (39.0, 54.0, 27.0)
    return exif
