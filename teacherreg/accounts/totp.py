"""The staff second factor (P22, 等保 L3 §8.1.4.1 d): time-based one-time passwords, RFC 6238.

Codes are 6 digits over 30-second steps with HMAC-SHA1, what every authenticator app reads
from an ``otpauth://`` URI. A code is accepted for the current step and one step either side
(clock drift between phone and server); two steps away is refused.

Replay: a code is accepted only for a time step later than the last one accepted for that
user, so each code works once and an older code cannot follow a newer one.

Lockout: 5 wrong codes in a row lock the user's second factor for 15 minutes; while locked
even the right code is refused. A right code resets the count.

Both rules keep their state in the database (``office.TotpState``; see that model for why it
lives there, and it is imported where used so this module does not load the web layer) and
change it with conditional ``UPDATE`` statements, so parallel requests cannot race past the
cap or use one code twice (security.md §5.1 G5, §5.2: counters that matter survive a cache
outage). Every outcome writes an audit event in the same transaction. Malformed entries
(not 6 digits) change nothing and are not counted: they cannot be a right code.
"""

from __future__ import annotations

import datetime
import enum
import hmac
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pyotp
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditResult

ISSUER = "教师资格定期注册"
DIGITS = 6
INTERVAL = 30
VALID_WINDOW = 1
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60

_SEPARATORS = re.compile(r"[\s\-]+")
_CODE = re.compile(rf"[0-9]{{{DIGITS}}}")


