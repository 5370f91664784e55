"""Pillow drawings: the slider puzzle (a landscape with a jigsaw hole) and the distorted digits.

Everything is drawn here from random numbers; no image file is read. Each challenge gets its
own colours, hills, shapes, noise and piece outline. Geometry is in logical pixels (conf.py)
and drawn at ``RENDER_SCALE`` for sharp phone screens.
"""

from __future__ import annotations

import colorsys
import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from teacherreg.captcha.conf import DIGITS_HEIGHT, DIGITS_WIDTH, HEIGHT, PIECE, RENDER_SCALE, WIDTH

S = RENDER_SCALE
SUPERSAMPLE = 4  # the piece outline is drawn 4× larger and scaled down for smooth edges


@dataclass(frozen=True)
class Puzzle:
    background: bytes  # JPEG, WIDTH×HEIGHT logical, the hole cut at (x, y)
    piece: bytes  # PNG, PIECE wide and HEIGHT tall, transparent but for the piece at y


def _colour(hue: float, saturation: float, value: float, alpha: int | None = None) -> tuple[int, ...]:
    r, g, b = colorsys.hsv_to_rgb(hue % 1.0, max(0.0, min(1.0, saturation)), max(0.0, min(1.0, value)))
    rgb = (round(r * 255), round(g * 255), round(b * 255))
    return rgb if alpha is None else (*rgb, alpha)


def _landscape(rng: random.Random) -> Image.Image:
    w, h = WIDTH * S, HEIGHT * S
    hue = rng.random()
    top = _colour(hue, rng.uniform(0.2, 0.4), 0.98)
    bottom = _colour(hue + rng.uniform(0.04, 0.12), rng.uniform(0.35, 0.55), 0.82)
    sky = Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), _gradient(w, h))
    img = sky.convert("RGBA")

    # Soft glows, blurred at logical size (a quarter of the pixels) and scaled up.
    glow = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(glow)
    for _ in range(rng.randint(4, 7)):
        r = rng.uniform(18, 50)
        cx, cy = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT * 0.55)
        fill = _colour(hue + rng.uniform(-0.25, 0.25), rng.uniform(0.2, 0.6), 1.0, rng.randint(70, 150))
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    glow = glow.filter(ImageFilter.GaussianBlur(6)).resize((w, h), Image.Resampling.BILINEAR)
    img = Image.alpha_composite(img, glow)

    draw = ImageDraw.Draw(img)
    land_hue = hue + rng.choice([0.25, 0.33, 0.45, 0.55])
    layers = rng.randint(3, 4)
    for layer in range(layers):
        base = h * (0.42 + 0.16 * layer) + rng.uniform(-8, 8) * S
        waves = [(rng.uniform(4, 16) * S, rng.uniform(0.6, 2.6), rng.uniform(0, 2 * math.pi)) for _ in range(3)]
        points = []
        for x in range(0, w + 4 * S, 4 * S):
            y = base + sum(a * math.sin(f * 2 * math.pi * x / w + p) for a, f, p in waves)
            points.append((x, y))
        points += [(w, h), (0, h)]
        value = 0.78 - 0.5 * layer / max(1, layers - 1)
        draw.polygon(points, fill=_colour(land_hue + rng.uniform(-0.05, 0.05), rng.uniform(0.35, 0.65), value))

    # Shapes give the hole's edges something to line up against.
    shapes = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(rng.randint(10, 16)):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.uniform(5, 16) * S
        fill = _colour(rng.random(), rng.uniform(0.4, 0.8), rng.uniform(0.5, 1.0), rng.randint(110, 200))
        outline = _colour(0, 0, 1.0, 180)
        kind = rng.choice(("circle", "square", "triangle"))
        if kind == "circle":
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill, outline=outline, width=S)
        elif kind == "square":
            draw.rounded_rectangle([cx - r, cy - r, cx + r, cy + r], radius=r / 4, fill=fill, outline=outline, width=S)
        else:
            angle = rng.uniform(0, 2 * math.pi)
            corners = [(cx + r * math.cos(angle + k * 2.094), cy + r * math.sin(angle + k * 2.094)) for k in range(3)]
            draw.polygon(corners, fill=fill, outline=outline, width=S)
    img = Image.alpha_composite(img, shapes).convert("RGB")

    noise = Image.effect_noise((WIDTH, HEIGHT), 48).resize((w, h), Image.Resampling.BILINEAR).convert("RGB")
    return Image.blend(img, noise, 0.07)


def _gradient(w: int, h: int) -> Image.Image:
    return Image.linear_gradient("L").resize((w, h))


