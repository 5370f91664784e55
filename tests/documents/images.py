"""Images made in the test, never committed as binary files (testing.md)."""

from __future__ import annotations

import io
import struct

from PIL import Image

# A little structure so the encoder has something to keep (a flat colour compresses to nothing).
_STRIPES = 13


def jpeg(
    size: tuple[int, int] = (640, 400),
    *,
    mode: str = "RGB",
    quality: int = 85,
    exif: Image.Exif | None = None,
    comment: bytes | None = None,
    icc_profile: bytes | None = None,
    progressive: bool = False,
) -> bytes:
    image = Image.new(mode, size, _colour(mode, 0))
    width, height = size
    for i in range(_STRIPES):
        box = (i * width // _STRIPES, 0, (i + 1) * width // _STRIPES, height // 2)
        image.paste(_colour(mode, i + 1), box)
    options: dict = {"quality": quality, "progressive": progressive}
    if exif is not None:
        options["exif"] = exif.tobytes()
    if comment is not None:
        options["comment"] = comment
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def other_format(fmt: str, size: tuple[int, int] = (120, 80)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 60))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def with_declared_size(data: bytes, width: int, height: int) -> bytes:
    """Patch the SOF header so it claims ``width`` × ``height`` (a header-only pixel bomb)."""
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at != -1:
            # SOF: marker, length (2), precision (1), height (2), width (2)
            return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9 :]
    raise ValueError("no SOF0/SOF2 marker")


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (39.0, 54.0, 27.0)
    return exif


def markers(data: bytes) -> list[int]:
    """The JPEG segment markers up to the start of scan (APPn = 0xE0–0xEF, COM = 0xFE)."""
    found, at = [], 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        found.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
    return found


def _colour(mode: str, i: int) -> object:
    if mode == "L":
        return (i * 37) % 256
    if mode == "CMYK":
        return ((i * 37) % 256, (i * 91) % 256, (i * 53) % 256, 10)
    return ((i * 37) % 256, (i * 91) % 256, (i * 53) % 256)


def noisy_jpeg(size: tuple[int, int] = (700, 700), quality: int = 95, seed: int = 1) -> bytes:
    """Random pixels: large files for the size limits."""
    import random

    width, height = size
    image = Image.frombytes("RGB", size, random.Random(seed).randbytes(width * height * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def padded(data: bytes, total: int) -> bytes:
    """``data`` with zero bytes after the end-of-image marker, to exactly ``total`` bytes."""
    if len(data) > total:
        raise ValueError(f"already {len(data)} bytes")
    return data + b"\0" * (total - len(data))
