"""The scale-out check's browser: the pieces that need no server."""

from __future__ import annotations

from bench.scale_out_drive import CSRF_COOKIE, SESSION_COOKIE, Browser, drag_to, form_value
from teacherreg.captcha import conf
from teacherreg.captcha.trajectory import check_trail


def test_the_drag_passes_the_captchas_trajectory_rule_and_ends_on_the_target():
    for x in (conf.TARGET_X_RANGE[0], 137, conf.TARGET_X_RANGE[1]):
        trail = drag_to(x)

        assert check_trail(trail, x) is None
        assert trail[0] == [0.0, 0] and trail[-1] == [float(x), 640]


def test_form_value_reads_a_hidden_input_whatever_the_attribute_order():
    page = (
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc&amp;123">'
        '<input type="hidden" name="idempotency_key" id="id_idempotency_key" value="6f1c1f0e-8a47">'
        '<input value="7" type="hidden" name="draft_version">'
    )

    assert form_value(page, "csrfmiddlewaretoken") == "abc&123"
    assert form_value(page, "idempotency_key") == "6f1c1f0e-8a47"
    assert form_value(page, "draft_version") == "7"
    assert form_value(page, "pledge") == ""


def test_the_browser_keeps_secure_cookies_and_forgets_deleted_ones():
    browser = Browser(8080)
    browser._keep_cookie(f"{CSRF_COOKIE}=token1; Path=/; SameSite=Lax; Secure")
    browser._keep_cookie(f"{SESSION_COOKIE}=key1; HttpOnly; Path=/; SameSite=Lax; Secure")
    assert browser.cookies == {CSRF_COOKIE: "token1", SESSION_COOKIE: "key1"}

    browser._keep_cookie(f'{SESSION_COOKIE}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/')

    assert browser.cookies == {CSRF_COOKIE: "token1"}
    assert browser.session_fingerprint() == ""


def test_a_second_tab_shares_the_cookies_but_not_the_log():
    browser = Browser(8080)
    browser.cookies = {SESSION_COOKIE: "key1"}
    browser.csrf = "token"

    tab = browser.copy()
    tab.cookies["other"] = "x"

    assert (tab.cookies[SESSION_COOKIE], tab.csrf, tab.pages) == ("key1", "token", [])
    assert browser.cookies == {SESSION_COOKIE: "key1"}
