"""Solve the captcha in browser tests (testing.md): read the answer from the test hook, then do
what a person does — drag the handle with the mouse, press arrow keys, or type the digits.

The hook (``/captcha/test-hook/<id>/``) exists only when ``TEACHERREG_CAPTCHA_TEST_HOOK`` is on,
which is the test settings alone (P24). Nothing here sleeps: a drag is ``page.mouse.move`` with
``steps`` (chromium delivers one move per frame, so 25 steps take about 400 ms), and key presses
are paced by animation frames.

    from e2e.captcha import solve_slider
    page.goto(live_server.url + "/account/login/")
    solve_slider(page)                      # the first widget on the page
    page.get_by_role("button", name="登录").click()
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from teacherreg.captcha import conf

PASSED = "验证通过"
DRAG_STEPS = 25


def widget(page: Page, index: int = 0) -> Locator:
    return page.locator("[data-captcha]").nth(index)


def _origin(page: Page, live_server_url: str | None) -> str:
    if live_server_url:
        return live_server_url.rstrip("/")
    parts = urlsplit(page.url)
    return f"{parts.scheme}://{parts.netloc}"


def ready(page: Page, index: int = 0) -> Locator:
    """The widget, once its challenge (pictures included) has loaded."""
    box = widget(page, index)
    expect(box).to_have_attribute("data-state", "ready")
    return box


def read_answer(page: Page, live_server_url: str | None = None, index: int = 0) -> dict:
    """The current challenge's answer from the test hook: {"kind", "x", "y"} or {"kind", "digits"}."""
    box = ready(page, index)
    challenge_id = box.get_attribute("data-challenge-id")
    response = page.request.get(f"{_origin(page, live_server_url)}/captcha/test-hook/{challenge_id}/")
    assert response.ok, f"captcha test hook answered {response.status}: is TEACHERREG_CAPTCHA_TEST_HOOK on?"
    return response.json()


def next_frame(page: Page) -> None:
    """Wait until the page has painted once more (about 16 ms): pacing, not sleeping."""
    page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")


def drag_slider(page: Page, x: float, *, steps: int = DRAG_STEPS, index: int = 0) -> None:
    """Press the handle, move it right by ``x`` puzzle pixels in ``steps`` mouse moves, release."""
    box = ready(page, index)
    # A mouse can only drag what is on screen: long forms put the widget below the fold.
    box.scroll_into_view_if_needed()
    handle = box.get_by_role("slider").bounding_box()
    stage = box.locator(".captcha__stage").bounding_box()
    assert handle and stage
    scale = stage["width"] / conf.WIDTH
    start_x, start_y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x + x * scale, start_y, steps=steps)
    page.mouse.up()


def press_slider(page: Page, presses: int, *, index: int = 0) -> None:
    """Arrow-right ``presses`` times on the focused handle, one press per frame, then Enter."""
    handle = widget(page, index).get_by_role("slider")
    expect(handle).to_be_focused()
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
        next_frame(page)
    page.keyboard.press("Enter")


def expect_passed(page: Page, index: int = 0) -> None:
    box = widget(page, index)
    expect(box).to_have_attribute("data-state", "passed")
    expect(box.get_by_role("status")).to_have_text(PASSED)


def solve_slider(page: Page, live_server_url: str | None = None, *, index: int = 0) -> None:
    """Drag the puzzle piece into its hole with the mouse and wait for 验证通过."""
    answer = read_answer(page, live_server_url, index)
    assert answer["kind"] == "slider", "the widget shows the digits: use solve_alternative"
    drag_slider(page, answer["x"], index=index)
    expect_passed(page, index)


def solve_alternative(page: Page, live_server_url: str | None = None, *, index: int = 0) -> None:
    """Switch to the digits (unless shown already), type them and press 验证."""
    box = widget(page, index)
    if box.get_attribute("data-mode") != "digits":
        box.get_by_role("button", name="无法拖动？使用数字验证").click()
        expect(box).to_have_attribute("data-mode", "digits")
    answer = read_answer(page, live_server_url, index)
    assert answer["kind"] == "digits"
    box.get_by_label("验证数字").fill(answer["digits"])
    box.get_by_role("button", name="验证", exact=True).click()
    expect_passed(page, index)


def reset_rate_limits(address: str = "127.0.0.1") -> None:
    """Forget the live server's address in the per-address challenge counter.

    Every browser test comes from 127.0.0.1 and the counter (200 per 10 minutes) lives in the
    shared cache, which outlasts a test — and on Redis, a whole run.
    """
    from teacherreg.captcha.services import reset_address_limit

    reset_address_limit(address)
