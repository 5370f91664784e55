"""The benchmark's bare endpoint (issue 7 item 2): the floor every page is compared with.

It runs through the same server, settings and middleware as every page, but touches no
database, no session and no template, so the ratio of a page to it says what the page itself
costs. It exists only when ``TEACHERREG_BENCH_BASELINE`` is on (``config/urls.py``); nothing
turns it on but ``bench/run.py``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")
