"""Valid identity numbers for tests, built with the project's own GB 11643 arithmetic."""

from __future__ import annotations

import datetime

from teacherreg.common import idnumber


def make_id_number(n: int, region: str = "110108", birth: datetime.date = datetime.date(1986, 6, 12)) -> str:
    """A valid 18-digit number, distinct for each ``n`` below 1000."""
    return idnumber.make(region, birth, n)
