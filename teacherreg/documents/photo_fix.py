""" "Fix it for me" for the applicant photo (P13): the image work, without models or requests.

1. :func:`prepare_original` takes any JPEG, PNG or HEIC up to 15 MB and 50,000,000 declared
   pixels. Both limits are checked before a single pixel is decoded (the declared size comes
   from the header); a JPEG is decoded at a reduced scale with ``draft()`` when it is far
   larger than needed. The EXIF orientation is applied, CMYK and palettes become RGB,
   transparency is laid on white, and the result is a *working copy*: a JPEG of at most
   1,600 px on the long side with no metadata at all. Only the working copy is ever stored —
   GPS positions and camera data in the upload are dropped at once.
2. The applicant places a crop box of the fixed aspect 295:413 on the working copy.
   :func:`clamp_crop` brings a box that strays outside the picture back inside (and says so);
   a box so small that the result would be blurred is refused.
3. :func:`render` cuts the box out, resizes it to exactly 295 × 413 and encodes it into
   80–180 KB by searching the JPEG quality (:func:`encode_within`), again with no metadata.
4. :func:`border_luminance` measures the background: a dark one is a warning, not a refusal.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageChops, ImageOps, ImageStat, UnidentifiedImageError

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
# A crop narrower than this would be enlarged more than twice: the result would be blurred.
MIN_CROP_WIDTH = (SPEC.output_size[0] + 1) // 2
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
        # The requested size keeps the aspect, so the long side stays at least WORKING_MAX_SIDE.
        longest = max(image.size)
        if longest > WORKING_MAX_SIDE:
            wanted = (image.width * WORKING_MAX_SIDE // longest, image.height * WORKING_MAX_SIDE // longest)
            image.draft(image.mode, wanted)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except Exception:  # any decoder failure means the file is not one whole picture
        raise DomainError("photo_fix_damaged") from None
    picture = ImageOps.exif_transpose(image) or image
    picture = _to_rgb(picture)
    picture.thumbnail((WORKING_MAX_SIDE, WORKING_MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
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


def render(working_jpeg: bytes, crop: Crop) -> bytes:
    """The final photo: the box cut from the working copy, 295 × 413, 80–180 KB, no metadata."""
    with Image.open(io.BytesIO(working_jpeg), formats=["JPEG"]) as source:
        source.load()
        picture = source.convert("RGB").crop(crop.box).resize(SPEC.output_size, Image.Resampling.LANCZOS)
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

    Size grows with quality, so the quality is found by bisection (about seven encodings of a
    295 × 413 picture). A very smooth picture (a flat studio background) can stay under
    ``min_bytes`` even at quality 100; then a faint grain (a standard deviation of a few
    levels out of 255, invisible on screen and in print) is added until it fits, because the
    limit is P13's and the national system checks it.
    """
    best = _highest_quality_within(picture, max_bytes)
    sigma = 1.0
    while len(best) < min_bytes and sigma <= 32:
        best = _highest_quality_within(_grain(picture, sigma), max_bytes)
        sigma *= 1.6
    return best


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
    while high - low > 1:  # invariant: size(low) fits, size(high) does not
        middle = (low + high) // 2
        if size(middle) <= max_bytes:
            low = middle
        else:
            high = middle
    return cache[low]


def _grain(picture: Image.Image, sigma: float) -> Image.Image:
    noise = Image.effect_noise(picture.size, sigma)  # Gaussian around 128
    return ImageChops.add(picture, Image.merge("RGB", (noise, noise, noise)), scale=1.0, offset=-128)


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
