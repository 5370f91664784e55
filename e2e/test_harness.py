"""The harness can fail: axe reports real violations and outside requests are caught."""

import pytest
from playwright.sync_api import Browser, Page

from e2e.harness import DESKTOP, block_outside_hosts

BAD_PAGE = """<!doctype html><html lang="zh-hans"><head><title>坏页面</title></head>
<body><main><h1>坏页面</h1><button></button></main></body></html>"""


def test_it_fails_on_a_serious_accessibility_violation(page: Page, axe):
    page.set_content(BAD_PAGE)

    with pytest.raises(pytest.fail.Exception, match=r"\[critical\] button-name") as failure:
        axe(page)

    assert "<button></button>" in str(failure.value)


def test_it_blocks_and_reports_requests_to_other_hosts(browser: Browser):
    context = browser.new_context(viewport=DESKTOP)
    try:
        outside = block_outside_hosts(context)
        page = context.new_page()

        page.set_content('<img alt="" src="https://cdn.example.invalid/logo.png">')

        assert outside == ["https://cdn.example.invalid/logo.png"]
    finally:
        context.close()
