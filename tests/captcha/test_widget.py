"""{% captcha_widget %}: the markup the browser gets (keyboard slider, refresh, alternative)."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template

from tests.captcha.helpers import request_of


def _render(source: str, request) -> str:
    return Template("{% load captcha %}" + source).render(Context({"request": request}))


@pytest.fixture
def request_(visitor):
    return request_of(visitor)


def test_it_renders_a_keyboard_operable_slider_and_its_alternative(request_):
    html = _render('<form>{% captcha_widget "login" %}</form>', request_)

    handle = re.search(r'<div class="captcha__handle"[^>]*>', html).group(0)
    assert 'role="slider"' in handle
    assert 'tabindex="0"' in handle
    assert 'aria-label="拼图滑块"' in handle
    assert 'aria-valuemin="0"' in handle and 'aria-valuemax="260"' in handle and 'aria-valuenow="0"' in handle
    assert 'aria-describedby="captcha-1-hint"' in handle
    assert "按方向键移动，按回车键确认" in html
    assert "换一张" in html
    assert "无法拖动？使用数字验证" in html
    assert "<audio" in html and "controls" in html
    assert '<label class="form-label captcha__answer-label" for="captcha-1-answer">验证数字</label>' in html
    assert 'data-purpose="login"' in html
    assert 'data-challenge-url="/captcha/challenge/"' in html
    assert 'data-verify-url="/captcha/verify/"' in html
    assert 'data-field="captcha_token"' in html
    assert "<legend" in html


def test_it_is_ready_for_a_content_security_policy(request_):
    html = _render('{% captcha_widget "sms_send" %}', request_)

    assert " style=" not in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/captcha/captcha.js" defer>']
    assert not re.search(r"\son[a-z]+=", html)  # no onclick= and the like


def test_two_widgets_on_a_page_get_their_own_ids_and_the_assets_once(request_):
    html = _render('{% captcha_widget "login" %}{% captcha_widget "reset" %}', request_)

    assert html.count("captcha.js") == 1
    assert html.count("captcha.css") == 1
    assert 'id="captcha-1"' in html and 'id="captcha-2"' in html


def test_the_purpose_may_come_from_a_variable(request_):
    html = Template("{% load captcha %}{% captcha_widget purpose %}").render(
        Context({"request": request_, "purpose": "certificate_query"})
    )

    assert 'data-purpose="certificate_query"' in html


def test_an_unknown_purpose_is_a_programming_error(request_):
    with pytest.raises(ValueError, match="Unknown captcha purpose"):
        _render('{% captcha_widget "logon" %}', request_)


def test_it_needs_the_request():
    with pytest.raises(Exception, match="needs the request"):
        Template('{% load captcha %}{% captcha_widget "login" %}').render(Context({}))
