""" "Fix it for me" for the applicant photo (P13): the image work, without models or requests.

1. :func:`prepare_original` takes any JPEG, PNG or HEIC up to 15 MB and 50,000,000 declared
   pixels. Both limits are checked before a single pixel is decoded (the declared size comes
   from the header); a JPEG is decoded at a reduced scale with ``draft()`` when it is far
   larger than needed. CMYK and palettes become RGB, transparency is laid on white, the
   picture is shrunk and then turned upright by its EXIF orientation, and the result is a
   *working copy*: a JPEG of at most 1,600 px on the long side with no metadata at all.
   Only the working copy is ever stored — GPS positions and camera data in the upload are
   dropped at once.
2. The applicant places a crop box of the fixed aspect 295:413 on the working copy.
   :func:`clamp_crop` brings a box that strays outside the picture back inside (and says so);
   a box so small that the result would be blurred is refused.
3. :func:`render` cuts the box out, resizes it to exactly 295 × 413 and encodes it into
   80–180 KB by searching the JPEG quality (:func:`encode_within`), again with no metadata.
   A large box is decoded from the working copy at a reduced scale (:func:`render_scale`).
4. :func:`border_luminance` measures the background: a dark one is a warning, not a refusal.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from statistics import NormalDist
from typing import IO

from PIL import Image, ImageChops, ImageStat, UnidentifiedImageError

from teacherreg.common.errors import DomainError
from teacherreg.documents.uploads import KB, UPLOAD_SPECS, FixSpec

try:  # HEIC (iPhone photos). The package is in requirements.lock; without it HEIC is refused.
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - only when the optional decoder is missing
    HEIC_SUPPORTED = False

SPEC: FixSpec = UPLOAD_SPECS.photo_fix
# Long side of the stored working copy: enough detail for any sensible crop of a face.
WORKING_MAX_SIDE = 1600
# The filter that shrinks the decoded upload to the working copy. After a draft decode that
# shrink is by less than 2 (a 12 MP photo: 2,000 → 1,600 px) and is still the most expensive
# step of "fix it for me": on this machine 50 ms with LANCZOS, 41 with BICUBIC, 23 with BILINEAR
# (which, shrinking, still averages over the source pixels it covers). Against a LANCZOS working
# copy, the final 295 × 413 photo of the bench's phone picture differs by PSNR 50.6 dB with
# BILINEAR (51.9 with BICUBIC) for the default box and 47.9 dB (50.1) for a tight one: above the
# 47 dB the reduced decode in ``render`` is held to. Only a picture of 2-pixel lines 6 pixels
# apart showed a visible gap (35 against 39 dB), which a face does not have (issue 7).
WORKING_RESAMPLE = Image.Resampling.BILINEAR
# EXIF orientation → the transpose that turns the stored picture upright (the table of
# ImageOps.exif_transpose). It is applied after shrinking, so it moves fewer pixels.
ORIENTATION = 0x0112
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# A crop narrower than this would be enlarged more than twice: the result would be blurred.
MIN_CROP_WIDTH = (SPEC.output_size[0] + 1) // 2
# render decodes the working copy at 1/2, 1/4 or 1/8 scale only when the box keeps at least
# this many times the output's pixels on each side; the final LANCZOS does the rest. On the
# same test picture the result then differs from a full decode by PSNR ≥ 47 dB (about one
# level of 255, RMS): less than the grain encode_within adds to a smooth photo. Below 1.5×
# the difference passes 44 dB and keeps growing, so the margin stays well above that.
RENDER_MARGIN = 1.75
# Grain for a photo too smooth to reach the size floor (encode_within). Each doubling of its
# deviation adds about one bit per pixel at quality 100 (the entropy of Gaussian noise grows
# by one bit per doubling); a little less is assumed, so a prediction tends to land just above
# the floor rather than just below it. A result up to GRAIN_OVERSHOOT above the floor is
# taken, a bigger one refined: the grain stays close to the least that reaches the floor.
GRAIN_BITS_PER_DOUBLING = 0.8
GRAIN_OVERSHOOT = 0.10
GRAIN_MAX_SIGMA = 32.0
GRAIN_TRIES = 6
# Mean luminance (0–255) of the border strip from which a background counts as light.
# White is about 240; the light blue of many photo studios about 200; the darker blue and red
# of some ID photos about 120.
LIGHT_BACKGROUND = 170
# The strip measured: this share of the width at the left and right, and of the height at the
# top (the bottom is the applicant's clothes).
BORDER_SHARE = 0.08
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis", b"avif")
_GREY_MODES = {"1", "L", "LA", "I", "I;16", "F"}


@dataclass(frozen=True)
class Working:
    """The working copy made from an upload."""

    jpeg: bytes
    width: int
    height: int
    source_format: str


@dataclass(frozen=True)
class Crop:
    """A crop box on the working copy, in its pixels; the height follows from the aspect."""

    x: int
    y: int
    width: int

    @property
    def height(self) -> int:
        return round(self.width / SPEC.aspect)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.x + self.width, self.y + self.height)


def _read(uploaded: bytes | IO[bytes], limit: int) -> bytes:
    if isinstance(uploaded, bytes | bytearray):
        return bytes(uploaded[: limit + 1])
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    return uploaded.read(limit + 1) or b""


def looks_like_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def prepare_original(uploaded: bytes | IO[bytes]) -> Working:
    """The working copy of an upload, or ``DomainError`` saying what is wrong with it."""
    data = _read(uploaded, SPEC.max_bytes)
    if not data:
        raise DomainError("upload_empty")
    if len(data) > SPEC.max_bytes:
        raise DomainError("photo_fix_too_large", limit=f"{SPEC.max_bytes:,}", limit_mb=SPEC.max_bytes // (KB * KB))
    if looks_like_heif(data) and not HEIC_SUPPORTED:  # pragma: no cover - see HEIC_SUPPORTED
        raise DomainError("photo_fix_heic_unavailable")
    image = _open(data)
    source_format = "HEIF" if image.format == "HEIF" else ("PNG" if image.format == "PNG" else "JPEG")
    if image.mode in _GREY_MODES:
        raise DomainError("photo_fix_needs_colour")
    if image.format in {"JPEG", "MPO"}:
        # libjpeg fills a cut-off file with grey instead of failing when it decodes at a
        # reduced scale, so a JPEG without its end-of-image marker is refused here.
        if b"\xff\xd9" not in data:
            raise DomainError("photo_fix_damaged")
        # Decode at 1/2, 1/4 or 1/8 scale when that still leaves the working size: a 50 MP
        # phone photo then costs a fraction of the memory and time.
        if max(image.size) > WORKING_MAX_SIDE:
            image.draft(image.mode, working_size(image.size))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except Exception:  # any decoder failure means the file is not one whole picture
        raise DomainError("photo_fix_damaged") from None
    upright = _UPRIGHT.get(image.getexif().get(ORIENTATION, 1))
    picture = _to_rgb(image)
    # Shrunk before it is turned: the bounding box is square, so the size is the same.
    picture.thumbnail((WORKING_MAX_SIDE, WORKING_MAX_SIDE), WORKING_RESAMPLE, reducing_gap=3.0)
    if upright is not None:
        picture = picture.transpose(upright)
    min_height = round(MIN_CROP_WIDTH / SPEC.aspect)
    if picture.width < MIN_CROP_WIDTH or picture.height < min_height:
        raise DomainError(
            "photo_fix_image_too_small",
            width=picture.width,
            height=picture.height,
            min_width=MIN_CROP_WIDTH,
            min_height=min_height,
        )
    return Working(_encode(picture, 90), picture.width, picture.height, source_format)


def working_size(size: tuple[int, int]) -> tuple[int, int]:
    """The smallest size a picture of ``size`` may be decoded at for its working copy: the
    long side ``WORKING_MAX_SIDE``, the short side rounded up, so a draft never leaves fewer
    pixels than the working copy has."""
    width, height = size
    longest = max(width, height)
    return (-(-width * WORKING_MAX_SIDE // longest), -(-height * WORKING_MAX_SIDE // longest))


def _open(data: bytes) -> Image.Image:
    """Open (header only) and bound the declared pixels before anything is decoded."""
    limit = SPEC.max_declared_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "HEIF"])
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise DomainError("photo_fix_too_many_pixels", limit=f"{limit:,}") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise DomainError("photo_fix_not_image") from None
    if image.format not in SPEC.formats:
        raise DomainError("photo_fix_not_image")
    width, height = image.size
    if width * height > limit:
        raise DomainError("photo_fix_too_many_pixels", limit=f"{limit:,}")
    return image


def _to_rgb(picture: Image.Image) -> Image.Image:
    if picture.mode == "RGB":
        return picture
    if picture.mode == "P":
        picture = picture.convert("RGBA")
    if picture.mode in {"RGBA", "PA", "RGBa"}:
        white = Image.new("RGB", picture.size, (255, 255, 255))
        white.paste(picture.convert("RGBA"), mask=picture.convert("RGBA").getchannel("A"))
        return white
    return picture.convert("RGB")  # CMYK (P13: converted here, refused as uploaded), YCbCr …


def default_crop(width: int, height: int) -> Crop:
    """The largest box of the right aspect, centred: what the page starts with (and what the
    form without JavaScript submits unless the numbers are changed)."""
    crop_width = min(width, int(height * SPEC.aspect))
    crop = Crop(0, 0, crop_width)
    while crop.height > height:  # rounding: never taller than the picture
        crop = Crop(0, 0, crop.width - 1)
    return Crop((width - crop.width) // 2, (height - crop.height) // 2, crop.width)


def clamp_crop(crop: Crop, width: int, height: int) -> tuple[Crop, bool]:
    """``crop`` moved and shrunk to lie inside a ``width`` × ``height`` picture.

    Returns the box and whether it had to be changed. A box narrower than ``MIN_CROP_WIDTH``
    is refused rather than enlarged, so the applicant decides what the photo shows.
    """
    if crop.width < MIN_CROP_WIDTH:
        raise DomainError("photo_crop_too_small", width=crop.width, min=MIN_CROP_WIDTH)
    largest = default_crop(width, height).width
    crop_width = min(crop.width, largest)
    sized = Crop(0, 0, crop_width)
    x = min(max(crop.x, 0), width - crop_width)
    y = min(max(crop.y, 0), height - sized.height)
    clamped = Crop(x, y, crop_width)
    return clamped, clamped != crop


def render_scale(crop: Crop) -> int:
    """The JPEG decoding scale (1, 2, 4 or 8) for ``crop``: the largest that leaves the box at
    least ``RENDER_MARGIN`` times the output size on both sides."""
    out_width, out_height = SPEC.output_size
    for scale in (8, 4, 2):
        if crop.width / scale >= RENDER_MARGIN * out_width and crop.height / scale >= RENDER_MARGIN * out_height:
            return scale
    return 1


def render(working_jpeg: bytes, crop: Crop) -> bytes:
    """The final photo: the box cut from the working copy, 295 × 413, 80–180 KB, no metadata."""
    with Image.open(io.BytesIO(working_jpeg), formats=["JPEG"]) as source:
        width, height = source.size
        left, top, right, bottom = crop.box
        if left < 0 or top < 0 or right > width or bottom > height:
            # Only a caller that skipped clamp_crop: what lies outside is black, as before.
            source.load()
            picture = source.crop(crop.box).resize(SPEC.output_size, Image.Resampling.LANCZOS)
        else:
            scale = render_scale(crop)
            drafted = source.draft(source.mode, (width // scale, height // scale)) if scale > 1 else None
            source.load()
            # The box in decoded pixels: the draft tells what the decoded width stands for.
            factor = drafted[1][2] / width if drafted else 1.0
            box = (left * factor, top * factor, right * factor, bottom * factor)
            # A resize with a box also reads the pixels just outside it: no smeared edges.
            picture = source.resize(SPEC.output_size, Image.Resampling.LANCZOS, box=box)
    if picture.mode != "RGB":
        picture = picture.convert("RGB")
    return encode_within(picture, SPEC.output_min_bytes, SPEC.output_max_bytes)


def _encode(picture: Image.Image, quality: int) -> bytes:
    """A fresh JPEG of the pixels only: nothing from ``picture.info`` (EXIF, ICC, comments)."""
    clean = Image.new("RGB", picture.size)
    clean.paste(picture)
    out = io.BytesIO()
    # 4:4:4 chroma keeps the edges of hair and collar sharp at this small size.
    # No optimize=True: with it Pillow cannot encode very noisy pictures ("Suspension not
    # allowed here"), and the few per cent it saves do not matter for an 80–180 KB target.
    clean.save(out, "JPEG", quality=quality, subsampling=0)
    return out.getvalue()


def encode_within(picture: Image.Image, min_bytes: int, max_bytes: int) -> bytes:
    """The JPEG at the highest quality whose size is at most ``max_bytes``, and at least
    ``min_bytes``.

    Quality 100 is tried first and is usually the answer. Otherwise the quality is searched
    (:func:`_highest_quality_within`). A very smooth picture (a flat studio background) can
    stay under ``min_bytes`` even at quality 100; then a faint grain (a standard deviation of a
    few levels out of 255, invisible on screen and in print) is added, as little as reaches
    the floor within a few tries, because the limit is P13's and the national system checks it.
    """
    best = _highest_quality_within(picture, max_bytes)
    if len(best) >= min_bytes:
        return best
    return _grainy_within(picture, len(best), min_bytes, max_bytes)


def _scaling(quality: int) -> float:
    """libjpeg's scaling of its base quantisation tables for ``quality``, in per cent (at 100
    every step is 1, as if the scaling were 1 %)."""
    return 5000 / quality if quality < 50 else max(200 - 2 * quality, 1)


def _quality(scaling: float) -> float:
    """The inverse of :func:`_scaling`."""
    return 5000 / scaling if scaling > 100 else (200 - scaling) / 2


def _highest_quality_within(picture: Image.Image, max_bytes: int) -> bytes:
    cache: dict[int, bytes] = {}

    def size(quality: int) -> int:
        if quality not in cache:
            cache[quality] = _encode(picture, quality)
        return len(cache[quality])

    low, high = 10, 100
    if size(high) <= max_bytes:
        return cache[high]
    if size(low) > max_bytes:  # pure noise: nothing sensible fits; the smallest we make
        return cache[low]
    bisect = False
    while high - low > 1:  # invariant: size(low) fits, size(high) does not
        if bisect:
            middle = (low + high) // 2
        else:
            # The size is close to a straight line in the logarithm of the table scaling, so
            # aiming at max_bytes on that line lands near the answer in one or two encodings.
            near, far = math.log2(_scaling(low)), math.log2(_scaling(high))
            share = (max_bytes - size(low)) / (size(high) - size(low))
            aimed = _quality(2 ** (near + share * (far - near)))
            middle = min(max(round(aimed), low + 1), high - 1)
        width = high - low
        if size(middle) <= max_bytes:
            low = middle
        else:
            high = middle
        # A step that did not halve the range is followed by a bisection, so every two steps
        # at least halve it: never more than twice plain bisection's seven encodings, and in
        # practice two to five.
        bisect = not bisect and (high - low) * 2 > width
    return cache[low]


_GRAIN_QUANTILES = [NormalDist().inv_cdf((level + 0.5) / 256) for level in range(256)]


def _grain_field(size: tuple[int, int]) -> Image.Image:
    """Evenly spread bytes from a fixed seed: the same picture always gets the same grain, so
    the same box gives the same file."""
    width, height = size
    return Image.frombytes("L", size, hashlib.shake_128(b"teacherreg photo grain").digest(width * height))


def _grain(picture: Image.Image, field: Image.Image, sigma: float) -> Image.Image:
    """``picture`` with Gaussian grain of deviation ``sigma``, the same on R, G and B: each
    byte of ``field`` becomes its quantile of the normal distribution."""
    table = [min(255, max(0, round(128 + sigma * z))) for z in _GRAIN_QUANTILES]
    noise = field.point(table).convert("RGB")
    return ImageChops.add(picture, noise, scale=1.0, offset=-128)


def _grainy_within(picture: Image.Image, plain_size: int, min_bytes: int, max_bytes: int) -> bytes:
    """The grainy JPEG with the least grain found within ``GRAIN_TRIES`` encodings whose size
    is at least ``min_bytes`` (and at most ``max_bytes``)."""
    field = _grain_field(picture.size)
    per_doubling = picture.width * picture.height * GRAIN_BITS_PER_DOUBLING / 8
    target = min_bytes * (1 + GRAIN_OVERSHOOT / 2)
    under: tuple[float, int] = (0.0, plain_size)  # the most grain known to be too little
    over: tuple[float, bytes] | None = None  # the least grain known to be enough
    sigma: float | None = 1.0
    result = b""
    tries = 0
    while sigma is not None and tries < GRAIN_TRIES:
        tries += 1
        result = _highest_quality_within(_grain(picture, field, sigma), max_bytes)
        if len(result) < min_bytes:
            under = (sigma, len(result))
        else:
            over = (sigma, result)
            if len(result) <= min_bytes * (1 + GRAIN_OVERSHOOT):
                break
        sigma = _next_sigma(under, over, target, per_doubling)
    return over[1] if over else result


def _next_sigma(
    under: tuple[float, int], over: tuple[float, bytes] | None, target: float, per_doubling: float
) -> float | None:
    """The grain to try next, aiming the size at ``target``; ``None`` when trying more is
    pointless (the range is narrow, or the most grain allowed was too little)."""
    low, low_size = under
    if over is None:
        if low >= GRAIN_MAX_SIGMA:
            return None
        return min(GRAIN_MAX_SIGMA, low * 2 ** ((target - low_size) / per_doubling))
    high, high_bytes = over
    if low == 0:  # only "no grain" is known to be too little: step down from ``high``
        return high * 2 ** ((target - len(high_bytes)) / per_doubling)
    if high / low < 1.1:
        return None
    share = (target - low_size) / (len(high_bytes) - low_size)
    share = min(max(share, 0.1), 0.9)  # stay inside the range
    return low * (high / low) ** share


def border_luminance(jpeg: bytes) -> int:
    """Mean luminance (0–255) of the left, right and top strips of a photo."""
    with Image.open(io.BytesIO(jpeg), formats=["JPEG"]) as source:
        grey = source.convert("L")
    width, height = grey.size
    side = max(1, round(width * BORDER_SHARE))
    top = max(1, round(height * BORDER_SHARE))
    strips = [(0, 0, width, top), (0, top, side, height), (width - side, top, width, height)]
    total = pixels = 0.0
    for box in strips:
        stat = ImageStat.Stat(grey.crop(box))
        count = (box[2] - box[0]) * (box[3] - box[1])
        total += stat.mean[0] * count
        pixels += count
    return round(total / pixels)


def has_dark_background(jpeg: bytes) -> bool:
    return border_luminance(jpeg) < LIGHT_BACKGROUND
