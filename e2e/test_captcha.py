"""The captcha widget in a real browser (P11; security.md §2.8): mouse, finger, keyboard and the
digits alternative pass; a synthetic drag is refused; axe finds nothing serious.

The page is the test-only demo form (/captcha/test-form/<purpose>/): the widget inside a form
whose POST consumes the token and shows "ok".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.captcha import (
    drag_slider,
    expect_passed,
    next_frame,
    press_slider,
    read_answer,
    ready,
    reset_rate_limits,
    solve_alternative,
    solve_slider,
    widget,
)
from e2e.harness import PHONE, block_outside_hosts
from teacherreg.captcha import conf

FORM = "/captcha/test-form/{purpose}/"


@pytest.fixture(autouse=True)
def _fresh_address_counter(live_server):
    reset_rate_limits()


def _open(page: Page, live_server, purpose: str = "login") -> None:
    page.goto(live_server.url + FORM.format(purpose=purpose))
    expect(page.get_by_role("heading", level=1, name="图形验证测试页")).to_be_visible()
    ready(page)


def _submit_and_expect_ok(page: Page) -> None:
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("status").filter(has_text="ok")).to_have_text("ok")


def test_a_mouse_drag_passes_and_the_form_takes_the_token(page: Page, live_server, axe, shoot):
    _open(page, live_server)
    box = widget(page)
    expect(page.get_by_role("group", name="安全验证")).to_be_visible()
    handle = box.get_by_role("slider", name="拼图滑块")
    expect(handle).to_have_attribute("aria-valuemin", "0")
    expect(handle).to_have_attribute("aria-valuemax", str(conf.MAX_OFFSET))
    expect(handle).to_have_attribute("aria-valuenow", "0")
    expect(box.get_by_role("img", name="拼图验证图片，图中有一个拼图形状的缺口")).to_be_visible()
    expect(box.get_by_role("button", name="换一张")).to_be_visible()
    expect(box.get_by_role("button", name="无法拖动？使用数字验证")).to_be_visible()
    axe(page)
    shoot(page, "slider")

    first = box.get_attribute("data-challenge-id")
    box.get_by_role("button", name="换一张").click()
    expect(box).not_to_have_attribute("data-challenge-id", first or "")
    ready(page)

    solve_slider(page, live_server.url)

    expect(handle).to_have_attribute("aria-disabled", "true")
    assert page.locator('input[name="captcha_token"]').input_value()
    expect(box.get_by_role("button", name="换一张")).to_be_hidden()
    axe(page)
    shoot(page, "slider-passed")
    _submit_and_expect_ok(page)


def test_a_keyboard_user_passes_with_arrow_keys(page: Page, live_server, axe, shoot):
    _open(page, live_server, "sms_send")
    handle = widget(page).get_by_role("slider")
    for _ in range(40):  # from the top of the page, as a keyboard user gets there
        page.keyboard.press("Tab")
        if handle.evaluate("element => element === document.activeElement"):
            break
    expect(handle).to_be_focused()
    shoot(page, "keyboard-focus")
    x = read_answer(page)["x"]

    press_slider(page, round(x / conf.KEY_STEP_PX))

    expect_passed(page)
    expect(handle).to_be_focused()  # focus stays put; the next Tab reaches the submit button
    axe(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="提交")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="ok")).to_have_text("ok")


def test_the_digits_alternative_shows_a_picture_plays_audio_and_passes(page: Page, live_server, axe, shoot):
    _open(page, live_server, "reset")
    box = widget(page)

    box.get_by_role("button", name="无法拖动？使用数字验证").click()

    expect(box).to_have_attribute("data-mode", "digits")
    ready(page)
    expect(box.get_by_role("img", name="数字验证码图片")).to_be_visible()
    answer_input = box.get_by_label("验证数字")
    expect(answer_input).to_be_focused()
    expect(answer_input).to_have_attribute("inputmode", "numeric")
    audio = box.locator("audio")
    expect(audio).to_have_attribute("controls", "")
    source = audio.evaluate("element => element.src")
    spoken = page.request.get(source)
    assert spoken.ok and spoken.headers["content-type"] == "audio/wav"
    assert spoken.body()[:4] == b"RIFF"
    expect(box.get_by_role("button", name="改用拖动滑块验证")).to_be_visible()
    axe(page)
    shoot(page, "digits")

    digits = read_answer(page)["digits"]
    wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    before = box.get_attribute("data-challenge-id")
    answer_input.fill(wrong)
    answer_input.press("Enter")  # Enter verifies; it must not submit the surrounding form

    expect(box.get_by_role("status")).to_have_text("数字不正确，已换一组新的数字，请再试一次。")
    expect(box).not_to_have_attribute("data-challenge-id", before or "")
    expect(page).to_have_url(re.compile(r"/captcha/test-form/reset/$"))
    shoot(page, "digits-wrong")

    solve_alternative(page)

    axe(page)
    shoot(page, "digits-passed")
    _submit_and_expect_ok(page)


def test_a_too_fast_drag_is_refused_and_a_new_picture_offered(page: Page, live_server, shoot):
    _open(page, live_server)
    box = widget(page)
    before = box.get_attribute("data-challenge-id")
    x = read_answer(page)["x"]

    drag_slider(page, x, steps=3)  # the right place, but three jumps: not a hand

    expect(box.get_by_role("status")).to_have_text("拖动过快或不连贯，已换一张图片，请按住滑块平稳拖到缺口处。")
    ready(page)
    expect(box).not_to_have_attribute("data-challenge-id", before or "")
    expect(box.get_by_role("slider")).to_have_attribute("aria-valuenow", "0")
    assert page.locator('input[name="captcha_token"]').input_value() == ""
    shoot(page, "too-fast")

    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert")).to_contain_text("请先完成图形验证。")

    solve_slider(page)
    _submit_and_expect_ok(page)


def test_a_wrong_drop_is_refused_with_a_new_picture(page: Page, live_server):
    _open(page, live_server)
    x = read_answer(page)["x"]

    drag_slider(page, x - 30 if x > 100 else x + 30)

    expect(widget(page).get_by_role("status")).to_have_text("没有对准缺口，已换一张图片，请再试一次。")
    solve_slider(page)


def test_a_finger_drag_passes_on_a_phone(browser: Browser, live_server, axe):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="zh-CN")
    outside = block_outside_hosts(context)
    try:
        page = context.new_page()
        _open(page, live_server, "certificate_query")
        box = widget(page)
        stage = box.locator(".captcha__stage").bounding_box()
        handle = box.get_by_role("slider").bounding_box()
        assert stage and handle
        assert stage["width"] < conf.WIDTH  # scaled down to fit the phone
        assert handle["height"] >= 44  # a finger-sized target
        x = read_answer(page)["x"] * stage["width"] / conf.WIDTH
        start_x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2

        cdp = context.new_cdp_session(page)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start_x, "y": y}]})
        for step in range(1, 26):
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": "touchMove", "touchPoints": [{"x": start_x + x * step / 25, "y": y}]},
            )
            page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

        expect_passed(page)
        axe(page)
        _submit_and_expect_ok(page)
    finally:
        context.close()
    assert not outside


def test_a_slow_first_picture_does_not_replace_the_digits_asked_for_after_it(page: Page, live_server):
    """无法拖动？ pressed before the first challenge came back: the late slider answer is dropped.

    CI once saw the keyboard login read the slider's answer after it had asked for the digits.
    """
    held = []

    def hold_the_first(route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/captcha/challenge/", hold_the_first)
    page.goto(live_server.url + FORM.format(purpose="login"))
    box = widget(page)
    expect(box).to_have_attribute("data-state", "loading")
    assert len(held) == 1  # the first (slider) challenge is still on its way

    box.get_by_role("button", name="无法拖动？使用数字验证").click()
    ready(page)
    expect(box).to_have_attribute("data-mode", "digits")
    digits_id = box.get_attribute("data-challenge-id")

    with page.expect_response("**/captcha/challenge/") as late:
        held[0].continue_()
    assert late.value.json()["challenge"]["kind"] == "slider"
    for _ in range(3):
        next_frame(page)

    expect(box).to_have_attribute("data-mode", "digits")
    expect(box).to_have_attribute("data-state", "ready")
    assert box.get_attribute("data-challenge-id") == digits_id
    solve_alternative(page)
    _submit_and_expect_ok(page)
