"""Pictures for the photo tests, made with Pillow (never committed as binary files)."""

from __future__ import annotations

import io
import random
import zipfile

from PIL import Image, ImageDraw

ORIENTATION = 0x0112


def portrait(
    size: tuple[int, int] = (1200, 1600), background: tuple[int, int, int] = (236, 238, 240), mode: str = "RGB"
) -> Image.Image:
    """A head-and-shoulders sketch with a little grain, like a phone photo in front of a wall."""
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.35, height * 0.18, width * 0.65, height * 0.55), fill=(224, 182, 150))
    draw.rectangle((width * 0.18, height * 0.62, width * 0.82, height), fill=(40, 60, 120))
    grain = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, grain, 0.06)
    return image.convert(mode) if mode != "RGB" else image


def encode(image: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def phone_jpeg(size: tuple[int, int] = (1200, 1600), orientation: int = 6, **kwargs) -> bytes:
    """Stored sideways with EXIF orientation 6 and a GPS position, displayed upright as ``size``."""
    upright = portrait(size, **kwargs)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (39.0, 54.0, 27.0)
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    return encode(stored, "JPEG", quality=90, exif=exif.tobytes())


def noisy(size: tuple[int, int], seed: int = 1) -> Image.Image:
    width, height = size
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(width * height * 3))


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("shell.php", "<?php system($_GET['c']); ?>")
    return out.getvalue()