class Outcome(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"
    REPLAYED = "replayed"
    LOCKED = "locked"  # refused: the lock was already in force
    LOCKED_NOW = "locked_now"  # refused, and this attempt set the lock
    MALFORMED = "malformed"
    ALREADY_ENROLLED = "already_enrolled"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    # Wrong codes still allowed before the lock (for the "还可以再试 N 次" hint).
    attempts_left: int = MAX_FAILURES
    locked_until: datetime.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK

    @property
    def locked(self) -> bool:
        return self.outcome in (Outcome.LOCKED, Outcome.LOCKED_NOW)


def new_secret() -> str:
    """A fresh 160-bit base32 seed (RFC 4226 §4 recommends 160 bits)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(user: Any, secret: str | None = None) -> str:
    """The ``otpauth://totp/…`` URI an authenticator app scans (the account's login name and
    the issuer show in the app)."""
    return _totp(secret or user.totp_secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def normalise_code(code: str) -> str | None:
    """The 6 ASCII digits of a typed code, or None. Full-width digits, spaces and dashes are
    forgiven ("１２３ ４５６", "123-456"); anything else is not a code."""
    folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", code or ""))
    return folded if _CODE.fullmatch(folded) else None


def verify(user: Any, code: str, *, now: datetime.datetime | None = None) -> bool:
    """True when ``code`` is the user's current code (±1 step), not used before, and the
    user is not locked out. Records the attempt (see ``check``). False for an account
    without a seed: it has nothing to verify against."""
    if not user.totp_secret:
        return False
    return check(user, code, now=now).ok


def check(
    user: Any,
    code: str,
    *,
    now: datetime.datetime | None = None,
    secret: str | None = None,
    ip: str | None = None,
) -> Result:
    """Check a code against the user's stored seed, or against ``secret`` during enrolment.

    Guard: the lock and the replay rule above. Side effects: the state row is updated and an
    audit event written (``staff.second_factor.verify`` ok/failed, ``…lockout`` on the 5th
    wrong code). A malformed entry changes nothing: it cannot be a right code.
    """
    normalised = normalise_code(code)
    if normalised is None:
        return Result(Outcome.MALFORMED)
    seed = secret or user.totp_secret
    if not seed:
        raise ValueError("The user has no TOTP seed and none was given.")
    now = now or timezone.now()
    step = _matching_step(seed, normalised, now.timestamp())
    with transaction.atomic():
        result = _apply(user, step, now)
        _audit(user, result, ip=ip, enrolment=secret is not None)
    return result


def enrol(user: Any, secret: str, code: str, *, now: datetime.datetime | None = None, ip: str | None = None) -> Result:
    """Bind ``secret`` to a staff account once the user proves their app holds it.

    Guard: the code must pass ``check`` against ``secret`` and the account must have no seed
    yet (a reset by a security administrator clears it). Side effects: the seed is stored
    (encrypted at rest) and ``staff.second_factor.enrol`` is audited, in one transaction.
    """
    from teacherreg.accounts.models import User

    with transaction.atomic():
        result = check(user, code, now=now, secret=secret, ip=ip)
        if not result.ok:
            return result
        # Conditional: two tabs enrolling at once cannot overwrite each other's seed.
        if not User.objects.filter(pk=user.pk, totp_secret__isnull=True).update(totp_secret=secret):
            return Result(Outcome.ALREADY_ENROLLED)
        user.totp_secret = secret
        audit.record("staff.second_factor.enrol", user, actor=user, ip=ip)
    return result


def reset(user: Any, *, by: Any, role: str, ip: str | None = None) -> None:
    """A security administrator clears a staff member's seed and lock (lost phone, new
    device). The next request of that staff member leads to enrolment; sessions verified with
    the old seed stop counting as verified (see ``office.second_factor``).
    """
    from teacherreg.accounts.models import User
    from teacherreg.office.models import TotpState

    with transaction.atomic():
        had_seed = User.objects.filter(pk=user.pk, totp_secret__isnull=False).exists()
        User.objects.filter(pk=user.pk).update(totp_secret=None)
        TotpState.objects.filter(user_id=user.pk).update(failed_attempts=0, locked_until=None)
        user.totp_secret = None
        audit.record("staff.second_factor.reset", user, actor=by, actor_role=role, ip=ip, data={"had_seed": had_seed})


def lock_state(user: Any, *, now: datetime.datetime | None = None) -> Result:
    """Whether the user is locked out now, and how many wrong codes are left (read only)."""
    from teacherreg.office.models import TotpState

    now = now or timezone.now()
    state = TotpState.objects.filter(user_id=user.pk).first()
    if state is None:
        return Result(Outcome.OK)
    if state.locked_until and state.locked_until > now:
        return Result(Outcome.LOCKED, attempts_left=0, locked_until=state.locked_until)
    if state.locked_until:
        return Result(Outcome.OK)
    return Result(Outcome.OK, attempts_left=max(MAX_FAILURES - state.failed_attempts, 0))


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)


def _matching_step(secret: str, code: str, timestamp: float) -> int | None:
    totp = _totp(secret)
    current = int(timestamp) // INTERVAL
    matched = None
    # Compare against every candidate so the time taken does not tell which step matched.
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            matched = step
    return matched


def _apply(user: Any, step: int | None, now: datetime.datetime) -> Result:
    from teacherreg.office.models import TotpState

    TotpState.objects.get_or_create(user_id=user.pk)
    rows = TotpState.objects.filter(user_id=user.pk)
    unlocked = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    # A lock that has run out starts a fresh series of attempts.
    rows.filter(locked_until__lte=now).update(locked_until=None, failed_attempts=0)

    if step is not None:
        accepted = rows.filter(unlocked, failed_attempts__lt=MAX_FAILURES).filter(
            Q(last_used_step__isnull=True) | Q(last_used_step__lt=step)
        )
        if accepted.update(last_used_step=step, failed_attempts=0, locked_until=None):
            return Result(Outcome.OK)
        locked = rows.filter(locked_until__gt=now).values_list("locked_until", flat=True).first()
        if locked:
            return Result(Outcome.LOCKED, attempts_left=0, locked_until=locked)
        # The right code for a step already used: counted like a wrong code (a replayed
        # code is what an onlooker or a proxy log would try).
        return _count_failure(rows, now, Outcome.REPLAYED)
    return _count_failure(rows, now, Outcome.WRONG)


def _count_failure(rows: Any, now: datetime.datetime, outcome: Outcome) -> Result:
    unlocked = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    if not rows.filter(unlocked, failed_attempts__lt=MAX_FAILURES).update(failed_attempts=F("failed_attempts") + 1):
        locked = rows.values_list("locked_until", flat=True).first()
        return Result(Outcome.LOCKED, attempts_left=0, locked_until=locked)
    until = now + datetime.timedelta(seconds=LOCK_SECONDS)
    # Exactly one request sees this UPDATE match: the one whose failure reached the cap.
    if rows.filter(failed_attempts__gte=MAX_FAILURES, locked_until__isnull=True).update(locked_until=until):
        return Result(Outcome.LOCKED_NOW, attempts_left=0, locked_until=until)
    failures = rows.values_list("failed_attempts", flat=True).first() or 0
    return Result(outcome, attempts_left=max(MAX_FAILURES - failures, 0))


def _audit(user: Any, result: Result, *, ip: str | None, enrolment: bool) -> None:
    data: dict[str, Any] = {"outcome": result.outcome.value}
    if enrolment:
        data["enrolment"] = True
    audit.record(
        "staff.second_factor.verify",
        user,
        actor=user,
        result=AuditResult.OK if result.ok else AuditResult.FAILED,
        data=data,
        ip=ip,
    )
    if result.outcome is Outcome.LOCKED_NOW:
        audit.record(
            "staff.second_factor.lockout",
            user,
            actor=user,
            result=AuditResult.DENIED,
            data={"until": result.locked_until.isoformat() if result.locked_until else "", "failures": MAX_FAILURES},
            ip=ip,
        )