def _piece_mask(rng: random.Random) -> Image.Image:
    """A jigsaw piece: a rounded square with a knob or a socket on each side (≥ 2 knobs)."""
    u = S * SUPERSAMPLE
    side = PIECE * u
    mask = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(mask)
    lo, hi = 11 * u, 49 * u
    draw.rounded_rectangle([lo, lo, hi, hi], radius=4 * u, fill=255)
    mid, r = (lo + hi) / 2, 7 * u
    edges = [((mid, lo), (0, -1)), ((hi, mid), (1, 0)), ((mid, hi), (0, 1)), ((lo, mid), (-1, 0))]
    knobs = [rng.random() < 0.6 for _ in edges]
    while sum(knobs) < 2:
        knobs[rng.randrange(4)] = True
    for ((ex, ey), (dx, dy)), knob in zip(edges, knobs, strict=True):
        sign = 1 if knob else -1
        cx, cy = ex + sign * dx * 0.55 * r, ey + sign * dy * 0.55 * r
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255 if knob else 0)
    return mask.resize((PIECE * S, PIECE * S), Image.Resampling.LANCZOS)


def _rim(mask: Image.Image, width: int) -> Image.Image:
    """The outline band of the piece: the mask where its eroded copy is empty."""
    inner = mask.filter(ImageFilter.MinFilter(2 * width + 1))
    return Image.composite(Image.new("L", mask.size, 0), mask, inner)


def puzzle(rng: random.Random, x: int, y: int) -> Puzzle:
    """Draw a puzzle whose piece fits the hole at logical (x, y)."""
    clean = _landscape(rng)
    mask = _piece_mask(rng)
    rim = _rim(mask, S)
    box = (x * S, y * S, (x + PIECE) * S, (y + PIECE) * S)

    with_hole = clean.copy()
    region = clean.crop(box)
    shaded = Image.blend(region, Image.new("RGB", region.size, (10, 14, 24)), 0.55)
    with_hole.paste(shaded, box[:2], mask)
    with_hole.paste(Image.new("RGB", region.size, (255, 255, 255)), box[:2], rim.point(lambda v: v * 235 // 255))

    piece = region.copy()
    piece.paste(Image.new("RGB", region.size, (255, 255, 255)), (0, 0), rim.point(lambda v: v * 230 // 255))
    piece.putalpha(mask)
    strip = Image.new("RGBA", (PIECE * S, HEIGHT * S), (0, 0, 0, 0))
    strip.paste(piece, (0, y * S), piece)

    background = io.BytesIO()
    with_hole.save(background, "JPEG", quality=78, optimize=True)
    piece_png = io.BytesIO()
    strip.save(piece_png, "PNG")
    return Puzzle(background=background.getvalue(), piece=piece_png.getvalue())


def digits_image(rng: random.Random, digits: str) -> bytes:
    """Dark, rotated, wavy digits over light speckles and a few crossing lines; PNG."""
    w, h = DIGITS_WIDTH * S, DIGITS_HEIGHT * S
    hue = rng.random()
    text = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    font = ImageFont.load_default(size=round(38 * S))
    slot = w / (len(digits) + 0.5)
    for i, ch in enumerate(digits):
        glyph = Image.new("L", (56 * S, 60 * S), 0)
        ImageDraw.Draw(glyph).text(
            (28 * S, 30 * S), ch, font=font, fill=255, anchor="mm", stroke_width=round(1.2 * S), stroke_fill=255
        )
        glyph = glyph.rotate(rng.uniform(-24, 24), resample=Image.Resampling.BICUBIC)
        size = rng.uniform(0.85, 1.08)
        glyph = glyph.resize((round(glyph.width * size), round(glyph.height * size)), Image.Resampling.BICUBIC)
        colour = _colour(hue + rng.uniform(-0.5, 0.5), rng.uniform(0.55, 0.85), rng.uniform(0.22, 0.4), 255)
        left = round(slot * (i + 0.25) + rng.uniform(-3, 3) * S + (slot - glyph.width) / 2)
        top = round((h - glyph.height) / 2 + rng.uniform(-5, 5) * S)
        text.paste(Image.new("RGBA", glyph.size, colour), (left, top), glyph)

    warped = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    amplitude, period, phase = rng.uniform(3, 5) * S, rng.uniform(70, 120) * S, rng.uniform(0, 2 * math.pi)
    for x in range(0, w, 2):
        column = text.crop((x, 0, x + 2, h))
        warped.paste(column, (x, round(amplitude * math.sin(2 * math.pi * x / period + phase))))

    img = Image.new("RGBA", (w, h), _colour(hue, 0.07, 0.99, 255))
    draw = ImageDraw.Draw(img)
    for _ in range(180):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.6, 1.8) * S
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_colour(rng.random(), 0.35, rng.uniform(0.65, 0.9), 255))
    img = Image.alpha_composite(img, warped)
    draw = ImageDraw.Draw(img)
    for _ in range(3):
        y0, y1 = rng.uniform(0.2, 0.8) * h, rng.uniform(0.2, 0.8) * h
        bend, freq = rng.uniform(6, 14) * S, rng.uniform(0.5, 1.5)
        points = [(x, y0 + (y1 - y0) * x / w + bend * math.sin(freq * 2 * math.pi * x / w)) for x in range(0, w + S, S)]
        draw.line(points, fill=_colour(rng.random(), 0.5, rng.uniform(0.35, 0.6), 255), width=round(1.3 * S))
    out = io.BytesIO()
    img.convert("RGB").save(out, "PNG")
    return out.getvalue()
