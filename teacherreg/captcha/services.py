"""The captcha's use cases (P11): create a challenge, verify one attempt, consume a token.

Public API for other apps: ``consume_token(request, purpose, token) -> bool`` — and
``CaptchaFormMixin`` (forms.py) and ``{% captcha_widget %}`` (templatetags) built on it.

Rules:
- A challenge is bound to the session that asked for it and to one purpose; its answer (the
  target x and y, or the digits) stays in the cache and never reaches the browser.
- One verification attempt per challenge: the first attempt removes it, right or wrong. A
  wrong attempt gets a new challenge (views.py).
- A passed challenge yields a token valid ``TOKEN_TTL_SECONDS`` (120 s), bound to the session
  and to the challenge's purpose, consumed by its first presentation — whether that
  presentation succeeds or not (a token shown for the wrong purpose or session is burnt).
- Challenge creation is rate-limited per session and per address; the cache failing means
  no challenge and no token (fail closed), never a 500.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from teacherreg.captcha import conf, images, store, trajectory
from teacherreg.captcha.store import CaptchaUnavailable

__all__ = [
    "CaptchaUnavailable",
    "Challenge",
    "Outcome",
    "RateLimited",
    "consume_token",
    "create_challenge",
    "redeem_token",
    "verify",
]

MAX_TOKEN_LENGTH = 100
CHALLENGE_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")  # secrets.token_urlsafe(18) is 24 of these


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Challenge:
    id: str
    kind: str
    purpose: str

    def public(self) -> dict[str, Any]:
        """What the browser gets: ids, sizes and image URLs; never the answer."""
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "purpose": self.purpose,
            "expires_in": conf.CHALLENGE_TTL_SECONDS,
        }
        if self.kind == "slider":
            data |= {
                "background": reverse("captcha:background", args=[self.id]),
                "piece": reverse("captcha:piece", args=[self.id]),
                "width": conf.WIDTH,
                "height": conf.HEIGHT,
                "piece_width": conf.PIECE,
                "max_offset": conf.MAX_OFFSET,
                "key_step": conf.KEY_STEP_PX,
            }
        else:
            data |= {
                "image": reverse("captcha:digits_image", args=[self.id]),
                "audio": reverse("captcha:digits_audio", args=[self.id]),
                "length": conf.DIGIT_COUNT,
            }
        return data


@dataclass(frozen=True)
class Outcome:
    passed: bool
    code: str  # a key of messages.MESSAGES
    token: str | None = None
    purpose: str | None = None
    kind: str | None = None  # the kind of the challenge attempted, when it was still there


def client_address(request: HttpRequest) -> str:
    """The client's address as the rate limit counts it.

    REMOTE_ADDR, as everywhere in this project (the reverse proxy sets it; X-Forwarded-For is
    not trusted). An IPv6 client owns a whole /64, so it counts as one.
    """
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _check_limits(request: HttpRequest, session: str) -> None:
    subjects = {"per_session": session, "per_ip": client_address(request)}
    refused = []
    for limit in conf.limits():
        if limit.scope not in subjects:
            raise ValueError(f"Unknown captcha limit scope {limit.scope!r}; use {sorted(subjects)}.")
        allowed, retry_after = store.hit(limit, subjects[limit.scope])
        if not allowed:
            refused.append(retry_after)
    if refused:
        raise RateLimited(max(refused))


def create_challenge(request: HttpRequest, purpose: str, kind: str = "slider") -> Challenge:
    """Make a challenge for this session. Raises RateLimited or CaptchaUnavailable."""
    conf.check_purpose(purpose)
    if kind not in conf.KINDS:
        raise ValueError(f"Unknown captcha kind {kind!r}.")
    session = store.session_binding(request, create=True)
    assert session is not None
    _check_limits(request, session)

    rng = secrets.SystemRandom()
    challenge_id = secrets.token_urlsafe(18)
    state: dict[str, Any] = {
        "kind": kind,
        "purpose": purpose,
        "session": session,
        "expires": time.time() + conf.CHALLENGE_TTL_SECONDS,
    }
    if kind == "slider":
        (x_lo, x_hi), (y_lo, y_hi) = conf.TARGET_X_RANGE, conf.TARGET_Y_RANGE
        x, y = x_lo + secrets.randbelow(x_hi - x_lo + 1), y_lo + secrets.randbelow(y_hi - y_lo + 1)
        drawn = images.puzzle(rng, x, y)
        state |= {"x": x, "y": y}
        pictures = {"background": drawn.background, "piece": drawn.piece}
    else:
        digits = "".join(secrets.choice("0123456789") for _ in range(conf.DIGIT_COUNT))
        state["digits"] = digits
        pictures = {"digits": images.digits_image(rng, digits)}
    store.put_challenge(challenge_id, state, pictures)
    return Challenge(id=challenge_id, kind=kind, purpose=purpose)


def challenge_file(request: HttpRequest, challenge_id: str, name: str) -> bytes | None:
    """One of the challenge's pictures, for its own session only."""
    pictures = store.challenge_images(challenge_id, store.session_binding(request))
    return None if pictures is None else pictures.get(name)


