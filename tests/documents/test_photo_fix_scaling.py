""" "Fix it for me" (P13) takes shortcuts to be fast: a JPEG is decoded at a reduced scale, the
working copy is turned upright after it is shrunk, a large box is decoded from the working
copy at a reduced scale, and the JPEG quality and the grain are searched with few encodings.
These tests pin what the shortcuts must never give up: enough pixels, the right way up, the
exact size limits of the result."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat, JpegImagePlugin

from teacherreg.documents import photo_fix
from teacherreg.documents.photo_fix import (
    GRAIN_OVERSHOOT,
    MIN_CROP_WIDTH,
    RENDER_MARGIN,
    WORKING_MAX_SIDE,
    Crop,
    default_crop,
    encode_within,
    prepare_original,
    render,
    render_scale,
    working_size,
)
from tests.documents.images import jpeg, with_declared_size
from tests.documents.photo_images import ORIENTATION, encode, noisy, phone_jpeg, portrait

OUT_WIDTH, OUT_HEIGHT = 295, 413
MIN_BYTES, MAX_BYTES = 80 * 1024, 180 * 1024
RED, BLUE = (220, 20, 20), (20, 40, 200)
# What each EXIF orientation means (the EXIF standard, written out here rather than taken from
# the code under test): how the upright picture was turned to be stored.
STORED_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def assert_is_the_p13_result(result: bytes) -> None:
    image = Image.open(io.BytesIO(result))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (OUT_WIDTH, OUT_HEIGHT))
    assert MIN_BYTES <= len(result) <= MAX_BYTES
    assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info


def marked(size: tuple[int, int]) -> Image.Image:
    """A portrait with a red block at the top left and a blue one at the bottom right: which
    way up and which way round it is shows at a glance."""
    picture = portrait(size)
    width, height = size
    picture.paste(RED, (0, 0, width // 5, height // 5))
    picture.paste(BLUE, (width - width // 5, height - height // 5, width, height))
    return picture


def stored_with(upright: Image.Image, orientation: int) -> bytes:
    turn = STORED_AS[orientation]
    stored = upright.transpose(turn) if turn is not None else upright
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return encode(stored, "JPEG", quality=90, exif=exif.tobytes())


def rms_difference(one: Image.Image, other: Image.Image) -> list[float]:
    return ImageStat.Stat(ImageChops.difference(one, other)).rms


def near(colour: tuple[int, ...], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(colour, expected, strict=True))


@pytest.fixture
def drafts(monkeypatch) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Every JPEG draft as (size before, size it will decode at)."""
    seen: list[tuple[tuple[int, int], tuple[int, int]]] = []
    original = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        before = self.size
        result = original(self, mode, size)
        seen.append((before, self.size))
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    return seen


# ----------------------------------------------------------------------------------------
# The upload is decoded at a reduced scale, never below the working copy's size


@pytest.mark.parametrize(
    "size",
    [(4000, 3000), (3000, 4000), (4032, 3024), (3264, 2448), (4000, 5000), (6000, 8000), (7071, 7071), (1601, 1201)],
)
def test_the_draft_never_leaves_fewer_pixels_than_the_working_copy(size):
    image = Image.open(io.BytesIO(with_declared_size(jpeg((64, 48)), *size)))
    wanted = working_size(size)
    assert max(wanted) == WORKING_MAX_SIDE
    image.draft("RGB", wanted)  # header only: the draft just says what it would decode
    assert image.size[0] >= wanted[0] and image.size[1] >= wanted[1]
    # … and it took the largest scale that does (by Pillow's whole-pixel reckoning).
    scale = round(size[0] / image.size[0])
    assert scale == 8 or size[0] // wanted[0] < 2 * scale or size[1] // wanted[1] < 2 * scale


def test_a_12_mp_phone_photo_is_decoded_at_half_scale_and_shrunk_to_the_working_copy(drafts):
    working = prepare_original(phone_jpeg((3000, 4000)))
    assert drafts[0] == ((4000, 3000), (2000, 1500))  # stored sideways, as phones do
    assert (working.width, working.height) == (1200, 1600)


