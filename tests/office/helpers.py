"""Shared pieces for the second-factor and session-policy tests.

``office_middleware``: the two middlewares in the place the lead is asked to put them in
``MIDDLEWARE`` (right after ``MessageMiddleware``). Once settings carry them this changes
nothing.
"""

from __future__ import annotations

import base64
import datetime

import pytest

SESSION_POLICY = "teacherreg.accounts.session_policy.SessionPolicyMiddleware"
SECOND_FACTOR = "teacherreg.office.middleware.StaffSecondFactorMiddleware"
MESSAGES = "django.contrib.messages.middleware.MessageMiddleware"

# RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890". Its published
# 8-digit codes end in these 6 digits (the same truncated value, modulo 10^6).
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
assert RFC_SECRET == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_CODES = {
    59: "287082",
    1111111109: "081804",
    1111111111: "050471",
    1234567890: "005924",
    2000000000: "279037",
}
# 1111111111 lies in time step 37037037 (1111111110–1111111139); 1111111109 in the step before.
T = 1111111111
CODE_AT_T = "050471"
CODE_STEP_BEFORE_T = "081804"


def at(timestamp: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


def with_office_middleware(middleware: list[str]) -> list[str]:
    ours = [SESSION_POLICY, SECOND_FACTOR]
    rest = [name for name in middleware if name not in ours]
    position = rest.index(MESSAGES) + 1
    return [*rest[:position], *ours, *rest[position:]]


@pytest.fixture
def office_middleware(settings):
    settings.MIDDLEWARE = with_office_middleware(list(settings.MIDDLEWARE))
    # The session row must outlive every timeout so the policy, not the store, ends it (and
    # can say why). The lead is asked to set this in base settings too.
    settings.SESSION_COOKIE_AGE = max(settings.SESSION_COOKIE_AGE, 12 * 60 * 60)
    return settings
