"""Tokens (P11; security.md §4.5 "replayed captcha ticket"): 120 s, used once, bound to the
session and to one purpose."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore

from teacherreg.captcha import store
from teacherreg.captcha.services import consume_token
from tests.captcha.helpers import DownCache, request_of, solve

MONDAY_9AM = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def test_it_accepts_a_token_once(visitor):
    token = solve(visitor)

    assert consume_token(request_of(visitor), "login", token) is True
    assert consume_token(request_of(visitor), "login", token) is False


@pytest.mark.parametrize(
    "purpose", ["login", "reset", "sms_send", "certificate_query", "sign_up", "objection", "support"]
)
def test_a_token_serves_the_purpose_it_was_issued_for(visitor, purpose):
    token = solve(visitor, purpose=purpose)

    assert consume_token(request_of(visitor), purpose, token) is True


def test_it_refuses_a_token_issued_for_another_purpose_and_burns_it(visitor):
    token = solve(visitor, purpose="login")

    assert consume_token(request_of(visitor), "sms_send", token) is False
    assert consume_token(request_of(visitor), "login", token) is False


def test_it_refuses_a_token_shown_by_another_session(make_visitor):
    holder, thief = make_visitor(), make_visitor()
    token = solve(holder)
    solve(thief)  # the thief has a session of their own

    assert consume_token(request_of(thief), "login", token) is False


def test_it_refuses_a_request_without_a_session(visitor):
    token = solve(visitor)
    request = request_of(visitor)
    request.session = SessionStore(None)

    assert consume_token(request, "login", token) is False


def test_it_accepts_a_token_for_120_seconds_and_not_after(visitor):
    with time_machine.travel(MONDAY_9AM, tick=False) as clock:
        first, second = solve(visitor), solve(visitor)

        clock.shift(120)
        assert consume_token(request_of(visitor), "login", first) is True
        clock.shift(1)
        assert consume_token(request_of(visitor), "login", second) is False


@pytest.mark.parametrize("token", ["", "   ", None, "x" * 101, "not-a-token-we-issued"])
def test_it_refuses_missing_and_made_up_tokens(visitor, token):
    solve(visitor)

    assert consume_token(request_of(visitor), "login", token) is False


def test_an_unknown_purpose_is_a_programming_error(visitor):
    with pytest.raises(ValueError, match="Unknown captcha purpose 'logon'"):
        consume_token(request_of(visitor), "logon", "anything")


def test_it_fails_closed_when_the_cache_is_down(visitor, monkeypatch):
    token = solve(visitor)
    monkeypatch.setattr(store, "_cache", lambda: DownCache())

    assert consume_token(request_of(visitor), "login", token) is False
