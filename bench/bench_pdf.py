"""申请表 PDF generation time: cold (rendered) and cached, against a baseline in the same run.

Run: ``.venv/bin/python bench/bench_pdf.py [--runs 30]``. A benchmark, not a test: it prints
figures and asserts nothing (testing.md). The baseline is a one-line ReportLab page with the
same embedded font, so the ratio says what our layout costs on top of ReportLab itself, on
whatever machine this runs. It uses a throwaway test database and a temporary private folder.
"""

from __future__ import annotations

import argparse
import io
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
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
        baseline = timed(baseline_page, args.runs)
        cold = timed(lambda: render_application_form(application), args.runs)
        application_form(application)  # fill the cache
        cached = timed(lambda: application_form(application), args.runs)
        size = len(render_application_form(application))
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        folder.cleanup()

    def line(name: str, values: list[float]) -> str:
        median = statistics.median(values)
        ratio = median / statistics.median(baseline)
        return f"{name:<34}{median:9.1f} ms median {max(values):9.1f} ms max   ×{ratio:5.1f} baseline"

    print(f"申请表 PDF, {args.runs} runs each (file size {size / 1024:.0f} KB)")
    print(f"{'font load (once per process)':<34}{font_load:9.1f} ms")
    print(f"{'first render in the process':<34}{first:9.1f} ms")
    print(line("baseline: one-line ReportLab page", baseline))
    print(line("cold: render (queries + layout)", cold))
    print(line("cached: read from private storage", cached))


if __name__ == "__main__":
    main()
