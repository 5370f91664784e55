"""The captcha's numbers (P11) in one place, and the settings it reads.

Settings (all optional):
- ``TEACHERREG_CAPTCHA_TEST_HOOK`` (default False): serve the answer-revealing test hook and the
  demo form. On in ``config.settings.test`` only; production refuses to start with it (P24).
- ``TEACHERREG_CAPTCHA_LIMITS`` (default ``DEFAULT_LIMITS``): challenge-creation limits,
  ``{"per_session": (count, seconds), "per_ip": (count, seconds)}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# P11: a token is bound to exactly one of these.
PURPOSES = frozenset({"login", "reset", "sms_send", "certificate_query", "sign_up", "objection", "support"})
KINDS = ("slider", "digits")

TOKEN_TTL_SECONDS = 120  # P11
# How long a challenge waits for its one attempt. security.md §2.3 keeps challenge data at
# most 10 minutes; three is plenty to drag a slider, and an expired one is replaced at once.
CHALLENGE_TTL_SECONDS = 180

# Slider geometry in logical pixels (the widget's coordinate system). Images are drawn at
# RENDER_SCALE times that size so they stay sharp on phone screens.
WIDTH, HEIGHT = 320, 160
PIECE = 60  # the piece's bounding square, knobs included
RENDER_SCALE = 2
MAX_OFFSET = WIDTH - PIECE  # the handle and the piece travel 0 … 260
TARGET_X_RANGE = (PIECE + 10, MAX_OFFSET - 4)  # never near the start: the piece must travel
TARGET_Y_RANGE = (4, HEIGHT - PIECE - 4)
TOLERANCE_PX = 4  # |dropped − target| ≤ 4 passes, 5 fails

# Trajectory (P11: reject only the obviously synthetic). A "step" is one recorded position
# after the press; the browser records one per pointer event or arrow-key press.
MIN_STEPS = 20
MIN_DURATION_MS = 300
MAX_POINTS = 1000
MAX_JUMP_PX = 80  # one step further than this is a teleport, not a hand (~5,000 px/s at 60 Hz)
KEY_STEP_PX = 2  # one arrow-key press; the nearest target is 35 presses away

DIGIT_COUNT = 5  # P11 allows 4–6; a fixed length lets the form say how many to type
DIGITS_WIDTH, DIGITS_HEIGHT = 200, 64

# Challenge creation per browser session and per address. A whole school, or a mobile
# carrier's NAT, can share one address, so the per-address limit is generous; the session
# limit is what a person meets first.
DEFAULT_LIMITS = {"per_session": (20, 600), "per_ip": (200, 600)}

MAX_REQUEST_BYTES = 32_768


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int


def limits() -> tuple[Limit, ...]:
    configured = DEFAULT_LIMITS | getattr(settings, "TEACHERREG_CAPTCHA_LIMITS", {})
    return tuple(Limit(scope, int(count), int(seconds)) for scope, (count, seconds) in configured.items())


def test_hook_enabled() -> bool:
    return bool(getattr(settings, "TEACHERREG_CAPTCHA_TEST_HOOK", False))


def check_purpose(purpose: str) -> str:
    """Unknown purposes are programming errors, not user errors: fail loudly."""
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown captcha purpose {purpose!r}; expected one of {sorted(PURPOSES)}.")
    return purpose
