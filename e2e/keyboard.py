"""Doing things with the keyboard alone, as a person without a mouse does (issue 8 item 5).

``tab_to`` presses Tab (or Shift+Tab) until the element has the focus, so a control that Tab
never reaches fails the test; every other helper starts from there and uses only keys.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from e2e.harness import settled

TAB_LIMIT = 400


def focused(locator: Locator) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def tab_to(page: Page, locator: Locator, *, backwards: bool = False) -> None:
    """Move the focus to ``locator`` with Tab presses only; fail if it is never reached."""
    expect(locator).to_be_visible()
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(TAB_LIMIT):
        if focused(locator):
            return
        page.keyboard.press(key)
    raise AssertionError(f"Tab never reached {locator}")


def press(page: Page, locator: Locator, key: str = "Enter") -> None:
    tab_to(page, locator)
    page.keyboard.press(key)


def type_into(page: Page, locator: Locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def choose(page: Page, select: Locator, label: str, limit: int = 80) -> None:
    """Pick an option of a closed <select> with the arrow keys (each press is a change, so
    an htmx-driven form may redraw; the focus stays on the select by its id)."""
    tab_to(page, select)
    select = page.locator(f"#{select.get_attribute('id')}")  # the same control after a redraw
    for _ in range(limit):
        if select.evaluate("el => (el.options[el.selectedIndex] || {}).text || ''").strip() == label:
            return
        page.keyboard.press("ArrowDown")
        settled(page)
    raise AssertionError(f"{label!r} is not among the options of {select}")


def type_date(page: Page, locator: Locator, iso: str) -> None:
    """Type a date into a date input segment by segment, as a person does. Debian's headless
    chromium draws the control in its UI locale, en-US (mm/dd/yyyy: month and day move on
    after two digits), whatever language the page asks for; the check after typing says so
    plainly if that ever changes."""
    year, month, day = iso.split("-")
    tab_to(page, locator)
    page.keyboard.type(month + day + year)
    expect(locator).to_have_value(iso)
