"""Delivering outbox messages: retries with backoff, giving up, never twice, the sweep."""

from __future__ import annotations

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from huey.exceptions import RetryTask

from teacherreg.notify import conf, delivery
from teacherreg.notify.models import DeliveryAttempt, MessageStatus, OutboxMessage
from teacherreg.notify.services import send_email, send_sms
from teacherreg.notify.sms.base import SendResult
from teacherreg.notify.tasks import deliver_outbox_message, purge_notify_data, requeue_stale_outbox

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PHONE = "13600000001"
CODE_PARAMS = {"code": "482916", "minutes": "5", "purpose_label": "账号注册"}
GATEWAY_BUSY = SendResult(ok=False, error_code="isv.BUSINESS_LIMIT_CONTROL", retryable=True)


def queued(**kwargs) -> OutboxMessage:
    """A committed-but-not-yet-delivered message (the test transaction never commits)."""
    return send_sms(phone=PHONE, template="sms_code", params=CODE_PARAMS, dedupe_key="k", **kwargs)


def reload(message: OutboxMessage) -> OutboxMessage:
    message.refresh_from_db()
    return message


def test_backoff_doubles_from_thirty_seconds():
    policy = conf.delivery_policy()
    assert [delivery.backoff(n, policy) for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 240, 480]
    assert delivery.backoff(20, policy) == 3600


def test_a_retryable_failure_puts_the_message_back_with_a_delay(memory_sms):
    memory_sms.next_result = GATEWAY_BUSY
    with time_machine.travel(T0, tick=False):
        message = queued()
        outcome = delivery.deliver(message.pk)
    assert outcome == delivery.Outcome(MessageStatus.PENDING, retry_in=30)
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.PENDING,
        1,
        "isv.BUSINESS_LIMIT_CONTROL",
    )
    assert message.next_attempt_at == T0 + datetime.timedelta(seconds=30)
    assert message.locked_until is None
    [attempt] = DeliveryAttempt.objects.filter(message=message)
    assert (attempt.number, attempt.ok, attempt.retryable) == (1, False, True)


def test_the_task_asks_huey_to_retry_at_the_rows_backoff(memory_sms):
    memory_sms.next_result = GATEWAY_BUSY
    message = queued()
    with pytest.raises(RetryTask) as raised:
        deliver_outbox_message.call_local(message.pk)
    assert raised.value.delay == 30


def test_a_message_is_not_retried_before_it_is_due(memory_sms):
    memory_sms.next_result = GATEWAY_BUSY
    with time_machine.travel(T0, tick=False) as clock:
        message = queued()
        delivery.deliver(message.pk)
        clock.shift(20)
        assert delivery.deliver(message.pk) == delivery.Outcome("skipped")
        clock.shift(10)
        memory_sms.next_result = None
        assert delivery.deliver(message.pk) == delivery.Outcome(MessageStatus.SENT)
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 2, "")
    assert len(memory_sms.sent) == 1


def test_it_gives_up_after_five_attempts(memory_sms):
    memory_sms.next_result = GATEWAY_BUSY
    outcomes = []
    with time_machine.travel(T0, tick=False) as clock:
        message = queued()
        for _ in range(5):
            outcomes.append(delivery.deliver(message.pk))
            clock.shift(3600)
    assert outcomes == [
        delivery.Outcome(MessageStatus.PENDING, retry_in=30),
        delivery.Outcome(MessageStatus.PENDING, retry_in=60),
        delivery.Outcome(MessageStatus.PENDING, retry_in=120),
        delivery.Outcome(MessageStatus.PENDING, retry_in=240),
        delivery.Outcome(MessageStatus.GIVING_UP),
    ]
    message = reload(message)
    assert (message.status, message.attempts) == (MessageStatus.GIVING_UP, 5)
    assert message.params["code"] == "******"
    assert DeliveryAttempt.objects.filter(message=message).count() == 5
    assert delivery.deliver(message.pk) == delivery.Outcome("skipped")


def test_the_number_of_attempts_is_a_setting(memory_sms, settings):
    settings.TEACHERREG_NOTIFY_MAX_ATTEMPTS = 2
    memory_sms.next_result = GATEWAY_BUSY
    with time_machine.travel(T0, tick=False) as clock:
        message = queued()
        delivery.deliver(message.pk)
        clock.shift(3600)
        assert delivery.deliver(message.pk) == delivery.Outcome(MessageStatus.GIVING_UP)


def test_a_permanent_failure_fails_at_once(memory_sms):
    memory_sms.next_result = SendResult(ok=False, error_code="isv.MOBILE_NUMBER_ILLEGAL", retryable=False)
    message = queued()
    assert delivery.deliver(message.pk) == delivery.Outcome(MessageStatus.FAILED)
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == (
        MessageStatus.FAILED,
        1,
        "isv.MOBILE_NUMBER_ILLEGAL",
    )
    assert message.params["code"] == "******"


def test_a_sent_message_is_never_sent_again(memory_sms):
    message = queued()
    assert delivery.deliver(message.pk) == delivery.Outcome(MessageStatus.SENT)
    assert delivery.deliver(message.pk) == delivery.Outcome("skipped")
    deliver_outbox_message(message.pk)
    assert len(memory_sms.sent) == 1


