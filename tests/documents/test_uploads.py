"""P13 upload checks against the bad inputs of security.md §4.4 that apply to scans, and the
applicant-photo spec's boundaries. Every image is made here with Pillow and byte patching."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from teacherreg.documents.uploads import UPLOAD_SPECS, validate_image, validate_scan
from tests.documents.images import gps_exif, jpeg, markers, noisy_jpeg, other_format, padded, with_declared_size

APP1, APP2, COM = 0xE1, 0xE2, 0xFE


def upload(data: bytes, name: str = "scan.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(data: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_scan(upload(data, **kwargs))
    return caught.value


# ----------------------------------------------------------------------------------------
# The spec object holds P13's numbers


def test_the_spec_holds_the_numbers_of_p13():
    photo, scan = UPLOAD_SPECS.applicant_photo, UPLOAD_SPECS.scan
    assert (photo.width, photo.height) == ((290, 300), (408, 418))
    assert (photo.min_bytes, photo.max_bytes) == (51_200, 204_800)
    assert photo.max_declared_pixels == 1_000_000
    assert photo.accepted_modes == {"RGB"} and not photo.converted_modes
    assert scan.max_bytes == 194_560
    assert scan.max_declared_pixels == 12_000_000
    assert (scan.width, scan.height) == (None, None)


# ----------------------------------------------------------------------------------------
# Bad inputs (security.md §4.4)

HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
PHP = b"<?php system($_GET['c']); ?>"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        pytest.param(b"", "upload_empty", "文件是空的", id="zero-byte"),
        pytest.param(b"\xff", "upload_not_jpeg", "不是 JPEG", id="one-byte"),
        pytest.param(other_format("PNG"), "upload_not_jpeg", "不是 JPEG", id="png-as-jpg"),
        pytest.param(other_format("GIF"), "upload_not_jpeg", "不是 JPEG", id="gif-as-jpg"),
        pytest.param(other_format("WEBP"), "upload_not_jpeg", "不是 JPEG", id="webp-as-jpg"),
        pytest.param(other_format("BMP"), "upload_not_jpeg", "不是 JPEG", id="bmp-as-jpg"),
        pytest.param(other_format("TIFF"), "upload_not_jpeg", "不是 JPEG", id="tiff-as-jpg"),
        pytest.param(HEIC, "upload_not_jpeg", "不是 JPEG", id="heic-as-jpg"),
        pytest.param(HTML, "upload_not_jpeg", "不是 JPEG", id="html-as-jpg"),
        pytest.param(SVG, "upload_not_jpeg", "不是 JPEG", id="svg-as-jpg"),
        pytest.param(PHP, "upload_not_jpeg", "不是 JPEG", id="php-as-jpg"),
        pytest.param(jpeg()[:-2], "upload_damaged", "不完整或已损坏", id="truncated-no-eoi"),
        pytest.param(jpeg()[: len(jpeg()) * 6 // 10], "upload_damaged", "不完整或已损坏", id="truncated-60-percent"),
        pytest.param(
            jpeg().replace(b"\xff\xc0", b"\xff\xc3", 1), "upload_damaged", "不完整或已损坏", id="lossless-sof3"
        ),
        pytest.param(padded(jpeg(), 194_561), "upload_too_large", "190 KB（194,560 字节）", id="one-byte-over-190kb"),
        pytest.param(noisy_jpeg(), "upload_too_large", "190 KB", id="large-photo"),
        pytest.param(
            with_declared_size(jpeg((64, 64)), 12_000, 12_000), "upload_too_many_pixels", "12,000,000", id="bomb-12000"
        ),
        pytest.param(
            with_declared_size(jpeg((64, 64)), 4_000, 3_001),
            "upload_too_many_pixels",
            "12,000,000",
            id="bomb-4000x3001",
        ),
        pytest.param(
            with_declared_size(jpeg((64, 64)), 65_000, 65_000), "upload_too_many_pixels", "12,000,000", id="bomb-65000"
        ),
    ],
)
def test_it_refuses_a_bad_scan_with_a_clear_message(data, code, words):
    error = refusal(data)

    assert error.code == code
    assert words in error.message


def test_it_refuses_a_pixel_bomb_before_decoding_anything(monkeypatch):
    def no_decoding(self):
        raise AssertionError("the pixels of a bomb must never be decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)

    assert refusal(with_declared_size(jpeg((64, 64)), 12_000, 12_000)).code == "upload_too_many_pixels"


def test_it_ignores_the_client_content_type_and_the_file_name():
    assert refusal(other_format("PNG"), name="photo.jpg", content_type="image/jpeg").code == "upload_not_jpeg"
    # A real JPEG is accepted whatever it is called.
    for name in ("scan.png", "SCAN.JPG", "scan", "../../etc/passwd.jpg", "a.php%00.jpg"):
        assert validate_scan(upload(jpeg(), name=name, content_type="application/octet-stream"))[:2] == b"\xff\xd8"


# ----------------------------------------------------------------------------------------
# Accepted inputs come back re-encoded, with nothing but the pixels


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_it_accepts_a_plain_scan_and_returns_a_fresh_jpeg():
    out = validate_scan(upload(jpeg((640, 400))))

    image = decoded(out)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (640, 400))
    assert len(out) <= 194_560


def test_it_accepts_exactly_190_kb():
    out = validate_scan(upload(padded(jpeg(), 194_560)))

    assert not out.endswith(b"\0")  # the padding did not survive re-encoding


def test_it_accepts_exactly_12_million_declared_pixels():
    data = jpeg((4000, 3000), mode="L", quality=30)
    assert len(data) <= 194_560

    out = validate_scan(upload(data))

    assert decoded(out).size[0] * decoded(out).size[1] <= 12_000_000


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(jpeg(exif=gps_exif()), id="exif-with-gps"),
        pytest.param(jpeg(comment=b"<script>alert(1)</script>"), id="comment-with-script"),
        pytest.param(jpeg(icc_profile=b"\0" * 60_000), id="huge-icc-profile"),
        pytest.param(jpeg() + b"PK\x03\x04" + b"zip payload" * 50, id="zip-appended"),
        pytest.param(jpeg() + PHP, id="php-appended"),
    ],
)
def test_it_strips_metadata_comments_and_appended_data(data):
    out = validate_scan(upload(data))

    assert not {APP1, APP2, COM} & set(markers(out))
    assert b"GPS" not in out and b"PhoneMaker" not in out
    assert b"<script>" not in out and b"PK\x03\x04" not in out and b"<?php" not in out
    assert out.endswith(b"\xff\xd9")
    assert decoded(out).info.get("exif") is None


def test_it_applies_the_exif_orientation_before_dropping_it():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display

    out = validate_scan(upload(jpeg((640, 400), exif=exif)))

    assert decoded(out).size == (400, 640)


def test_it_keeps_greyscale_and_converts_cmyk_scans_to_rgb():
    assert decoded(validate_scan(upload(jpeg(mode="L")))).mode == "L"
    assert decoded(validate_scan(upload(jpeg(mode="CMYK")))).mode == "RGB"


def test_it_accepts_a_progressive_jpeg():
    assert decoded(validate_scan(upload(jpeg(progressive=True)))).format == "JPEG"


def test_a_large_detailed_scan_is_brought_under_the_limit():
    # Random pixels fit 190 KB only at a small size or a low quality.
    data = noisy_jpeg((420, 420), quality=75)
    assert len(data) <= 194_560

    out = validate_scan(upload(data))

    assert len(out) <= 194_560


def test_it_takes_raw_bytes_too():
    assert validate_scan(jpeg())[:2] == b"\xff\xd8"


# ----------------------------------------------------------------------------------------
# The applicant photo spec (used by the application's photo step)

PHOTO = UPLOAD_SPECS.applicant_photo


def photo(size=(295, 413), **kwargs) -> bytes:
    return padded(jpeg(size, **kwargs), 60_000)


@pytest.mark.parametrize("size", [(290, 408), (300, 418), (295, 413), (291, 409), (299, 417)])
def test_a_photo_inside_the_window_is_accepted(size):
    assert decoded(validate_image(photo(size), PHOTO)).size == size


@pytest.mark.parametrize(
    ("size", "code"),
    [
        ((289, 413), "upload_width"),
        ((301, 413), "upload_width"),
        ((295, 407), "upload_height"),
        ((295, 419), "upload_height"),
    ],
)
def test_a_photo_outside_the_window_is_refused(size, code):
    with pytest.raises(ValidationError) as caught:
        validate_image(photo(size), PHOTO)
    assert caught.value.code == code


@pytest.mark.parametrize(("total", "accepted"), [(51_199, False), (51_200, True), (204_800, True), (204_801, False)])
def test_the_photo_size_limits_are_inclusive_with_kb_of_1024_bytes(total, accepted):
    data = padded(jpeg((295, 413)), total)
    if accepted:
        validate_image(data, PHOTO)
    else:
        with pytest.raises(ValidationError):
            validate_image(data, PHOTO)


def test_a_greyscale_photo_is_refused_with_a_request_for_colour_and_cmyk_as_uploaded():
    with pytest.raises(ValidationError) as grey:
        validate_image(photo(mode="L"), PHOTO)
    with pytest.raises(ValidationError) as cmyk:
        validate_image(photo(mode="CMYK"), PHOTO)

    assert (grey.value.code, grey.value.message) == (
        "upload_needs_colour",
        "请上传彩色照片，不能使用黑白（灰度）照片。",
    )
    assert cmyk.value.code == "upload_colour_mode"


def test_the_photo_is_measured_after_the_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 8
    # Stored 413 × 295, displayed 295 × 413.
    assert decoded(validate_image(photo((413, 295), exif=exif), PHOTO)).size == (295, 413)