def challenge_digits(request: HttpRequest, challenge_id: str) -> str | None:
    """The digits of this session's digits challenge, for the audio (which says them)."""
    state = store.peek_challenge(challenge_id)
    if state is None or state["kind"] != "digits" or state["session"] != store.session_binding(request):
        return None
    return state["digits"]


def _normalise_digits(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    # Full-width digits from a Chinese input method count; spaces and dashes are ignored.
    value = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in value if not ch.isspace() and ch not in "-–—")[:32]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _judge(state: dict, answer: dict) -> str | None:
    """None when the answer is right, otherwise the message code."""
    if state["kind"] == "digits":
        given = _normalise_digits(answer.get("answer"))
        return None if hmac.compare_digest(given.encode(), state["digits"].encode()) else "wrong_digits"
    x = _number(answer.get("x"))
    if x is None or trajectory.check_trail(answer.get("trail"), x) is not None:
        return "synthetic"
    return None if abs(x - state["x"]) <= conf.TOLERANCE_PX else "wrong_position"


def verify(request: HttpRequest, challenge_id: str, answer: dict) -> Outcome:
    """Judge the one attempt at a challenge; on success issue a token. May raise CaptchaUnavailable."""
    session = store.session_binding(request)
    well_formed = isinstance(challenge_id, str) and CHALLENGE_ID.fullmatch(challenge_id)
    state = store.take_challenge(challenge_id, session) if well_formed else None
    if state is None:
        return Outcome(passed=False, code="expired")
    failure = _judge(state, answer)
    if failure is not None:
        return Outcome(passed=False, code=failure, purpose=state["purpose"], kind=state["kind"])
    token = secrets.token_urlsafe(32)
    store.put_token(
        token, {"session": session, "purpose": state["purpose"], "expires": time.time() + conf.TOKEN_TTL_SECONDS}
    )
    return Outcome(passed=True, code="passed", token=token, purpose=state["purpose"], kind=state["kind"])


def redeem_token(request: HttpRequest, purpose: str, token: Any) -> str:
    """Consume ``token`` and say how it went: ``ok``, ``missing``, ``invalid`` or ``unavailable``.

    Any presentation uses the token up. ``invalid`` covers unknown, expired, used, another
    purpose and another session alike.
    """
    conf.check_purpose(purpose)
    if not isinstance(token, str) or not token.strip():
        return "missing"
    if len(token) > MAX_TOKEN_LENGTH:
        return "invalid"
    try:
        session = store.session_binding(request)
        record = store.take_token(token.strip())
    except CaptchaUnavailable:
        return "unavailable"
    if record is None or session is None:
        return "invalid"
    if not hmac.compare_digest(record["session"], session) or record["purpose"] != purpose:
        return "invalid"
    if time.time() > record["expires"]:
        return "invalid"
    return "ok"


def consume_token(request: HttpRequest, purpose: str, token: str) -> bool:
    """True once for a token issued to this session for ``purpose`` within the last 120 s.

    False when the token is missing, expired, for another purpose or session, already used,
    or the cache is down. Raises ValueError for a purpose outside ``conf.PURPOSES``.
    """
    return redeem_token(request, purpose, token) == "ok"


def answer_for_test_hook(challenge_id: str) -> dict | None:
    """The answer, for the test hook only (views.test_hook checks the setting)."""
    state = store.peek_challenge(challenge_id)
    if state is None:
        return None
    if state["kind"] == "slider":
        return {"kind": "slider", "x": state["x"], "y": state["y"]}
    return {"kind": "digits", "digits": state["digits"]}


def reset_address_limit(address: str) -> None:
    """Forget this address's challenge count in the current window (browser-test helper)."""
    for limit in conf.limits():
        if limit.scope == "per_ip":
            store.reset_rate(limit, address)
