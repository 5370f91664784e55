"""申请表 PDF generation time: cold (rendered) and cached, against a baseline in the same run.

Run: ``.venv/bin/python bench/bench_pdf.py [--runs 30]``. A benchmark, not a test: it prints
figures and asserts nothing (testing.md). The baseline is a one-line ReportLab page with the
same embedded font, so the ratio says what our layout costs on top of ReportLab itself, on
whatever machine this runs. It uses a throwaway test database and a temporary private folder.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def baseline_page() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from teacherreg.registration.pdf import fonts

    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=fonts.MAIN_FONT)
    canvas.setFont(fonts.MAIN_FONT, 12)
    canvas.drawString(72, 720, "教师资格定期注册申请表")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with ``pct`` % of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def measure(runs: int = 30) -> dict[str, float]:
    """Every figure of this benchmark in ms (and the file size in KB). Needs Django set up; uses
    a throwaway test database on whatever ``DATABASES`` names and a temporary private folder."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    folder = tempfile.TemporaryDirectory()
    settings.TEACHERREG_PRIVATE_ROOT = Path(folder.name) / "private"
    settings.MEDIA_ROOT = Path(folder.name) / "media"
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from teacherreg.registration.pdf import application_form, fonts, render_application_form
        from tests.registration.pdf_world import full_application

        start = time.perf_counter()
        fonts.main_font()
        font_load = (time.perf_counter() - start) * 1000
        application = full_application()

        first = timed(lambda: render_application_form(application), 1)[0]
        baseline = timed(baseline_page, runs)
        cold = timed(lambda: render_application_form(application), runs)
        application_form(application)  # fill the cache
        cached = timed(lambda: application_form(application), runs)
        size = len(render_application_form(application))
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        folder.cleanup()
    return {
        "runs": runs,
        "font_load_ms": font_load,
        "first_ms": first,
        "baseline_p50_ms": statistics.median(baseline),
        "cold_p50_ms": statistics.median(cold),
        "cold_p95_ms": percentile(cold, 95),
        "cold_max_ms": max(cold),
        "cached_p50_ms": statistics.median(cached),
        "cached_p95_ms": percentile(cached, 95),
        "size_kb": size / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    found = measure(args.runs)
    base = found["baseline_p50_ms"]

    def line(name: str, key: str) -> str:
        p50, p95 = found[f"{key}_p50_ms"], found.get(f"{key}_p95_ms", found[f"{key}_p50_ms"])
        return f"{name:<34}{p50:9.1f} ms p50 {p95:9.1f} ms p95   ×{p50 / base:5.1f} baseline"

    print(f"申请表 PDF, {args.runs} runs each (file size {found['size_kb']:.0f} KB)")
    print(f"{'font load (once per process)':<34}{found['font_load_ms']:9.1f} ms")
    print(f"{'first render in the process':<34}{found['first_ms']:9.1f} ms")
    print(line("baseline: one-line ReportLab page", "baseline"))
    print(line("cold: render (queries + layout)", "cold"))
    print(line("cached: read from private storage", "cached"))


if __name__ == "__main__":
    main()
