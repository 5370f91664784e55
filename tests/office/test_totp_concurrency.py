"""security.md §5.3 item 5: parallel wrong codes stop at the cap, and one code opens one
session only. Real transactions on PostgreSQL; SQLite serialises writers and proves nothing."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from teacherreg.accounts import totp
from teacherreg.accounts.models import User
from teacherreg.audit.models import AuditEvent
from teacherreg.office.models import TotpState
from tests.factories import StaffFactory
from tests.office.helpers import CODE_AT_T, RFC_SECRET, T, at

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.timeout(60),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL shows the race"
    ),
]


def in_parallel(user_pk: int, codes: list[str]) -> Counter:
    barrier = threading.Barrier(len(codes), timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(code: str) -> None:
        try:
            user = User.objects.get(pk=user_pk)
            barrier.wait()
            result = totp.check(user, code, now=at(T))
            with lock:
                outcomes.append(result.outcome.value)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(code,)) for code in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return Counter(outcomes)


def test_twenty_parallel_wrong_codes_stop_at_the_cap():
    staff = StaffFactory(totp_secret=RFC_SECRET)

    outcomes = in_parallel(staff.pk, ["000000"] * 20)

    assert outcomes == {"wrong": 4, "locked_now": 1, "locked": 15}
    assert TotpState.objects.get(user=staff).failed_attempts == 5
    assert AuditEvent.objects.filter(action="staff.second_factor.lockout").count() == 1
    # And the right code is refused afterwards.
    assert totp.check(User.objects.get(pk=staff.pk), CODE_AT_T, now=at(T)).locked


def test_one_code_sent_ten_times_at_once_is_accepted_once():
    staff = StaffFactory(totp_secret=RFC_SECRET)

    outcomes = in_parallel(staff.pk, [CODE_AT_T] * 10)

    # The other nine are replays, and replays count towards the lock like wrong codes.
    assert outcomes == {"ok": 1, "replayed": 4, "locked_now": 1, "locked": 4}
