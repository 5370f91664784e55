"""SMS verification codes (P12, security.md §1.3).

Rules: 6 random digits from ``secrets``; valid 5 minutes; single use; the 5th wrong entry
voids the code; issuing a new code voids the previous one for that (phone, purpose); 60 s
between codes for one (phone, purpose); at most 5 codes per phone in any 60 minutes and 10
per Asia/Shanghai day, across purposes, keyed on the phone's blind index; at most 6 per
browser session per day; a service-wide daily budget with an alarm in the log.

Race safety: ``issue_code`` locks one row per phone (and per session) with an UPDATE before
counting, so two parallel requests for a phone are counted one after the other; the daily
budget is a conditional ``UPDATE … SET sent = sent + 1 WHERE sent < budget``;
``check_code`` locks the code row (``SELECT … FOR UPDATE``) before counting an attempt.

Stored: only HMAC(phone index | purpose | code) under a key derived for this use from
``BLIND_INDEX_KEY`` (``keys.py``). The code in clear exists in the outbox row until it is delivered, then
it is replaced by ``******`` (``delivery._finish``).

Callers: run ``check_code`` so that a failed check commits. A wrong entry is counted in the
caller's transaction; if the caller raises after a refusal inside ``transaction.atomic()``,
the count rolls back with it and the 5-attempt limit is lost. Return the form error instead.
"""

from __future__ import annotations

import datetime
import hmac
import logging
import math
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditResult
from teacherreg.common.dates import start_of_day
from teacherreg.common.fields import index_for
from teacherreg.common.masking import mask
from teacherreg.common.normalise import phone as normalise_phone
from teacherreg.notify import conf
from teacherreg.notify.keys import keyed_hash
from teacherreg.notify.messages import code_message
from teacherreg.notify.models import CodeIssueLock, CodePurpose, SmsDailyBudget, VerificationCode, VoidReason
from teacherreg.notify.services import MAINLAND_MOBILE, send_sms
from teacherreg.notify.templates import PURPOSE_LABELS, normalise_language

logger = logging.getLogger("teacherreg.notify.codes")

PURPOSES = frozenset(CodePurpose.values)
CODE_DIGITS = 6
_ENTERED_CODE = re.compile(r"[0-9]{6}")
_HOUR = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class IssueResult:
    ok: bool
    error_code: str | None
    retry_after: int  # seconds until asking again can succeed (the cooldown after a success)
    message: str


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    error_code: str | None
    attempts_left: int
    message: str = ""


def generate_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def normalise_entered_code(value: str | None) -> str:
    """``" 123 456 "``, ``"#123456"`` (SMS autofill), full-width ``"１２３４５６"`` → ``"123456"``."""
    folded = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s#-]", "", folded)


