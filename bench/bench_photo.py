"""Benchmark (not a test) of "fix it for me" (P13), against a baseline measured in the same run.

Run: ``.venv/bin/python bench/bench_photo.py [rounds]``. For a 12 MP phone JPEG (4000 × 3000,
EXIF orientation 6), a 12 MP PNG and a 2 MP HEIC it times:
- baseline: a plain Pillow open + full decode + JPEG encode of the same file;
- prepare: our checks, draft decode, orientation, RGB, the 1,600 px working copy;
- render: crop, resize to 295 × 413 and the quality search into 80–180 KB;
and prints the medians and the ratio of (prepare + render) to the baseline.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from PIL import Image  # noqa: E402

from teacherreg.documents.photo_fix import HEIC_SUPPORTED, default_crop, prepare_original, render  # noqa: E402
from tests.documents.photo_images import encode, phone_jpeg, portrait  # noqa: E402


def median_ms(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def baseline(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=90)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    inputs = {
        "JPEG 4000×3000 (orientation 6)": phone_jpeg((3000, 4000)),
        "PNG 3000×4000": encode(portrait((3000, 4000)), "PNG"),
    }
    if HEIC_SUPPORTED:
        inputs["HEIC 1200×1600"] = encode(portrait((1200, 1600)), "HEIF", quality=85)
    print(f"{'input':34} {'bytes':>10} {'baseline':>10} {'prepare':>10} {'render':>10} {'ratio':>7}")
    for name, data in inputs.items():
        working = prepare_original(data)
        crop = default_crop(working.width, working.height)
        base = median_ms(lambda d=data: baseline(d), rounds)
        prep = median_ms(lambda d=data: prepare_original(d), rounds)
        rend = median_ms(lambda w=working, c=crop: render(w.jpeg, c), rounds)
        size = len(render(working.jpeg, crop))
        print(
            f"{name:34} {len(data):>10,} {base:>8.0f}ms {prep:>8.0f}ms {rend:>8.0f}ms {(prep + rend) / base:>6.2f}x"
            f"   result {size:,} B"
        )


if __name__ == "__main__":
    main()
