"""Whether this session has passed the staff second factor (P22, security.md §1.5 4.0.3: 4.3.1).

The session remembers a keyed fingerprint of the seed it was verified with, not just "yes":
when a security administrator resets someone's authenticator, every session verified with the
old seed stops counting at its next request. Signing in again (even as the same person) also
clears it: each sign-in needs its own code.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

from teacherreg.accounts.session_policy import is_staff_account
from teacherreg.common import crypto

# Session keys.
VERIFIED = "_staff_second_factor"
PENDING_SECRET = "_staff_totp_pending"  # noqa: S105 (a key name, not a secret)

_SALT = "teacherreg.office.second_factor"


def needs_second_factor(user: Any) -> bool:
    """Every staff role, superusers included (P22); applicants never."""
    return bool(user.is_authenticated and is_staff_account(user))


def _fingerprint(user: Any) -> str:
    return salted_hmac(_SALT, f"{user.pk}:{user.totp_secret}", algorithm="sha256").hexdigest()


def is_verified(request: HttpRequest) -> bool:
    user = request.user
    stored = request.session.get(VERIFIED)
    if not user.totp_secret or not isinstance(stored, dict):
        return False
    return constant_time_compare(stored.get("seed", ""), _fingerprint(user))


def mark_verified(request: HttpRequest) -> None:
    """After a right code: a new session key (privilege changed, ASVS 7.2.4) and the flag."""
    request.session.cycle_key()
    request.session[VERIFIED] = {"seed": _fingerprint(request.user), "at": time.time()}


@receiver(user_logged_in, dispatch_uid="teacherreg.office.second_factor.clear_on_login")
def clear_on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(VERIFIED, None)
        request.session.pop(PENDING_SECRET, None)


# The seed offered on the enrolment page waits in the session until a code confirms it. It is
# a credential, so it is sealed with the field-encryption key, bound to the user.


def _pending_aad(user: Any) -> str:
    return f"office.session.totp_pending:{user.pk}"


def pending_secret(request: HttpRequest) -> str | None:
    sealed = request.session.get(PENDING_SECRET)
    if not sealed:
        return None
    try:
        return crypto.decrypt(sealed, _pending_aad(request.user))
    except crypto.DecryptionError:
        return None


def set_pending_secret(request: HttpRequest, secret: str) -> None:
    request.session[PENDING_SECRET] = crypto.encrypt(secret, _pending_aad(request.user))


def clear_pending_secret(request: HttpRequest) -> None:
    request.session.pop(PENDING_SECRET, None)