def test_a_second_task_during_the_send_does_nothing(memory_sms, monkeypatch):
    """Two tasks for one row (a retry and the sweep): the second finds it claimed."""
    message = queued()
    inner = []
    real_send = memory_sms.send

    def send_and_race(self, *args, **kwargs):
        inner.append(delivery.deliver(message.pk))
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(memory_sms, "send", send_and_race)
    assert delivery.deliver(message.pk) == delivery.Outcome(MessageStatus.SENT)
    assert inner == [delivery.Outcome("skipped")]
    assert len(memory_sms.sent) == 1


def test_an_unexpected_error_in_a_provider_is_retried(memory_sms, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(memory_sms, "send", broken)
    message = queued()
    assert delivery.deliver(message.pk).status == MessageStatus.PENDING
    assert reload(message).last_error == "exception:RuntimeError"


def test_an_expired_message_is_given_up_without_sending(memory_sms):
    with time_machine.travel(T0, tick=False) as clock:
        message = queued(expires_at=T0 + datetime.timedelta(minutes=5))
        clock.shift(301)
        assert delivery.deliver(message.pk) == delivery.Outcome(MessageStatus.GIVING_UP)
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.GIVING_UP, 0, "expired")
    assert memory_sms.sent == []


def test_no_retry_is_planned_past_the_expiry(memory_sms):
    memory_sms.next_result = GATEWAY_BUSY
    with time_machine.travel(T0, tick=False):
        message = queued(expires_at=T0 + datetime.timedelta(seconds=20))
        assert delivery.deliver(message.pk) == delivery.Outcome(MessageStatus.GIVING_UP)


# --- the sweep ------------------------------------------------------------------------------


def test_the_sweep_sends_a_message_whose_task_was_lost(memory_sms):
    with time_machine.travel(T0, tick=False) as clock:
        message = queued()  # never committed here, so its on-commit task never ran
        clock.shift(119)
        requeue_stale_outbox.call_local()
        assert memory_sms.sent == []  # not stale yet: its own task may still come
        clock.shift(1)
        requeue_stale_outbox.call_local()
    assert reload(message).status == MessageStatus.SENT
    assert len(memory_sms.sent) == 1


def test_the_sweep_takes_over_a_message_whose_worker_died(memory_sms, monkeypatch):
    with time_machine.travel(T0, tick=False) as clock:
        message = queued()
        monkeypatch.setattr(delivery, "_send", lambda m: (_ for _ in ()).throw(SystemExit))
        with pytest.raises(SystemExit):
            delivery.deliver(message.pk)  # the worker dies after claiming
        monkeypatch.undo()
        assert reload(message).status == MessageStatus.SENDING
        clock.shift(60)
        requeue_stale_outbox.call_local()
        assert reload(message).status == MessageStatus.SENDING  # the lease (120 s) still holds
        clock.shift(61)
        requeue_stale_outbox.call_local()
    message = reload(message)
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(memory_sms.sent) == 1


def test_the_sweep_lists_only_overdue_or_abandoned_messages(memory_sms):
    with time_machine.travel(T0, tick=False) as clock:
        overdue = send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="a")
        clock.shift(300)
        fresh = send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="b")
        done = send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="c")
        delivery.deliver(done.pk)
        assert delivery.stale_message_ids() == [overdue.pk]
        assert fresh.pk not in delivery.stale_message_ids()


# --- e-mail errors --------------------------------------------------------------------------


def queued_email() -> OutboxMessage:
    return send_email(to="li@example.com", template="sign_up_welcome", context={}, dedupe_key="mail")


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (smtplib.SMTPRecipientsRefused({"li@example.com": (550, b"no such user")}), MessageStatus.FAILED, "smtp_550"),
        (smtplib.SMTPRecipientsRefused({"li@example.com": (452, b"mailbox full")}), MessageStatus.PENDING, "smtp_452"),
        (smtplib.SMTPDataError(421, b"try later"), MessageStatus.PENDING, "smtp_421"),
        (smtplib.SMTPDataError(554, b"rejected"), MessageStatus.FAILED, "smtp_554"),
        (smtplib.SMTPServerDisconnected("gone"), MessageStatus.PENDING, "smtp_SMTPServerDisconnected"),
        (ConnectionRefusedError(111, "refused"), MessageStatus.PENDING, "smtp_ConnectionRefusedError"),
    ],
)
def test_it_maps_mail_server_errors(monkeypatch, error, status, code):
    def fail(self, fail_silently=False):
        raise error

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail)
    message = queued_email()
    delivery.deliver(message.pk)
    message = reload(message)
    assert (message.status, message.last_error) == (status, code)
    assert mail.outbox == []


# --- retention ------------------------------------------------------------------------------


def test_it_purges_final_messages_after_the_retention_period(memory_sms):
    with time_machine.travel(T0, tick=False) as clock:
        old_sent = send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="old")
        delivery.deliver(old_sent.pk)
        old_pending = send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="stuck")
        clock.shift(datetime.timedelta(days=184))
        recent = send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="new")
        delivery.deliver(recent.pk)
        clock.shift(datetime.timedelta(seconds=1))
        purge_notify_data.call_local()
    remaining = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert remaining == {old_pending.pk, recent.pk}
