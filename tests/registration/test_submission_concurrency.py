"""Submitting at once (issue 5 Done-means): 20 parallel submits of one draft give one
application; two accounts racing for one certificate give one success and the official-style
message. Real transactions on PostgreSQL; SQLite serialises writers and proves nothing."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from teacherreg.accounts.models import User
from teacherreg.certificates.models import Certificate
from teacherreg.common.errors import DomainError
from teacherreg.registration.models import Application, ApplicationCounter, ApplicationDraft
from teacherreg.registration.services import drafts, submission
from tests.registration.steps_world import (
    accepted_photo,
    build_ready,
    complete_draft,
    hand_certificate_to_another_account,
)
from tests.registration.world import TODAY

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.timeout(60),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL shows the race"
    ),
]


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


def _race(calls: list) -> list[str]:
    """Run each (user_pk, version, key) submit in its own thread, released together."""
    barrier = threading.Barrier(len(calls), timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(user_pk: int, version: int, key: str) -> None:
        try:
            user = User.objects.get(pk=user_pk)
            barrier.wait()
            try:
                outcome = submission.submit(user, version, key, TODAY).number
            except DomainError as exc:
                outcome = exc.message
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def test_twenty_parallel_submits_of_one_draft_give_one_application():
    ready = build_ready()
    accepted_photo(ready.teacher)
    draft = complete_draft(ready, idempotency_key=str(uuid.uuid4()))
    key = drafts.payload(draft)["idempotency_key"]

    outcomes = _race([(ready.teacher.pk, draft.version, key)] * 20)

    assert len(outcomes) == 20
    assert Application.objects.count() == 1
    number = Application.objects.get().number
    assert outcomes == [number] * 20
    assert ApplicationCounter.objects.get().last_value == 1
    assert not ApplicationDraft.objects.exists()


def test_two_accounts_racing_for_one_certificate_give_one_success(monkeypatch):
    """Both drafts pass the pre-check before either commits (the pre-check is blind to the
    other's uncommitted application); the lock and the P14 constraint decide."""
    ready = build_ready()
    accepted_photo(ready.teacher)
    first = complete_draft(ready, idempotency_key=str(uuid.uuid4()))
    first_user = ready.teacher
    first_info = ready.info()
    hand_certificate_to_another_account(ready)
    second = complete_draft(ready, idempotency_key=str(uuid.uuid4()))
    # The first account still counts as holding it: two accounts, one certificate.
    real = submission.precheck

    def both_hold(user, today, *, certificate=None, **kwargs):
        if certificate is not None:
            certificate = Certificate.objects.get(pk=certificate.pk)
            certificate.holder_id = user.pk
        return real(user, today, certificate=certificate, **kwargs)

    monkeypatch.setattr(submission, "precheck", both_hold)
    real_resolve = submission.steps.resolve

    def resolve(user, info, agency):
        resolved = real_resolve(user, info, agency)
        if resolved.certificate is None:
            resolved.certificate = Certificate.objects.get(pk=int(info["certificate"]))
        return resolved

    monkeypatch.setattr(submission.steps, "resolve", resolve)
    assert first_info["certificate"] == ready.info()["certificate"]

    outcomes = _race(
        [
            (first_user.pk, first.version, drafts.payload(first)["idempotency_key"]),
            (ready.teacher.pk, second.version, drafts.payload(second)["idempotency_key"]),
        ]
    )

    assert Application.objects.count() == 1
    number = Application.objects.get().number
    assert len(outcomes) == 2 and number in outcomes
    refused = next(o for o in outcomes if o != number)
    # Whether the loser's pre-check saw the winner or the constraint stopped it, the words
    # are the official ones (P14, P20).
    assert "同一本证书每年只能报名一次" in refused
    assert ApplicationDraft.objects.count() == 1  # the loser's draft is intact
    assert ApplicationCounter.objects.get().last_value == 1  # no number lost (P16)
