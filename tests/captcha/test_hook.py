"""The test-settings-only hook and demo form (testing.md; P24): on in config.settings.test,
404 when the setting is off, refused by the production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.captcha.helpers import answer_of, new_challenge, solve

ROOT = Path(__file__).resolve().parents[2]


def test_the_test_settings_turn_the_hook_on():
    assert settings.TEACHERREG_CAPTCHA_TEST_HOOK is True


def test_the_hook_tells_a_browser_test_the_answer(visitor):
    slider = new_challenge(visitor)
    digits = new_challenge(visitor, kind="digits")

    slider_answer = visitor.get(f"/captcha/test-hook/{slider['id']}/")
    digits_answer = visitor.get(f"/captcha/test-hook/{digits['id']}/")

    assert slider_answer.status_code == 200 and "no-store" in slider_answer["Cache-Control"]
    assert set(slider_answer.json()) == {"kind", "x", "y"}
    assert slider_answer.json() == answer_of(slider)
    assert digits_answer.json() == {"kind": "digits", "digits": answer_of(digits)["digits"]}


def test_the_hook_is_404_for_an_unknown_challenge(visitor):
    assert visitor.get("/captcha/test-hook/AAAAAAAAAAAAAAAAAAAAAAAA/").status_code == 404


def test_the_hook_and_the_demo_form_are_404_when_the_setting_is_off(visitor, settings):
    challenge = new_challenge(visitor)
    settings.TEACHERREG_CAPTCHA_TEST_HOOK = False

    assert visitor.get(f"/captcha/test-hook/{challenge['id']}/").status_code == 404
    assert visitor.get("/captcha/test-form/login/").status_code == 404
    assert visitor.post("/captcha/test-form/login/", {"captcha_token": "x"}).status_code == 404


def test_the_base_settings_keep_the_hook_off():
    from config.settings import base

    assert base.TEACHERREG_CAPTCHA_TEST_HOOK is False


def test_production_settings_refuse_to_start_with_the_hook():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEACHERREG_", "DATABASE_", "REDIS_"))}
    for line in (ROOT / ".ci/production-check.env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", "TEACHERREG_CAPTCHA_TEST_HOOK": "1"}

    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "P24: the captcha test hook cannot be enabled in production." in result.stderr


def test_the_demo_form_shows_the_widget_and_ok_after_a_passed_captcha(visitor):
    page = visitor.get("/captcha/test-form/login/")
    token = solve(visitor)

    passed = visitor.post("/captcha/test-form/login/", {"captcha_token": token})
    replayed = visitor.post("/captcha/test-form/login/", {"captcha_token": token})
    empty = visitor.post("/captcha/test-form/login/", {})

    assert page.status_code == 200
    assert 'role="slider"' in page.content.decode()
    assert 'name="captcha_token"' in page.content.decode()
    assert '<p class="alert alert-success" role="status">ok</p>' in passed.content.decode()
    assert "图形验证已过期，请重新验证。" in replayed.content.decode()
    assert "请先完成图形验证。" in empty.content.decode()
    assert visitor.get("/captcha/test-form/unknown/").status_code == 404
