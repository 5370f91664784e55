"""实名核验: checking an applicant's name and ID-card number against the police service.

Rules (manual §2.1, decisions P6 and P9, security.md §4.5 and G5):

- only 居民身份证 accounts are checked online; other documents go to manual review (P6);
- at most ``TRIES_PER_DAY`` checks per user per Asia/Shanghai calendar day, held by the
  database: a try is taken by a conditional UPDATE before the provider is called, and given
  back when the provider could not answer (the applicant did nothing wrong);
- no checks while a manual review is pending;
- a match verifies the account and makes the checked name the account's name (P9); a
  failed re-check of a verified account changes nothing (P9).
"""

from __future__ import annotations

import datetime
import enum
import logging
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from teacherreg.accounts.models import DocumentType, IdentityStatus, User, UserKind
from teacherreg.accounts.validation import validate_name
from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditResult
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.identity.models import TRIES_PER_DAY, ManualReview, VerificationDay
from teacherreg.identity.providers import CheckOutcome, ProviderUnavailable, get_provider

logger = logging.getLogger(__name__)

# The day of "3 tries a day" is the applicant's calendar day in China, not the server's or UTC's.
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Outcome(enum.StrEnum):
    VERIFIED = "verified"
    MISMATCH = "mismatch"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"  # provider timeout or error: no try used
    MANUAL_REVIEW_REQUIRED = "manual_review_required"  # P6: not a 居民身份证


_REASONS = {
    Outcome.VERIFIED: "identity_verified",
    Outcome.MISMATCH: "identity_mismatch",
    Outcome.NOT_FOUND: "identity_not_found",
    Outcome.UNAVAILABLE: "identity_provider_unavailable",
    Outcome.MANUAL_REVIEW_REQUIRED: "identity_document_needs_review",
}


@dataclass(frozen=True)
class VerificationResult:
    outcome: Outcome
    tries_left: int
    # The account's name changed to the verified name (P9).
    name_changed: bool = False
    # A failed re-check of a verified account: name and status kept (P9).
    kept_verified: bool = False
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def verified(self) -> bool:
        return self.outcome == Outcome.VERIFIED

    @property
    def code(self) -> str:
        """The message code of the reason (the catalogue holds the words, P20)."""
        if self.name_changed:
            return "identity_verified_name_changed"
        return _REASONS[self.outcome]

    @property
    def reason(self) -> str:
        return message_for(self.code, **self.params)

    @property
    def offer_manual_review(self) -> bool:
        """The page links to 人工审核 (manual §2.1 item 4; security.md §5.2 for outages)."""
        return self.outcome != Outcome.VERIFIED and not self.kept_verified

    @property
    def message(self) -> str:
        """Reason, what happened to the account, and the tries left today, in one text."""
        parts = [self.reason]
        if self.kept_verified:
            parts.append(message_for("identity_kept_verified"))
        if self.outcome in (Outcome.MISMATCH, Outcome.NOT_FOUND, Outcome.UNAVAILABLE):
            parts.append(message_for("identity_tries_left", count=self.tries_left))
        return "".join(parts)


def shanghai_day(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), SHANGHAI).date()


def tries_left_today(user: User) -> int:
    return _tries_left(user, shanghai_day())


def purge_old_verification_days(today: datetime.date | None = None, keep_days: int = 7) -> int:
    """Drop counter rows older than ``keep_days``: only today's row limits anything, and each
    attempt is in the audit log anyway. Returns how many rows went."""
    cutoff = (today or shanghai_day()) - datetime.timedelta(days=keep_days)
    deleted, _ = VerificationDay.objects.filter(day__lt=cutoff).delete()
    return deleted


def has_pending_review(user: User) -> bool:
    return ManualReview.objects.pending().filter(user=user).exists()


