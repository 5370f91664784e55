"""Real races on PostgreSQL (security.md §5.3, G5): P12 limits, the daily budget, wrong-code
attempts, delivery and dedupe hold when many requests arrive at once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from teacherreg.notify import delivery, services
from teacherreg.notify.codes import check_code, issue_code
from teacherreg.notify.models import OutboxMessage, SmsDailyBudget, VerificationCode
from teacherreg.notify.services import send_sms

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.timeout(60),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL shows the race"
    ),
]

PHONE = "13600000001"


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run each call in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list[Any] = []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait()
            outcome = call()
        except Exception as exc:
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not [r for r in results if isinstance(r, Exception)]
    return results


def test_twenty_parallel_requests_for_one_phone_send_five_codes(settings, memory_sms):
    settings.TEACHERREG_SMS_CODE_COOLDOWN = 0  # leave only the hourly limit in the way
    results = race([lambda: issue_code(phone=PHONE, purpose="sign_up")] * 20)
    assert Counter(r.error_code for r in results) == {None: 5, "phone_hourly_limit": 15}
    assert VerificationCode.objects.count() == 5
    assert len(memory_sms.sent) == 5


def test_the_daily_budget_holds_under_a_crowd(settings, memory_sms):
    settings.TEACHERREG_SMS_DAILY_BUDGET = 3
    results = race([lambda n=n: issue_code(phone=f"1360000010{n}", purpose="sign_up") for n in range(10)])
    assert Counter(r.error_code for r in results) == {None: 3, "daily_budget": 7}
    budget = SmsDailyBudget.objects.get()
    assert (budget.sent, budget.refused) == (3, 7)


def test_parallel_wrong_guesses_stop_at_five(memory_sms):
    issue_code(phone=PHONE, purpose="reset")
    code = memory_sms.for_phone(PHONE)[-1].params["code"]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    results = race([lambda: check_code(phone=PHONE, purpose="reset", code=wrong)] * 20)
    assert Counter(r.error_code for r in results) == {"code_wrong": 4, "too_many_attempts": 16}
    assert VerificationCode.objects.get().attempts == 5
    assert check_code(phone=PHONE, purpose="reset", code=code).error_code == "too_many_attempts"


def test_ten_workers_on_one_message_send_it_once(memory_sms, monkeypatch):
    monkeypatch.setattr(services, "schedule_delivery", lambda pk: None)
    message = send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="once")
    real_send = memory_sms.send

    def slow_send(self, *args, **kwargs):
        time.sleep(0.05)  # hold the message while the others try to claim it
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(memory_sms, "send", slow_send)
    results = race([lambda: delivery.deliver(message.pk)] * 10)
    assert Counter(r.status for r in results) == {"sent": 1, "skipped": 9}
    assert len(memory_sms.sent) == 1


def test_ten_requests_with_one_dedupe_key_make_one_message(memory_sms):
    results = race(
        [lambda: send_sms(phone=PHONE, template="password_changed", params={}, dedupe_key="same-event")] * 10
    )
    assert len({m.pk for m in results}) == 1
    assert OutboxMessage.objects.count() == 1
    assert len(memory_sms.sent) == 1
