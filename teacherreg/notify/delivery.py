"""Delivering one outbox message, at most once per claim.

``deliver(pk)`` runs in three steps so that no database lock is held during a network call:

1. *Claim* (short transaction, row locked with ``SELECT … FOR UPDATE``): only a ``pending``
   message that is due, or a ``sending`` one whose worker's lease ran out, is claimed. The
   claim marks it ``sending`` until ``now + lease`` and counts the attempt. A second task
   for the same row (the sweep and a retry, or two workers) finds it claimed or final and
   does nothing: a message is never handed to the gateway twice by two tasks.
2. *Send* (no transaction): the SMS provider or Django's mail backend.
3. *Record* (short transaction): ``sent``; ``failed`` for a permanent error; back to
   ``pending`` with ``next_attempt_at`` for a retryable one; ``giving_up`` once
   ``TEACHERREG_NOTIFY_MAX_ATTEMPTS`` attempts failed or the message expired. A final
   message has its secret parameters (codes, links with tokens) replaced by ``******``.

The one case that can send twice is a worker dying after the gateway accepted and before
step 3 commits: the lease runs out, the sweep re-claims it and sends again. That is the
at-least-once side of security.md G6, chosen over losing a password-reset mail.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from teacherreg.notify import conf
from teacherreg.notify.models import (
    FINAL_STATUSES,
    SCRUBBED,
    Channel,
    DeliveryAttempt,
    MessageStatus,
    OutboxMessage,
)
from teacherreg.notify.sms import SendResult, get_provider
from teacherreg.notify.templates import TEMPLATES, render_email, render_sms

logger = logging.getLogger("teacherreg.notify")

# A worker whose clock is a little behind the web server's must still send at once.
CLOCK_TOLERANCE = datetime.timedelta(seconds=5)


@dataclass(frozen=True)
class Outcome:
    status: str  # a MessageStatus value, or "skipped" when this task had nothing to do
    retry_in: int | None = None  # seconds, when the message went back to pending


def backoff(attempts: int, policy: conf.DeliveryPolicy) -> int:
    """Seconds to wait after the ``attempts``-th failure: 30, 60, 120, 240 … capped."""
    return min(policy.retry_delay * 2 ** max(attempts - 1, 0), policy.max_retry_delay)


def deliver(pk: int) -> Outcome:
    policy = conf.delivery_policy()
    claimed = _claim(pk, policy)
    if isinstance(claimed, Outcome):
        return claimed
    message, attempt = claimed
    result = _send(message)
    return _record(pk, attempt, result, policy)


def _claim(pk: int, policy: conf.DeliveryPolicy) -> Outcome | tuple[OutboxMessage, DeliveryAttempt]:
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=pk).first()
        if message is None or message.status in FINAL_STATUSES:
            return Outcome("skipped")
        if message.status == MessageStatus.SENDING and message.locked_until and message.locked_until > now:
            return Outcome("skipped")  # another worker holds it
        if message.status == MessageStatus.PENDING and message.next_attempt_at > now + CLOCK_TOLERANCE:
            return Outcome("skipped")  # not due: the retry already scheduled will come
        if message.expires_at and message.expires_at <= now:
            _finish(message, MessageStatus.GIVING_UP, error="expired")
            return Outcome(MessageStatus.GIVING_UP)
        if message.attempts >= policy.max_attempts:
            _finish(message, MessageStatus.GIVING_UP, error=message.last_error or "max_attempts")
            return Outcome(MessageStatus.GIVING_UP)
        message.status = MessageStatus.SENDING
        message.attempts += 1
        message.locked_until = now + policy.lease
        message.save(update_fields=["status", "attempts", "locked_until"])
        attempt = DeliveryAttempt.objects.create(message=message, number=message.attempts, started_at=now)
    return message, attempt


def _send(message: OutboxMessage) -> SendResult:
    try:
        if message.channel == Channel.SMS:
            text = render_sms(message.template, message.params, message.language)
            return get_provider().send(message.phone or "", message.template, dict(message.params), text=text)
        return _send_email(message)
    except ImproperlyConfigured:
        logger.exception("Outbox message %s: the %s channel is not configured.", message.pk, message.channel)
        return SendResult(ok=False, error_code="not_configured", retryable=True)
    except Exception as exc:
        # A bug must not leave the row claimed until the lease runs out; retry it instead.
        logger.exception("Outbox message %s: unexpected error while sending.", message.pk)
        return SendResult(ok=False, error_code=f"exception:{type(exc).__name__}"[:100], retryable=True)


def _send_email(message: OutboxMessage) -> SendResult:
    rendered = render_email(message.template, message.params, message.language)
    from_email = settings.DEFAULT_FROM_EMAIL
    # An explicit Message-ID: Django's default asks the resolver for this host's FQDN.
    domain = parseaddr(from_email)[1].rpartition("@")[2] or "localhost"
    message_id = make_msgid(domain=domain)
    email = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=from_email,
        to=[message.email],
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
        connection=get_connection(fail_silently=False, timeout=conf.email_timeout()),
    )
    email.attach_alternative(rendered.html, "text/html")
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return SendResult(ok=False, error_code=f"smtp_{max(codes, default=0)}", retryable=not permanent)
    except smtplib.SMTPResponseException as exc:
        logger.error("Mail server answered %s for outbox message %s.", exc.smtp_code, message.pk)
        return SendResult(ok=False, error_code=f"smtp_{exc.smtp_code}", retryable=exc.smtp_code < 500)
    except (smtplib.SMTPException, OSError) as exc:
        logger.error("Mail server unreachable for outbox message %s (%s).", message.pk, type(exc).__name__)
        return SendResult(ok=False, error_code=f"smtp_{type(exc).__name__}"[:100], retryable=True)
    except (BadHeaderError, ValueError) as exc:
        return SendResult(ok=False, error_code=f"invalid_message:{type(exc).__name__}"[:100], retryable=False)
    return SendResult(ok=True, message_id=message_id.strip("<>"))


def _record(pk: int, attempt: DeliveryAttempt, result: SendResult, policy: conf.DeliveryPolicy) -> Outcome:
    now = timezone.now()
    error = (result.error_code or "")[:100]
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=pk)
        attempt.finished_at = now
        attempt.ok = result.ok
        attempt.retryable = result.retryable
        attempt.error_code = error
        attempt.provider_message_id = (result.message_id or "")[:128]
        attempt.save(update_fields=["finished_at", "ok", "retryable", "error_code", "provider_message_id"])
        if message.status != MessageStatus.SENDING or message.attempts != attempt.number:
            # Our lease ran out and another worker took the message over: its result stands.
            logger.warning("Outbox message %s: attempt %s finished after losing its lease.", pk, attempt.number)
            return Outcome("skipped")
        if result.ok:
            message.sent_at = now
            message.provider_message_id = attempt.provider_message_id
            _finish(message, MessageStatus.SENT, error="")
            return Outcome(MessageStatus.SENT)
        if not result.retryable:
            _finish(message, MessageStatus.FAILED, error=error)
            return Outcome(MessageStatus.FAILED)
        delay = backoff(message.attempts, policy)
        next_at = now + datetime.timedelta(seconds=delay)
        if message.attempts >= policy.max_attempts or (message.expires_at and message.expires_at <= next_at):
            _finish(message, MessageStatus.GIVING_UP, error=error)
            logger.error("Outbox message %s: giving up after %s attempts (%s).", pk, message.attempts, error)
            return Outcome(MessageStatus.GIVING_UP)
        message.status = MessageStatus.PENDING
        message.next_attempt_at = next_at
        message.locked_until = None
        message.last_error = error
        message.save(update_fields=["status", "next_attempt_at", "locked_until", "last_error"])
        return Outcome(MessageStatus.PENDING, retry_in=delay)


def _finish(message: OutboxMessage, status: str, *, error: str) -> None:
    secret = TEMPLATES[message.template].secret if message.template in TEMPLATES else ()
    message.params = {k: (SCRUBBED if k in secret else v) for k, v in message.params.items()}
    message.status = status
    message.last_error = error
    message.locked_until = None
    message.save(update_fields=["params", "status", "last_error", "locked_until", "sent_at", "provider_message_id"])


def stale_message_ids(limit: int = 500) -> list[int]:
    """Messages whose task was lost: pending and overdue by ``stale_after``, or claimed by a
    worker whose lease ran out. The periodic sweep queues them again."""
    now = timezone.now()
    policy = conf.delivery_policy()
    overdue = Q(status=MessageStatus.PENDING, next_attempt_at__lte=now - policy.stale_after)
    abandoned = Q(status=MessageStatus.SENDING, locked_until__lte=now)
    return list(
        OutboxMessage.objects.filter(overdue | abandoned)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def purge_old_messages() -> int:
    """Delete final messages older than ``TEACHERREG_NOTIFY_RETENTION_DAYS`` (they hold an
    encrypted phone or address: keep them no longer than the delivery record is useful)."""
    cutoff = timezone.now() - datetime.timedelta(days=conf.delivery_policy().retention_days)
    deleted, _ = OutboxMessage.objects.filter(status__in=FINAL_STATUSES, created_at__lt=cutoff).delete()
    return deleted