def verify_identity(user: User, *, name: str) -> VerificationResult:
    """Check ``name`` with the account's document number at the configured provider.

    Guards (``DomainError``): applicants only; no pending manual review; not already verified
    with this name; a try left today. ``ValidationError`` for a name P5 refuses. A document
    other than the 居民身份证 returns ``MANUAL_REVIEW_REQUIRED`` without using a try.

    Side effects: takes a try (given back if the provider is unavailable), updates the
    account's status and, on a match, its name (P9, then ``on_verified_name_change``), and
    writes one audit event per attempt without the document number.

    Call it outside a transaction: the try is committed before the provider is called, so
    that concurrent requests see it, and no lock is held during the network call.
    """
    if user.kind != UserKind.APPLICANT:
        raise DomainError("identity_not_applicant")
    name = validate_name(name, user.document_type)
    if user.document_type != DocumentType.ID_CARD:
        return VerificationResult(
            Outcome.MANUAL_REVIEW_REQUIRED,
            tries_left=tries_left_today(user),
            params={"document_type": DocumentType(user.document_type).label if user.document_type else ""},
        )
    if has_pending_review(user):
        _refused(user, "identity_review_pending")
    if user.identity_status == IdentityStatus.VERIFIED and name == user.name:
        _refused(user, "identity_already_verified")

    day = shanghai_day()
    if not _take_try(user, day):
        _refused(user, "identity_no_tries_left")
    try:
        outcome = get_provider().check(name=name, document_number=user.document_number)
    except ProviderUnavailable as exc:
        _give_back_try(user, day)
        # security.md §1.9 (16.3.4): backend failures at ERROR with the dependency's name.
        logger.error("identity provider unavailable for user %s: %s", user.pk, exc.__class__.__name__)
        audit.record(
            "identity.verify",
            user,
            actor=user,
            result=AuditResult.FAILED,
            data={"outcome": Outcome.UNAVAILABLE.value, "day": day.isoformat()},
        )
        return VerificationResult(Outcome.UNAVAILABLE, tries_left=_tries_left(user, day))
    except BaseException:
        # A broken adapter is not the applicant's fault either; let the error surface.
        _give_back_try(user, day)
        raise
    return _apply(user, name=name, outcome=outcome, day=day)


def on_verified_name_change(user: User, old: str, new: str) -> None:
    """P9: a verified name replaces the account's name; it must also flow into the
    applicant's drafts and 网报待确认 applications (and their PDFs), while confirmed
    applications keep the confirmed name.

    Hook for the application issue, called inside the transaction that changed the name.
    For now it only records the change.
    """
    audit.record(
        "identity.name_changed",
        user,
        actor=user,
        data={"old": mask("name", old), "new": mask("name", new)},
    )


def _refused(user: User, code: str) -> None:
    audit.record("identity.verify", user, actor=user, result=AuditResult.DENIED, data={"refused": code})
    raise DomainError(code)


def _take_try(user: User, day: datetime.date) -> bool:
    """Reserve one try for ``day``: True if one was left.

    The row is created race-free (INSERT … ON CONFLICT DO NOTHING), then one conditional
    UPDATE takes the try: PostgreSQL re-checks ``tries < 3`` on the latest row version after
    waiting for a concurrent UPDATE, so ten parallel requests take at most three tries.
    """
    VerificationDay.objects.bulk_create([VerificationDay(user=user, day=day)], ignore_conflicts=True)
    taken = VerificationDay.objects.filter(user=user, day=day, tries__lt=TRIES_PER_DAY).update(tries=F("tries") + 1)
    return taken == 1


def _give_back_try(user: User, day: datetime.date) -> None:
    VerificationDay.objects.filter(user=user, day=day, tries__gt=0).update(tries=F("tries") - 1)


def _tries_left(user: User, day: datetime.date) -> int:
    used = VerificationDay.objects.filter(user=user, day=day).values_list("tries", flat=True).first() or 0
    return max(TRIES_PER_DAY - used, 0)


def _apply(user: User, *, name: str, outcome: CheckOutcome, day: datetime.date) -> VerificationResult:
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        old_name, old_status = account.name, account.identity_status
        name_changed = kept_verified = False
        if outcome == CheckOutcome.MATCH:
            result_outcome = Outcome.VERIFIED
            name_changed = name != old_name
            account.identity_status = IdentityStatus.VERIFIED
            account.name = name
            account.save(update_fields=["identity_status", "name"])
            if name_changed:
                on_verified_name_change(account, old_name, name)
        else:
            result_outcome = Outcome.MISMATCH if outcome == CheckOutcome.MISMATCH else Outcome.NOT_FOUND
            if old_status == IdentityStatus.VERIFIED:
                kept_verified = True  # P9: a failed re-check keeps the verified name and status
            else:
                account.identity_status = IdentityStatus.FAILED
                account.save(update_fields=["identity_status"])
        tries_left = _tries_left(account, day)
        audit.record(
            "identity.verify",
            account,
            actor=account,
            result=AuditResult.OK if result_outcome == Outcome.VERIFIED else AuditResult.FAILED,
            data={
                "outcome": result_outcome.value,
                "status": [old_status, account.identity_status],
                "name_changed": name_changed,
                "tries_left": tries_left,
                "day": day.isoformat(),
            },
        )
    user.name, user.identity_status = account.name, account.identity_status
    return VerificationResult(
        result_outcome,
        tries_left=tries_left,
        name_changed=name_changed,
        kept_verified=kept_verified,
        params={"new": account.name} if name_changed else {},
    )
