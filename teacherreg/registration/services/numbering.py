"""P16 application numbers: registration year (4) + the agency's region code (6) + a
5-digit sequence per agency per year, gapless.

The counter row is locked with SELECT … FOR UPDATE inside the caller's submit transaction:
a submission that rolls back releases its number, so no gap is left behind.
"""

from __future__ import annotations

from django.db import transaction

from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import ApplicationCounter

SEQUENCE_DIGITS = 5


class NumberRangeExhausted(Exception):
    """An agency used all 99,999 numbers of a year."""


def allocate_number(agency: Organisation, year: int) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number must run inside the submit transaction")
    region_code = agency.region.code if agency.region_id else "000000"
    ApplicationCounter.objects.get_or_create(agency=agency, year=year)
    counter = ApplicationCounter.objects.select_for_update().get(agency=agency, year=year)
    if counter.last_value >= 10**SEQUENCE_DIGITS - 1:
        raise NumberRangeExhausted(f"{agency} has no numbers left for {year}")
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return f"{year:04d}{region_code}{counter.last_value:0{SEQUENCE_DIGITS}d}"
