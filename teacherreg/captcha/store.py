"""Challenge, image, token and rate-counter records in the shared cache.

The cache is ``settings.CACHES["default"]``: the database cache in the embedded default, Redis
in CI and production, so every web process sees the same records. Answers live only here,
keyed by a random challenge id; tokens are stored under a hash of themselves and sessions
under a keyed hash, so a dump of the cache yields neither a usable token nor a session key.

Any cache failure becomes ``CaptchaUnavailable``: callers fail closed (no token, no
challenge) with a message, never a 500 (security.md finding 4, §5.2).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from teacherreg.captcha.conf import CHALLENGE_TTL_SECONDS, TOKEN_TTL_SECONDS, Limit

try:  # redis-py is installed everywhere (requirements.lock); guard anyway for clarity
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError  # type: ignore[assignment,misc]

logger = logging.getLogger(__name__)

CACHE_ERRORS: tuple[type[BaseException], ...] = (DatabaseError, RedisError, OSError)
# Records outlive their logical expiry by a little; the stored timestamp decides validity, so
# tests can move the clock (time-machine) whatever the backend's own TTL does.
SLACK_SECONDS = 5

T = TypeVar("T")


class CaptchaUnavailable(Exception):
    """The shared cache could not be read or written."""


def _cache():
    return caches["default"]


def _call(operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return operation(*args, **kwargs)
    except CACHE_ERRORS as exc:
        logger.warning("captcha cache unavailable: %s", type(exc).__name__)
        raise CaptchaUnavailable from exc


def _digest(namespace: str, value: str) -> str:
    return salted_hmac(f"teacherreg.captcha.{namespace}", value).hexdigest()[:40]


def session_binding(request: HttpRequest, *, create: bool = False) -> str | None:
    """A keyed hash of the session key; with ``create`` the session is made (and its cookie set)."""
    session = request.session
    # Reading loads the session: a cookie naming an expired session then drops its key here,
    # instead of binding to a key that the response is about to replace.
    session.get("_captcha_probe")
    if session.session_key is None:
        if not create:
            return None
        session.save()
        session.modified = True  # make SessionMiddleware send the cookie even without SAVE_EVERY_REQUEST
    return _digest("session", session.session_key)


def _challenge_key(challenge_id: str) -> str:
    return f"captcha:challenge:{challenge_id}"


def _images_key(challenge_id: str) -> str:
    return f"captcha:images:{challenge_id}"


def _token_key(token: str) -> str:
    return "captcha:token:" + hashlib.sha256(token.encode()).hexdigest()


def put_challenge(challenge_id: str, state: dict, images: dict[str, bytes]) -> None:
    timeout = CHALLENGE_TTL_SECONDS + SLACK_SECONDS
    _call(_cache().set_many, {_challenge_key(challenge_id): state, _images_key(challenge_id): images}, timeout)


def peek_challenge(challenge_id: str) -> dict | None:
    state = _call(_cache().get, _challenge_key(challenge_id))
    if state is None or time.time() > state["expires"]:
        return None
    return state


def challenge_images(challenge_id: str, session: str | None) -> dict[str, bytes] | None:
    state = peek_challenge(challenge_id)
    if state is None or session is None or state["session"] != session:
        return None
    return _call(_cache().get, _images_key(challenge_id))


def take_challenge(challenge_id: str, session: str | None) -> dict | None:
    """Remove the challenge and return it, once (P11: one attempt per challenge).

    Two parallel attempts may both read it; only the one whose delete removed the record wins.
    A challenge of another session is left alone and reported as missing.
    """
    cache = _cache()
    state = _call(cache.get, _challenge_key(challenge_id))
    if state is None or session is None or state["session"] != session:
        return None
    if not _call(cache.delete, _challenge_key(challenge_id)):
        return None
    _call(cache.delete, _images_key(challenge_id))
    if time.time() > state["expires"]:
        return None
    return state


def put_token(token: str, record: dict) -> None:
    _call(_cache().set, _token_key(token), record, TOKEN_TTL_SECONDS + SLACK_SECONDS)


def take_token(token: str) -> dict | None:
    """Remove the token's record and return it, once; a second caller gets None."""
    cache = _cache()
    key = _token_key(token)
    record = _call(cache.get, key)
    if record is None or not _call(cache.delete, key):
        return None
    return record


def hit(limit: Limit, subject: str) -> tuple[bool, int]:
    """Count one event in the current fixed window; return (allowed, seconds until it ends).

    ``add`` then ``incr`` is atomic on Redis (INCRBY keeps the TTL); the database cache is
    good enough for the single-machine default. The window number is part of the key, so a
    backend that resets the TTL on ``incr`` cannot stretch a window.
    """
    now = time.time()
    window = int(now // limit.seconds)
    key = f"captcha:rate:{limit.scope}:{_digest('rate', subject)}:{window}"
    cache = _cache()
    _call(cache.add, key, 0, limit.seconds + 60)
    try:
        count = _call(cache.incr, key)
    except ValueError:  # the record expired between add and incr
        _call(cache.add, key, 1, limit.seconds + 60)
        count = 1
    retry_after = math.ceil((window + 1) * limit.seconds - now)
    return count <= limit.count, retry_after


def reset_rate(limit: Limit, subject: str) -> None:
    """Forget the current window's count (used by browser-test helpers between tests)."""
    window = int(time.time() // limit.seconds)
    _call(_cache().delete, f"captcha:rate:{limit.scope}:{_digest('rate', subject)}:{window}")
