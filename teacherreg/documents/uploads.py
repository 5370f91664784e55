"""The one upload spec (P13, security.md finding 13) and the checks every image upload goes
through (security.md finding 2, finding 3, §1.7, §4.4).

``forms.ImageField`` is not a format check: a PNG named ``.jpg``, a truncated JPEG, a CMYK
JPEG and a JPEG with a ZIP appended all pass it. Here the real format is sniffed by Pillow
(with only the JPEG decoder enabled), the pixel count declared in the header is bounded
*before* anything is decoded, the image is decoded fully, and what is stored is a fresh
encoding of the pixels, which leaves EXIF, comments, ICC profiles and appended data behind.
The file name and the client's ``Content-Type`` are never looked at.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

from teacherreg.common.messages import message_for

KB = 1024
# EXIF orientations that turn the picture by 90°: the displayed width is the stored height.
_QUARTER_TURNS = {5, 6, 7, 8}
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class ImageSpec:
    """What one kind of upload must be. Sizes in bytes, dimensions in pixels, all inclusive."""

    name: str
    max_bytes: int
    max_declared_pixels: int
    min_bytes: int = 1
    # Colour modes kept as they are, and modes accepted but re-encoded as RGB.
    accepted_modes: frozenset[str] = frozenset({"RGB"})
    converted_modes: frozenset[str] = frozenset()
    # (min, max) after the EXIF orientation is applied; None means any.
    width: tuple[int, int] | None = None
    height: tuple[int, int] | None = None
    formats: frozenset[str] = field(default=frozenset({"JPEG", "MPO"}))


@dataclass(frozen=True)
class FixSpec:
    """What "fix it for me" (P13) takes and what it makes. Bytes, pixels, all inclusive."""

    max_bytes: int
    max_declared_pixels: int
    formats: frozenset[str]
    output_size: tuple[int, int]
    output_min_bytes: int
    output_max_bytes: int

    @property
    def aspect(self) -> float:
        """Width over height of the result (295:413)."""
        return self.output_size[0] / self.output_size[1]


@dataclass(frozen=True)
class UploadSpecs:
    applicant_photo: ImageSpec
    scan: ImageSpec
    photo_fix: FixSpec


# P13, word for word in numbers. Every check and every help text cites this object.
UPLOAD_SPECS = UploadSpecs(
    # The applicant photo (used by the application's photo step): colour JPEG, 290–300 ×
    # 408–418 px, 50–200 KB with KB = 1,024 bytes, at most 1,000,000 pixels declared.
    # Greyscale is refused with a request for a colour photo; CMYK is refused as uploaded
    # ("fix it for me" converts it).
    applicant_photo=ImageSpec(
        name="applicant_photo",
        min_bytes=50 * KB,
        max_bytes=200 * KB,
        max_declared_pixels=1_000_000,
        accepted_modes=frozenset({"RGB"}),
        width=(290, 300),
        height=(408, 418),
    ),
    # Certificate, Mandarin, education and ID-card scans: JPEG, at most 190 KB = 194,560
    # bytes, at most 12,000,000 pixels declared, decodes fully. Greyscale scans are fine;
    # CMYK/YCCK (some scanners) is converted to RGB rather than refused.
    scan=ImageSpec(
        name="scan",
        max_bytes=190 * KB,
        max_declared_pixels=12_000_000,
        accepted_modes=frozenset({"RGB", "L"}),
        converted_modes=frozenset({"CMYK"}),
    ),
    # "Fix it for me": any JPEG, PNG or HEIC up to 15 MB (MB = 1,024 KB = 1,048,576 bytes,
    # as KB is 1,024 bytes in P13) and at most 50,000,000 pixels declared; the result is
    # 295 × 413 px and 80–180 KB.
    photo_fix=FixSpec(
        max_bytes=15 * KB * KB,
        max_declared_pixels=50_000_000,
        formats=frozenset({"JPEG", "MPO", "PNG", "HEIF"}),
        output_size=(295, 413),
        output_min_bytes=80 * KB,
        output_max_bytes=180 * KB,
    ),
)

# Qualities tried when re-encoding, best first, until the result fits the spec's size.
_QUALITIES = (92, 88, 84, 80, 75, 70, 60, 50, 40)


def _refuse(code: str, **params: object) -> ValidationError:
    return ValidationError(message_for(code, **params), code=code)


def _read(uploaded: bytes | IO[bytes], limit: int) -> bytes:
    """At most ``limit + 1`` bytes: enough to know the file is too large without reading it all."""
    if isinstance(uploaded, bytes | bytearray):
        return bytes(uploaded[: limit + 1])
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(limit + 1)
    return data or b""


def validate_image(uploaded: bytes | IO[bytes], spec: ImageSpec) -> bytes:
    """Check ``uploaded`` against ``spec``; return the re-encoded JPEG, without metadata.

    Raises ``ValidationError`` (code and Chinese message from the catalogue) for an empty or
    oversized file, anything that is not really a JPEG, a header declaring too many pixels
    (checked before decoding: a 631-byte file can claim 12000×12000), an unsupported colour
    mode, dimensions outside the spec, and a file that does not decode completely.
    """
    data = _read(uploaded, spec.max_bytes)
    if not data:
        raise _refuse("upload_empty")
    if len(data) > spec.max_bytes:
        raise _refuse("upload_too_large", limit=f"{spec.max_bytes:,}", limit_kb=spec.max_bytes // KB)
    if len(data) < spec.min_bytes:
        raise _refuse("upload_too_small", limit=f"{spec.min_bytes:,}", limit_kb=spec.min_bytes // KB)

    with warnings.catch_warnings():
        # Pillow only warns about a bomb under its own (much larger) limit; make it a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=["JPEG"])
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _refuse("upload_too_many_pixels", limit=f"{spec.max_declared_pixels:,}") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _refuse("upload_not_jpeg") from None
    if image.format not in spec.formats:
        raise _refuse("upload_not_jpeg")

    # Bound the work before decoding: the header's size is all that has been read so far.
    # Where the spec has a size window (the applicant photo) it is checked first, because
    # "the photo is 1200 px wide, 290–300 allowed" tells a phone user more than a pixel count.
    _check_dimensions(image, spec)
    width, height = image.size
    if width * height > spec.max_declared_pixels:
        raise _refuse("upload_too_many_pixels", limit=f"{spec.max_declared_pixels:,}")
    _check_mode(image, spec)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except Exception:  # any decoder failure at all means the file is not one whole JPEG
        raise _refuse("upload_damaged") from None
    return _reencode(image, spec)


def validate_scan(uploaded: bytes | IO[bytes]) -> bytes:
    """P13 scans (certificate, Mandarin, education, ID card): see :func:`validate_image`."""
    return validate_image(uploaded, UPLOAD_SPECS.scan)


def _check_mode(image: Image.Image, spec: ImageSpec) -> None:
    if image.mode in spec.accepted_modes or image.mode in spec.converted_modes:
        return
    if image.mode == "L" and "RGB" in spec.accepted_modes:
        raise _refuse("upload_needs_colour")
    raise _refuse("upload_colour_mode", mode=image.mode)


def _check_dimensions(image: Image.Image, spec: ImageSpec) -> None:
    if spec.width is None and spec.height is None:
        return
    width, height = image.size
    # P13: the EXIF orientation is applied before measuring. It is read from the header, so
    # the check still happens before decoding.
    if image.getexif().get(_EXIF_ORIENTATION) in _QUARTER_TURNS:
        width, height = height, width
    for code, value, bounds in (("upload_width", width, spec.width), ("upload_height", height, spec.height)):
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            raise _refuse(code, value=value, min=bounds[0], max=bounds[1])


def _reencode(image: Image.Image, spec: ImageSpec) -> bytes:
    """Fresh JPEG of the decoded pixels: orientation applied, then no EXIF, ICC, comment or tail.

    The best quality that fits ``spec.max_bytes`` is found by bisection; a large detailed scan
    that does not fit even at the lowest quality is scaled down (never the case for the
    applicant photo, whose dimensions are small).
    """
    picture = ImageOps.exif_transpose(image) or image
    if picture.mode in spec.converted_modes:
        picture = picture.convert("RGB")
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    while True:
        encoded = _best_fit(clean, spec.max_bytes)
        if encoded is not None:
            return encoded
        clean = clean.resize((max(1, clean.width * 7 // 10), max(1, clean.height * 7 // 10)), Image.Resampling.LANCZOS)


def _best_fit(image: Image.Image, max_bytes: int) -> bytes | None:
    """The encoding at the highest of ``_QUALITIES`` that is at most ``max_bytes``, or None."""
    encoded: dict[int, bytes] = {}

    def fits(index: int) -> bool:
        if index not in encoded:
            out = io.BytesIO()
            image.save(out, "JPEG", quality=_QUALITIES[index], optimize=True)
            encoded[index] = out.getvalue()
        return len(encoded[index]) <= max_bytes

    last = len(_QUALITIES) - 1
    if fits(0):
        return encoded[0]
    if not fits(last):
        return None
    low, high = 1, last  # the first (best) quality that fits lies in [low, high]
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    fits(high)
    return encoded[high]
