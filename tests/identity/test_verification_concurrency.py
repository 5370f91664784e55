"""security.md §4.5 and §5.3 item 4: ten parallel checks reach the provider at most three
times. Real transactions on PostgreSQL; SQLite serialises writers and proves nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from teacherreg.accounts.models import User
from teacherreg.common.errors import DomainError
from teacherreg.identity.models import VerificationDay
from tests.factories import ApplicantFactory
from tests.identity.conftest import register
from tests.identity.providers import CountingProvider


@pytest.mark.concurrency
@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL shows the race")
def test_ten_parallel_checks_reach_the_provider_at_most_three_times(settings):
    settings.TEACHERREG_IDENTITY_PROVIDER = "tests.identity.providers.CountingProvider"
    CountingProvider.reset()
    applicant = ApplicantFactory(name="张三")
    register(applicant, "张叁")
    from teacherreg.identity.services import verify_identity

    barrier = threading.Barrier(10, timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def check() -> None:
        try:
            user = User.objects.get(pk=applicant.pk)
            barrier.wait()
            try:
                result = verify_identity(user, name="张三")
                outcome = result.outcome.value
            except DomainError as exc:
                outcome = exc.code
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert CountingProvider.calls == 3
    assert sorted(outcomes) == ["identity_no_tries_left"] * 7 + ["mismatch"] * 3
    assert VerificationDay.objects.get(user=applicant).tries == 3