# ----------------------------------------------------------------------------------------
# The right way up: every EXIF orientation, turned after shrinking


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_ends_upright(orientation):
    working = prepare_original(stored_with(marked((600, 800)), orientation))
    assert (working.width, working.height) == (600, 800)
    picture = Image.open(io.BytesIO(working.jpeg)).convert("RGB")
    assert near(picture.getpixel((30, 30)), RED)
    assert near(picture.getpixel((570, 770)), BLUE)


@pytest.fixture(scope="module")
def large_upright() -> Image.Image:
    # 2,700 × 3,600: decoded at 1/2 (1,350 × 1,800), then shrunk, then turned.
    return marked((2700, 3600))


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_a_large_turned_photo_is_upright_after_the_draft(drafts, large_upright, orientation):
    working = prepare_original(stored_with(large_upright, orientation))
    assert drafts[0][1] in {(1350, 1800), (1800, 1350)}
    assert (working.width, working.height) == (1200, 1600)
    picture = Image.open(io.BytesIO(working.jpeg)).convert("RGB")
    assert near(picture.getpixel((60, 60)), RED) and near(picture.getpixel((1140, 1540)), BLUE)


def test_the_working_copy_is_what_turning_then_shrinking_the_whole_photo_gives(large_upright):
    data = stored_with(large_upright, 6)
    ours = Image.open(io.BytesIO(prepare_original(data).jpeg)).convert("RGB")
    plain = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).resize(ours.size, Image.Resampling.LANCZOS)
    # The filters differ by about 1 level (RMS); a shift of one pixel alone makes about 7.
    assert max(rms_difference(ours, plain)) < 3


# ----------------------------------------------------------------------------------------
# The box is decoded at a reduced scale only with a margin over the output


@pytest.mark.parametrize("width", [MIN_CROP_WIDTH, 295, 516, 517, 800, 1032, 1033, 1142, 1600, 2066, 2100])
def test_the_render_scale_keeps_the_margin_and_is_the_largest_that_does(width):
    crop = Crop(0, 0, width)
    scale = render_scale(crop)
    assert scale in {1, 2, 4, 8}
    if scale > 1:
        assert crop.width / scale >= RENDER_MARGIN * OUT_WIDTH and crop.height / scale >= RENDER_MARGIN * OUT_HEIGHT
    if scale < 8:
        bigger = 2 * scale
        assert crop.width / bigger < RENDER_MARGIN * OUT_WIDTH or crop.height / bigger < RENDER_MARGIN * OUT_HEIGHT


@pytest.mark.parametrize(
    ("crop", "decoded"),
    [
        (Crop(29, 0, 1142), (600, 800)),  # head and shoulders of a portrait working copy: 1/2
        (Crop(300, 200, 600), (1200, 1600)),  # a tight box is decoded whole
        (Crop(500, 600, MIN_CROP_WIDTH), (1200, 1600)),
    ],
)
def test_render_decodes_the_working_copy_with_enough_pixels_for_the_box(drafts, crop, decoded):
    working = prepare_original(encode(portrait((1200, 1600)), "JPEG", quality=90))
    drafts.clear()
    result = render(working.jpeg, crop)
    assert_is_the_p13_result(result)
    size = drafts[0][1] if drafts else (working.width, working.height)
    assert size == decoded
    kept = crop.width * size[0] / working.width
    assert kept >= min(crop.width, RENDER_MARGIN * OUT_WIDTH)


def test_a_box_decoded_at_half_scale_gives_what_a_full_decode_gives(monkeypatch):
    working = prepare_original(encode(marked((1200, 1600)), "JPEG", quality=92))
    crop = Crop(29, 0, 1142)
    assert render_scale(crop) == 2
    half = Image.open(io.BytesIO(render(working.jpeg, crop))).convert("RGB")
    monkeypatch.setattr(photo_fix, "render_scale", lambda crop: 1)
    full = Image.open(io.BytesIO(render(working.jpeg, crop))).convert("RGB")
    # Under one level apart (RMS); the box one pixel off would make about 15.
    assert max(rms_difference(half, full)) < 2


