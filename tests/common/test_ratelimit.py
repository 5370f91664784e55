import datetime
import threading

import pytest
from django.db import connection, connections

from teacherreg.common import ratelimit
from teacherreg.common.models import RateCounter

pytestmark = pytest.mark.django_db
LIMIT = ratelimit.Limit("test", 3, 60)
NOW = datetime.datetime(2026, 11, 28, 8, 0, 30, tzinfo=datetime.UTC)


def test_it_allows_up_to_the_limit_in_a_window_then_refuses():
    results = [ratelimit.hit(LIMIT, "10.0.0.1", now=NOW).allowed for _ in range(4)]
    assert results == [True, True, True, False]
    assert ratelimit.hit(LIMIT, "10.0.0.2", now=NOW).allowed  # another subject has its own count


def test_a_new_window_starts_fresh_and_retry_after_counts_down():
    for _ in range(3):
        ratelimit.hit(LIMIT, "x", now=NOW)
    refused = ratelimit.hit(LIMIT, "x", now=NOW)
    assert (refused.allowed, refused.retry_after) == (False, 30)
    assert ratelimit.hit(LIMIT, "x", now=NOW + datetime.timedelta(seconds=30)).allowed


def test_the_table_holds_no_subject_in_clear():
    ratelimit.hit(LIMIT, "192.168.33.44", now=NOW)
    assert "192.168" not in RateCounter.objects.get().key


@pytest.mark.concurrency
@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter")
def test_twenty_parallel_hits_count_exactly_twenty():
    barrier = threading.Barrier(20, timeout=30)
    allowed: list[bool] = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait()
            decision = ratelimit.hit(LIMIT, "race", now=NOW)
            with lock:
                allowed.append(decision.allowed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(allowed) == [False] * 17 + [True] * 3
    assert RateCounter.objects.get().count == 20