def issue_code(*, phone: str, purpose: str, session_key: str = "", user: Any = None) -> IssueResult:
    """Send a new code to ``phone`` for ``purpose`` unless a P12 limit says no.

    Guard: the limits above, checked under a per-phone lock. Side effects: the previous
    code for (phone, purpose) is voided, a ``VerificationCode`` row and an ``sms_code``
    outbox message are written in the caller's transaction (sent after commit), and an
    audit event records the issue or the refusal. The SMS is in the active language.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown code purpose {purpose!r}.")
    number = normalise_phone(phone or "")
    if not MAINLAND_MOBILE.fullmatch(number):
        return IssueResult(False, "phone_invalid", 0, code_message("phone_invalid"))
    policy = conf.code_policy()
    phone_index = index_for("phone", number)
    session_hash = _session_hash(session_key) if session_key else ""
    with transaction.atomic():
        # Lock order: phone, then session. Never the other way round, so no deadlock.
        _lock(f"phone:{phone_index}")
        if session_hash:
            _lock(f"session:{session_hash}")
        # The clock is read once the lock is held: a request that waited for it must not
        # judge the cooldown by a time earlier than the code the winner just wrote.
        now = timezone.now()
        refusal = _limits(phone_index, purpose, session_hash, now, policy)
        if refusal is None and not _take_budget(now, policy):
            refusal = ("daily_budget", _seconds_to_midnight(now), {})
        if refusal is not None:
            error_code, retry_after, params = refusal
            audit.record(
                "notify.sms_code.refused",
                actor=user,
                object_type=VerificationCode._meta.label_lower,
                result=AuditResult.DENIED,
                data={"purpose": purpose, "reason": error_code, "phone": mask("phone", number)},
            )
            return IssueResult(False, error_code, retry_after, code_message(error_code, **params))

        VerificationCode.objects.filter(
            phone_index=phone_index, purpose=purpose, used_at__isnull=True, voided_at__isnull=True
        ).update(voided_at=now, void_reason=VoidReason.REPLACED)
        code = generate_code()
        row = VerificationCode.objects.create(
            phone_index=phone_index,
            purpose=purpose,
            code_hash=_code_hash(phone_index, purpose, code),
            session_hash=session_hash,
            user=user if getattr(user, "pk", None) else None,
            created_at=now,
            expires_at=now + datetime.timedelta(seconds=policy.ttl),
        )
        language = normalise_language(translation.get_language())
        minutes = math.ceil(policy.ttl / 60)
        row.message = send_sms(
            phone=number,
            template="sms_code",
            params={"code": code, "minutes": str(minutes), "purpose_label": PURPOSE_LABELS[purpose][language]},
            dedupe_key=f"sms_code:{row.pk}",
            user=row.user,
            language=language,
            expires_at=row.expires_at,
        )
        row.save(update_fields=["message"])
        audit.record(
            "notify.sms_code.issued", row, actor=user, data={"purpose": purpose, "phone": mask("phone", number)}
        )
    return IssueResult(True, None, policy.cooldown, code_message("sent", phone=mask("phone", number), minutes=minutes))


def check_code(*, phone: str, purpose: str, code: str, session_key: str | None = None) -> CheckResult:
    """Check ``code`` against the newest code for (phone, purpose); a match uses it up.

    Only the newest code counts (an older one was voided when it was replaced). Every
    well-formed entry counts as an attempt; the 5th wrong one voids the code. A malformed
    entry (not 6 digits after normalisation) is refused without counting. If
    ``session_key`` is given and the code was issued with one, they must match (6.6.2).
    """
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown code purpose {purpose!r}.")
    number = normalise_phone(phone or "")
    if not MAINLAND_MOBILE.fullmatch(number):
        return _check_result(False, "code_missing", 0)
    policy = conf.code_policy()
    phone_index = index_for("phone", number)
    entered = normalise_entered_code(code)
    with transaction.atomic():
        row = (
            VerificationCode.objects.select_for_update()
            .filter(phone_index=phone_index, purpose=purpose)
            .order_by("-created_at", "-pk")
            .first()
        )
        now = timezone.now()  # after the lock, like issue_code
        if row is None or row.used_at is not None or row.void_reason == VoidReason.REPLACED:
            return _check_result(False, "code_missing", 0)
        if row.void_reason == VoidReason.ATTEMPTS:
            return _check_result(False, "too_many_attempts", 0)
        if now > row.expires_at:
            return _check_result(False, "code_expired", 0)
        if (
            session_key is not None
            and row.session_hash
            and not hmac.compare_digest(row.session_hash, _session_hash(session_key))
        ):
            return _check_result(False, "code_missing", 0)
        if not _ENTERED_CODE.fullmatch(entered):
            return _check_result(False, "code_format", policy.max_attempts - row.attempts)

        row.attempts += 1
        left = max(policy.max_attempts - row.attempts, 0)
        if hmac.compare_digest(row.code_hash, _code_hash(phone_index, purpose, entered)):
            row.used_at = now
            row.save(update_fields=["attempts", "used_at"])
            audit.record("notify.sms_code.verified", row, data={"purpose": purpose, "attempt": row.attempts})
            return _check_result(True, None, left)
        error_code = "code_wrong"
        if left == 0:
            row.voided_at = now
            row.void_reason = VoidReason.ATTEMPTS
            error_code = "too_many_attempts"
        row.save(update_fields=["attempts", "voided_at", "void_reason"])
        audit.record(
            "notify.sms_code.wrong",
            row,
            result=AuditResult.DENIED,
            data={"purpose": purpose, "attempt": row.attempts},
        )
        return _check_result(False, error_code, left)


def purge_old_codes() -> int:
    """Codes matter for two days at most (the daily limit looks back to midnight)."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=2)
    deleted, _ = VerificationCode.objects.filter(created_at__lt=cutoff).delete()
    CodeIssueLock.objects.filter(touched_at__lt=cutoff).delete()
    SmsDailyBudget.objects.filter(day__lt=timezone.localdate(now) - datetime.timedelta(days=90)).delete()
    return deleted


