"""GB 11643 citizen identity numbers: 6-digit address code, 8-digit birth date, 3-digit
sequence (odd = male), and a MOD 11-2 check character.

Only the arithmetic lives here. Whether the address code existed is the reference data's
business (``reference.services.id_address_code_known``): python-stdnum's own validator is not
used because it wrongly requires the code to exist in the birth year (domain.md §6.11).
"""

from __future__ import annotations

import datetime

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need the first 17 digits")
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def has_valid_checksum(number: str) -> bool:
    first17 = number[:17]
    return len(number) == 18 and first17.isascii() and first17.isdigit() and check_char(first17) == number[17]


def birth_date_of(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def is_male(number: str) -> bool:
    return int(number[16]) % 2 == 1


def make(region: str, birth: datetime.date, sequence: int) -> str:
    """A number with a correct check character (demo data and tests)."""
    first17 = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_char(first17)
