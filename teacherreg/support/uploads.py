"""Screenshots sent with a question: the P13 checks, for the two formats screenshots come in.

Phones and the Windows snipping tool save screenshots as PNG, so refusing everything but JPEG
(as the scan spec does) would send most people away. A JPEG goes straight through
``documents.uploads.validate_image`` with :data:`SCREENSHOT`. A PNG gets the same checks here
(size before reading it all, the real format sniffed, the declared pixel count bounded before
decoding, a full decode) and is then turned into a JPEG that goes through ``validate_image``
too, so every stored screenshot is a fresh JPEG without metadata, saved under a server-made
name. The file name and the client's ``Content-Type`` are never looked at.
"""

from __future__ import annotations

import io
import warnings
from typing import IO

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from teacherreg.common.messages import message_for
from teacherreg.documents.uploads import KB, ImageSpec, validate_image
from teacherreg.support.messages import support_message

# 2 MB takes a full-screen PNG of a laptop or a phone; 12,000,000 pixels is the scans' bound.
SCREENSHOT = ImageSpec(
    name="support_screenshot",
    max_bytes=2 * KB * KB,
    max_declared_pixels=12_000_000,
    accepted_modes=frozenset({"RGB", "L"}),
    converted_modes=frozenset({"CMYK"}),
)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_WHITE = (255, 255, 255)


def _refuse(code: str, **params: object) -> ValidationError:
    return ValidationError(message_for(code, **params), code=code)


def _not_an_image() -> ValidationError:
    return ValidationError(support_message("support_screenshot_not_image"), code="support_screenshot_not_image")


def validate_screenshot(uploaded: bytes | IO[bytes], spec: ImageSpec = SCREENSHOT) -> bytes:
    """The JPEG to store for ``uploaded``, or ``ValidationError`` with the reason in Chinese."""
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded if isinstance(uploaded, bytes) else uploaded.read(spec.max_bytes + 1)
    data = data[: spec.max_bytes + 1]
    if data.startswith(_PNG_SIGNATURE):
        data = _png_as_jpeg(data, spec)
    try:
        return validate_image(data, spec)
    except ValidationError as refusal:
        if refusal.code == "upload_not_jpeg":
            raise _not_an_image() from None
        raise


def _png_as_jpeg(data: bytes, spec: ImageSpec) -> bytes:
    if len(data) > spec.max_bytes:
        raise _refuse("upload_too_large", limit=f"{spec.max_bytes:,}", limit_kb=spec.max_bytes // KB)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=["PNG"])
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _refuse("upload_too_many_pixels", limit=f"{spec.max_declared_pixels:,}") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _not_an_image() from None
    width, height = image.size
    # Bounded from the header, before a single pixel is decoded.
    if width * height > spec.max_declared_pixels:
        raise _refuse("upload_too_many_pixels", limit=f"{spec.max_declared_pixels:,}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except Exception:  # any decoder failure means the file is not one whole PNG
        raise _refuse("upload_damaged") from None
    picture = _flatten(image)
    # Big detailed screenshots can exceed the size bound as JPEG: scale down until one fits.
    while True:
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=90)
        if out.tell() <= spec.max_bytes:
            return out.getvalue()
        picture = picture.resize((max(1, picture.width * 7 // 10), max(1, picture.height * 7 // 10)))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent parts become white, as the screenshot looked on a page."""
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in {"RGBA", "LA"}:
        background = Image.new("RGB", image.size, _WHITE)
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB")