# --- internals ----------------------------------------------------------------------------


def _check_result(ok: bool, error_code: str | None, left: int) -> CheckResult:
    if ok:
        return CheckResult(True, None, left, code_message("verified"))
    params = {"left": left} if error_code == "code_wrong" else {}
    return CheckResult(False, error_code, left, code_message(error_code or "", **params))


def _code_hash(phone_index: str, purpose: str, code: str) -> str:
    return keyed_hash("sms-code:v1", f"{phone_index}|{purpose}|{code}")


def _session_hash(session_key: str) -> str:
    return keyed_hash("sms-code-session:v1", session_key)


def _lock(key: str) -> None:
    """Hold a row lock on ``key`` until the transaction ends (an UPDATE locks the row on
    PostgreSQL; SQLite has taken the database write lock at BEGIN IMMEDIATE already)."""
    for _ in range(3):
        CodeIssueLock.objects.bulk_create([CodeIssueLock(key=key)], ignore_conflicts=True)
        if CodeIssueLock.objects.filter(key=key).update(touched_at=timezone.now()):
            return
    raise RuntimeError(f"Could not lock {key!r}.")  # only if a purge deleted it three times running


def _limits(
    phone_index: str, purpose: str, session_hash: str, now: datetime.datetime, policy: conf.CodePolicy
) -> tuple[str, int, dict[str, Any]] | None:
    codes = VerificationCode.objects.filter(phone_index=phone_index)
    last = codes.filter(purpose=purpose).order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and now < last + datetime.timedelta(seconds=policy.cooldown):
        wait = _ceil_seconds(last + datetime.timedelta(seconds=policy.cooldown) - now)
        return "cooldown", wait, {"seconds": wait}

    recent = list(codes.filter(created_at__gt=now - _HOUR).order_by("created_at").values_list("created_at", flat=True))
    if len(recent) >= policy.per_phone_hour:
        # The window is the last 60 minutes: it frees a place when the code that keeps the
        # count at the limit is an hour old.
        wait = _ceil_seconds(recent[len(recent) - policy.per_phone_hour] + _HOUR - now)
        return "phone_hourly_limit", wait, {"minutes": math.ceil(wait / 60)}

    day_start = start_of_day(timezone.localdate(now))
    if codes.filter(created_at__gte=day_start).count() >= policy.per_phone_day:
        return "phone_daily_limit", _seconds_to_midnight(now), {}

    if session_hash and policy.per_session_day:
        used = VerificationCode.objects.filter(session_hash=session_hash, created_at__gte=day_start).count()
        if used >= policy.per_session_day:
            return "session_limit", _seconds_to_midnight(now), {}
    return None


def _take_budget(now: datetime.datetime, policy: conf.CodePolicy) -> bool:
    day = timezone.localdate(now)
    SmsDailyBudget.objects.bulk_create([SmsDailyBudget(day=day)], ignore_conflicts=True)
    row = SmsDailyBudget.objects.filter(day=day)
    if row.filter(sent__lt=policy.daily_budget).update(sent=F("sent") + 1):
        # We hold the row lock until commit, so this is exactly our own count.
        sent = row.values_list("sent", flat=True).get()
        if sent == policy.daily_budget:
            logger.error("ALARM: the SMS code budget for %s is used up (%s codes).", day, sent)
        elif sent == policy.daily_budget * 8 // 10:
            logger.warning("ALARM: 80%% of the SMS code budget for %s is used (%s codes).", day, sent)
        return True
    row.update(refused=F("refused") + 1)
    refused = row.values_list("refused", flat=True).get()
    if _is_power_of_ten(refused):
        logger.error("ALARM: SMS code budget for %s exhausted; %s request(s) refused so far.", day, refused)
    return False


def _seconds_to_midnight(now: datetime.datetime) -> int:
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return _ceil_seconds(start_of_day(tomorrow) - now)


def _ceil_seconds(delta: datetime.timedelta) -> int:
    return max(math.ceil(delta.total_seconds()), 0)


def _is_power_of_ten(n: int) -> bool:
    return n > 0 and str(n).rstrip("0") == "1"
