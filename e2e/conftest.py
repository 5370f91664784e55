"""Browser-test harness (testing.md): Debian chromium through Playwright's sync API.

Fixtures:
- ``browser``: one chromium for the session, launched from /usr/bin/chromium.
- ``page``: a fresh context and page per test, at desktop width, in Chinese. Requests to any
  host other than the live server are blocked and fail the test: pages must work offline.
- ``axe``: runs the vendored axe-core on the current page; serious and critical violations fail.
- ``shoot``: full-page screenshots at 1280 px and 360 px into ``e2e/artifacts/``.

Every test under e2e/ gets the ``e2e`` marker. No test sleeps: use ``expect``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from e2e.harness import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    E2E_DIR,
    FAILING_IMPACTS,
    PHONE,
    axe_report,
    block_outside_hosts,
)

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# the database calls that fixtures make from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-packages` (Debian package chromium).")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    # Every browser test comes from 127.0.0.1 and the captcha's per-address counter lives in
    # the shared cache (on Redis it outlasts a run); SMS captured in memory outlast a test.
    from e2e.captcha import reset_rate_limits
    from teacherreg.notify.sms.backends import MemorySmsProvider

    reset_rate_limits()
    MemorySmsProvider.clear()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    outside = block_outside_hosts(context)
    page = context.new_page()
    yield page
    context.close()
    assert not outside, "The page requested other hosts (every asset must be served locally):\n" + "\n".join(outside)


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = finders.find("vendor/axe-core/axe.min.js")
    assert path, "vendor/axe-core/axe.min.js is missing from the static files"
    return Path(path).read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source: str) -> Callable[[Page], None]:
    """Check the page as it is now; fail with a readable report on serious/critical findings."""

    def check(page: Page) -> None:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
        failing = [v for v in result["violations"] if v.get("impact") in FAILING_IMPACTS]
        if failing:
            pytest.fail(axe_report(page.url, failing), pytrace=False)

    return check


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[..., None]:
    """Save ``<test>--<name>--1280.png`` and ``--360.png`` (or only the sizes asked for).

    The page gets its viewport back afterwards, so a phone-width step stays at phone width.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name)

    def take(page: Page, name: str, sizes: tuple[dict, ...] = (DESKTOP, PHONE)) -> None:
        before = page.viewport_size
        for size in sizes:
            if page.viewport_size != size:
                page.set_viewport_size(size)
            page.screenshot(path=ARTIFACTS / f"{test_name}--{name}--{size['width']}.png", full_page=True)
        if before and page.viewport_size != before:
            page.set_viewport_size(before)

    return take
