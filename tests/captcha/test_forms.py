"""CaptchaFormMixin: the captcha is checked first, its token used up, and a clear message given."""

from __future__ import annotations

import pytest
from django import forms

from teacherreg.captcha import store
from teacherreg.captcha.forms import CaptchaFormMixin
from tests.captcha.helpers import DownCache, request_of, solve

MISSING = "请先完成图形验证。"
EXPIRED = "图形验证已过期，请重新验证。"
UNAVAILABLE = "图形验证暂时无法使用，请稍后再试。"


class Styled:
    """Like the accounts forms' StyledForm: a mixin in front that passes kwargs on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class LoginLike(Styled, CaptchaFormMixin, forms.Form):
    document_number = forms.CharField()
    hashed = 0

    def clean(self):
        cleaned = super().clean()
        type(self).hashed += 1  # stands for authenticate(): must not run without a passed captcha
        return cleaned


@pytest.fixture(autouse=True)
def _reset_counter():
    LoginLike.hashed = 0


def test_it_needs_the_request_and_a_known_purpose(visitor):
    request = request_of(visitor)
    with pytest.raises(TypeError, match="request= and captcha_purpose="):
        LoginLike(request=request)
    with pytest.raises(TypeError):
        LoginLike(captcha_purpose="login")
    with pytest.raises(ValueError, match="Unknown captcha purpose"):
        LoginLike(request=request, captcha_purpose="logon")


def test_it_keeps_the_request_and_purpose_and_adds_a_hidden_token_field(visitor):
    request = request_of(visitor)
    form = LoginLike(request=request, captcha_purpose="login")

    assert form.request is request
    assert form.captcha_purpose == "login"
    assert form.captcha_passed is False
    assert form.fields["captcha_token"].widget.input_type == "hidden"
    assert [f.name for f in form.hidden_fields()] == ["captcha_token"]


def test_a_passed_captcha_lets_the_rest_of_clean_run_once(visitor):
    token = solve(visitor)
    form = LoginLike(
        {"document_number": "X", "captcha_token": token}, request=request_of(visitor), captcha_purpose="login"
    )

    assert form.is_valid(), form.errors
    assert form.captcha_passed is True
    assert LoginLike.hashed == 1


def test_without_a_token_the_expensive_part_never_runs(visitor):
    form = LoginLike({"document_number": "X"}, request=request_of(visitor), captcha_purpose="login")

    assert not form.is_valid()
    assert form.non_field_errors() == [MISSING]
    assert form.non_field_errors().as_data()[0].code == "captcha_missing"
    assert LoginLike.hashed == 0


@pytest.mark.parametrize("purpose_used", ["login", "reset"])
def test_a_used_or_foreign_token_says_verify_again(visitor, purpose_used):
    token = solve(visitor, purpose=purpose_used)
    first = LoginLike(
        {"document_number": "X", "captcha_token": token}, request=request_of(visitor), captcha_purpose="login"
    )
    first.is_valid()
    again = LoginLike(
        {"document_number": "X", "captcha_token": token}, request=request_of(visitor), captcha_purpose="login"
    )

    assert not again.is_valid()
    assert again.non_field_errors() == [EXPIRED]
    assert again.captcha_passed is False


def test_the_token_is_used_up_even_when_other_fields_are_wrong(visitor):
    token = solve(visitor)
    first = LoginLike(
        {"document_number": "", "captcha_token": token}, request=request_of(visitor), captcha_purpose="login"
    )
    second = LoginLike(
        {"document_number": "X", "captcha_token": token}, request=request_of(visitor), captcha_purpose="login"
    )

    assert not first.is_valid()
    assert "document_number" in first.errors
    assert not second.is_valid()
    assert second.non_field_errors() == [EXPIRED]


def test_two_tokens_in_one_post_are_refused(visitor):
    from django.http import QueryDict

    first, second = solve(visitor), solve(visitor)
    data = QueryDict(mutable=True)
    data["document_number"] = "X"
    data.setlist("captcha_token", [first, second])
    form = LoginLike(data, request=request_of(visitor), captcha_purpose="login")

    assert not form.is_valid()
    assert form.non_field_errors() == [EXPIRED]


def test_a_cache_outage_says_try_later(visitor, monkeypatch):
    token = solve(visitor)
    monkeypatch.setattr(store, "_cache", lambda: DownCache())
    form = LoginLike(
        {"document_number": "X", "captcha_token": token}, request=request_of(visitor), captcha_purpose="login"
    )

    assert not form.is_valid()
    assert form.non_field_errors() == [UNAVAILABLE]
    assert LoginLike.hashed == 0


def test_a_form_shown_again_never_carries_the_old_token(visitor):
    token = solve(visitor)
    form = LoginLike(
        {"document_number": "", "captcha_token": token}, request=request_of(visitor), captcha_purpose="login"
    )
    form.is_valid()

    html = str(form["captcha_token"])

    assert token not in html
    assert 'name="captcha_token"' in html and 'type="hidden"' in html
