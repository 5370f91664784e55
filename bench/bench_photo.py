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


def median_ms(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def baseline(data: bytes) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=90)


def inputs() -> dict[str, bytes]:
    from teacherreg.documents.photo_fix import HEIC_SUPPORTED
    from tests.documents.photo_images import encode, phone_jpeg, portrait

    found = {
        "JPEG 4000×3000 (orientation 6)": phone_jpeg((3000, 4000)),
        "PNG 3000×4000": encode(portrait((3000, 4000)), "PNG"),
    }
    if HEIC_SUPPORTED:
        found["HEIC 1200×1600"] = encode(portrait((1200, 1600)), "HEIF", quality=85)
    return found


def measure_one(data: bytes, rounds: int) -> dict[str, float]:
    """Medians in ms for one input: baseline, prepare, render, and their sum ("fix")."""
    from teacherreg.documents.photo_fix import default_crop, prepare_original, render

    working = prepare_original(data)
    crop = default_crop(working.width, working.height)
    base = median_ms(lambda: baseline(data), rounds)
    prep = median_ms(lambda: prepare_original(data), rounds)
    rend = median_ms(lambda: render(working.jpeg, crop), rounds)
    return {
        "bytes": len(data),
        "baseline_ms": base,
        "prepare_ms": prep,
        "render_ms": rend,
        "fix_ms": prep + rend,
        "result_bytes": len(render(working.jpeg, crop)),
    }


def measure(rounds: int = 5) -> dict[str, dict[str, float]]:
    """Every input's figures (Django must be set up)."""
    return {name: measure_one(data, rounds) for name, data in inputs().items()}


def main() -> None:
    import django

    django.setup()
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"{'input':34} {'bytes':>10} {'baseline':>10} {'prepare':>10} {'render':>10} {'ratio':>7}")
    for name, found in measure(rounds).items():
        base, prep, rend = found["baseline_ms"], found["prepare_ms"], found["render_ms"]
        ratio = (prep + rend) / base
        print(
            f"{name:34} {found['bytes']:>10,} {base:>8.0f}ms {prep:>8.0f}ms {rend:>8.0f}ms {ratio:>6.2f}x"
            f"   result {found['result_bytes']:,} B"
        )


if __name__ == "__main__":
    main()
