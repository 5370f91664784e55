"""Working days over the seeded 2026 calendar (decisions.md P10)."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.reference import services
from teacherreg.reference.loader import load_reference
from teacherreg.reference.models import CalendarDay


@pytest.fixture
def calendar(db):
    load_reference(only={"calendar days"})


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.django_db
@pytest.mark.usefixtures("calendar")
def test_it_skips_the_national_day_holiday_and_counts_the_make_up_saturday():
    # After Fri 25 Sep: Mon–Wed 28–30 Sep (3), 1–7 Oct off, Thu–Fri 8–9 Oct (5),
    # Sat 10 Oct worked (6), Sun 11 Oct off, Mon 12 Oct (7).
    assert services.working_days_between(d("2026-09-25"), d("2026-10-12")) == 7
    assert services.add_working_days(d("2026-09-25"), 7) == d("2026-10-12")


@pytest.mark.django_db
@pytest.mark.usefixtures("calendar")
def test_it_treats_a_make_up_saturday_as_a_working_day():
    assert services.is_working_day(d("2026-10-10")) is True
    assert services.is_working_day(d("2026-10-03")) is False
    assert services.add_working_days(d("2026-10-08"), 2) == d("2026-10-10")


@pytest.mark.django_db
@pytest.mark.usefixtures("calendar")
def test_it_counts_across_the_spring_festival():
    # Fri 13 Feb → Sat 14 Feb worked (1) → 15–23 Feb off → Tue 24 Feb (2) … Fri 27 Feb (5),
    # Sat 28 Feb worked (6), Mon 2 Mar (7).
    assert services.add_working_days(d("2026-02-13"), 1) == d("2026-02-14")
    assert services.add_working_days(d("2026-02-13"), 7) == d("2026-03-02")
    assert services.working_days_between(d("2026-02-13"), d("2026-03-02")) == 7


@pytest.mark.django_db
@pytest.mark.usefixtures("calendar")
def test_it_treats_an_ordinary_week_as_five_working_days():
    assert services.working_days_between(d("2026-03-08"), d("2026-03-15")) == 5
    assert services.add_working_days(d("2026-03-13"), 1) == d("2026-03-16")
    assert services.add_working_days(d("2026-03-13"), 0) == d("2026-03-13")
    assert services.working_days_between(d("2026-03-15"), d("2026-03-08")) == 0


@pytest.mark.django_db
def test_it_falls_back_to_monday_to_friday_without_a_calendar():
    CalendarDay.objects.all().delete()  # this folder's shared fixture may have loaded some

    assert services.add_working_days(d("2026-10-01"), 1) == d("2026-10-02")


def test_it_refuses_a_negative_number_of_days():
    with pytest.raises(ValueError, match="negative"):
        services.add_working_days(d("2026-10-01"), -1)
