"""P16 application numbers."""

import threading

import pytest
from django.db import connection, connections, transaction

from teacherreg.registration.models import ApplicationCounter
from teacherreg.registration.services.numbering import allocate_number
from tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _agency():
    return OrganisationFactory(
        region=RegionFactory(code="110108", name="海淀区", level="county", is_municipality=False)
    )


def test_it_builds_year_region_and_a_five_digit_sequence():
    agency = _agency()
    with transaction.atomic():
        first = allocate_number(agency, 2026)
        second = allocate_number(agency, 2026)
    assert (first, second) == ("202611010800001", "202611010800002")
    with transaction.atomic():
        assert allocate_number(agency, 2027) == "202711010800001"


def test_a_rolled_back_submission_leaves_no_gap():
    agency = _agency()
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_number(agency, 2026)
        raise RuntimeError("submission failed after numbering")
    with transaction.atomic():
        assert allocate_number(agency, 2026) == "202611010800001"


@pytest.mark.django_db(transaction=True)
def test_it_must_run_inside_the_submit_transaction():
    with pytest.raises(RuntimeError, match="inside the submit transaction"):
        allocate_number(_agency(), 2026)


@pytest.mark.concurrency
@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter")
def test_twenty_concurrent_submissions_get_twenty_consecutive_numbers():
    agency = _agency()
    ApplicationCounter.objects.create(agency=agency, year=2026)
    barrier = threading.Barrier(20, timeout=30)
    numbers: list[str] = []
    lock = threading.Lock()

    def submit():
        try:
            barrier.wait()
            with transaction.atomic():
                number = allocate_number(agency, 2026)
            with lock:
                numbers.append(number)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(numbers) == [f"2026110108{n:05d}" for n in range(1, 21)]


@pytest.mark.concurrency
@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter")
def test_concurrent_submissions_across_agencies_stay_gapless_per_agency_even_with_rollbacks():
    haidian = _agency()
    chaoyang = OrganisationFactory(
        region=RegionFactory(code="110105", name="朝阳区", level="county", is_municipality=False)
    )
    # 12 submissions per agency, every fourth failing after its number was drawn.
    plan = [(agency, n % 4 == 3) for n in range(12) for agency in (haidian, chaoyang)]
    barrier = threading.Barrier(len(plan), timeout=30)
    numbers: list[str] = []
    lock = threading.Lock()

    def submit(agency, fails: bool) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                number = allocate_number(agency, 2026)
                if fails:
                    raise RuntimeError("refused after numbering")
            with lock:
                numbers.append(number)
        except RuntimeError:
            pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=item) for item in plan]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # 9 kept per agency, numbered 1–9 with no gap left by the 3 that rolled back.
    assert sorted(n for n in numbers if n[4:10] == "110108") == [f"2026110108{n:05d}" for n in range(1, 10)]
    assert sorted(n for n in numbers if n[4:10] == "110105") == [f"2026110105{n:05d}" for n in range(1, 10)]