def test_a_box_outside_the_picture_is_still_a_p13_photo():
    working = prepare_original(encode(portrait((600, 840)), "JPEG", quality=90))
    assert_is_the_p13_result(render(working.jpeg, Crop(-20, -20, 400)))


def test_the_same_box_gives_the_same_file():
    working = prepare_original(phone_jpeg((900, 1200)))
    crop = default_crop(working.width, working.height)
    assert render(working.jpeg, crop) == render(working.jpeg, crop)


# ----------------------------------------------------------------------------------------
# Every kind of input still ends as the P13 photo


INPUTS = {
    "12MP-phone-sideways": lambda: phone_jpeg((3000, 4000)),
    "12MP-landscape": lambda: encode(portrait((4000, 3000)), "JPEG", quality=92),
    "orientation-8": lambda: stored_with(portrait((1200, 1600)), 8),
    "small": lambda: encode(portrait((320, 448)), "JPEG", quality=90),
    "smallest": lambda: encode(portrait((MIN_CROP_WIDTH, 207)), "JPEG", quality=95),
    "png-white-wall": lambda: encode(portrait((1200, 1600), background=(250, 250, 250)), "PNG", compress_level=1),
}


@pytest.mark.parametrize("name", INPUTS)
def test_every_input_ends_as_the_p13_photo_for_any_box(name):
    working = prepare_original(INPUTS[name]())
    assert max(working.width, working.height) <= WORKING_MAX_SIDE
    largest = default_crop(working.width, working.height)
    small = Crop(largest.x, largest.y, max(MIN_CROP_WIDTH, largest.width // 3))
    for crop in (largest, small):
        assert_is_the_p13_result(render(working.jpeg, crop))


# ----------------------------------------------------------------------------------------
# The size search: exact, and with few encodings


@pytest.fixture
def encodings(monkeypatch) -> list[int]:
    qualities: list[int] = []
    original = photo_fix._encode

    def counting(picture, quality):
        qualities.append(quality)
        return original(picture, quality)

    monkeypatch.setattr(photo_fix, "_encode", counting)
    return qualities


def busy(amount: float) -> Image.Image:
    picture = portrait((OUT_WIDTH, OUT_HEIGHT))
    return Image.blend(picture, Image.effect_noise(picture.size, 64).convert("RGB"), amount)


@pytest.mark.parametrize(
    ("picture", "limit"), [(busy(0.8), MAX_BYTES), (busy(1.0), 120 * 1024), (noisy((295, 413)), MAX_BYTES)]
)
def test_the_quality_search_finds_the_highest_quality_that_fits(encodings, picture, limit):
    sizes = {quality: len(photo_fix._encode(picture, quality)) for quality in range(10, 101)}
    highest = max(quality for quality, size in sizes.items() if size <= limit)
    encodings.clear()
    result = encode_within(picture, 0, limit)
    assert len(result) == sizes[highest]
    assert len(encodings) <= 9  # what bisecting 10…100 took: 100, 10 and seven more


@pytest.mark.parametrize(
    "picture",
    [
        pytest.param(portrait((OUT_WIDTH, OUT_HEIGHT)), id="phone-like"),
        pytest.param(portrait((OUT_WIDTH, OUT_HEIGHT), background=(250, 250, 250)), id="white-wall"),
        pytest.param(Image.new("RGB", (OUT_WIDTH, OUT_HEIGHT), (128, 128, 128)), id="flat-grey"),
    ],
)
def test_a_smooth_picture_gets_just_enough_grain_in_few_encodings(encodings, picture):
    assert len(photo_fix._encode(picture, 100)) < MIN_BYTES
    encodings.clear()
    result = encode_within(picture, MIN_BYTES, MAX_BYTES)
    assert MIN_BYTES <= len(result) <= MIN_BYTES * (1 + GRAIN_OVERSHOOT)
    assert len(encodings) <= 5
