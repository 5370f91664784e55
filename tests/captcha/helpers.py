"""Helpers for the captcha tests: challenges, answers, good drags, direct requests."""

from __future__ import annotations

import random

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from redis.exceptions import ConnectionError as RedisConnectionError

from teacherreg.captcha import services


def a_new_address() -> str:
    return "10.{}.{}.{}".format(*(random.randint(1, 254) for _ in range(3)))


def new_challenge(client: Client, kind: str = "slider", purpose: str = "login") -> dict:
    response = client.post("/captcha/challenge/", {"purpose": purpose, "kind": kind}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["challenge"]


def answer_of(challenge: dict) -> dict:
    answer = services.answer_for_test_hook(challenge["id"])
    assert answer is not None
    return answer


def trail_to(x: float, steps: int = 25, duration_ms: int = 400) -> list[list[float]]:
    """A smooth drag from 0 to x: the press, then ``steps`` evenly timed steps."""
    return [[round(x * i / steps, 1), round(duration_ms * i / steps)] for i in range(steps + 1)]


def verify(client: Client, challenge: dict, **answer) -> dict:
    body = {"id": challenge["id"], "purpose": challenge["purpose"], "kind": challenge["kind"], **answer}
    response = client.post("/captcha/verify/", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def solve(client: Client, kind: str = "slider", purpose: str = "login") -> str:
    """Pass a challenge like a person would and return the token."""
    challenge = new_challenge(client, kind, purpose)
    answer = answer_of(challenge)
    if kind == "slider":
        result = verify(client, challenge, x=answer["x"], trail=trail_to(answer["x"]))
    else:
        result = verify(client, challenge, answer=answer["digits"])
    assert result["ok"] is True, result
    return result["token"]


def request_of(client: Client):
    """A request carrying the client's session, for calling consume_token directly."""
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value if settings.SESSION_COOKIE_NAME in client.cookies else None
    request.session = SessionStore(key)
    return request


class DownCache:
    """A cache whose every call fails as an unreachable Redis (or ``error``) does."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error or RedisConnectionError("Connection refused")

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise self.error

        return fail
