"""The number and date rules for adding an older certificate by hand (domain.md §5.1–5.3,
manual §3.1.2 step 2 教师资格证添加说明). Pure functions: no database.

Each check returns the catalogue code of the first rule the value breaks, or ``None``; the
service turns codes into form errors. Digit 11 (sex) is never checked: the sources disagree
on its meaning (domain.md §5.1).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from teacherreg.certificates.services.sync import GUANGXI_PROVINCE, sync_start_year_of
from teacherreg.common.normalise import certificate_number

# domain.md §5.3: the old system's ``CertNo.validate``. re.ASCII: "\d" would also match
# full-width and other scripts' digits.
SHAPE = re.compile(r"^(\d{15}|\d{17})$", re.ASCII)

FIRST_YEAR = 1996  # nothing was certified under the 1995 条例 before this year
# The old system's bounds for a certificate found in no database (domain.md §5.3).
NO_SUCH_FROM_YEAR = 2012
ISSUED_FROM = datetime.date(1996, 1, 1)
ISSUED_UNTIL = datetime.date(2012, 1, 1)
# Outside 广西 the register holds everything issued after this day.
ISSUED_UNTIL_OUTSIDE_GUANGXI = datetime.date(2008, 8, 1)
QUALIFICATION_DIGITS = "1234567"
HIGHER_EDUCATION_DIGIT = "7"  # 高等学校: not for 中小学 registration (domain.md §5.4)


@dataclass(frozen=True)
class Refusal:
    """One broken rule: a catalogue code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CertificateNumber:
    """A typed number, as printed (spaces removed) and as the P14 key (17 digits)."""

    printed: str
    key: str

    @property
    def year(self) -> int:
        """认定年度: the first four digits of the key; a 15-digit number reads as 19YY (§5.2)."""
        return int(self.key[:4])

    @property
    def province_code(self) -> str:
        """Digits 5–6 of the 17-digit form (digits 3–4 of a 15-digit one)."""
        return self.key[4:6]

    @property
    def qualification_digit(self) -> str:
        """Digit 10 of the 17-digit form (digit 8 of a 15-digit one)."""
        return self.key[9]

    @property
    def is_guangxi(self) -> bool:
        return self.province_code == GUANGXI_PROVINCE


def parse_number(raw: str) -> CertificateNumber | None:
    """The number if it has a valid shape (15 or 17 digits after removing spaces), else None.

    NFKC first, so full-width digits typed with a Chinese input method count as digits.
    """
    printed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or ""))
    if not SHAPE.match(printed):
        return None
    return CertificateNumber(printed=printed, key=certificate_number(printed))


def number_refusal(number: CertificateNumber, today: datetime.date) -> Refusal | None:
    """Year and qualification-type digit of a number the applicant wants to add by hand."""
    year = number.year
    if len(number.printed) == 17 and year > today.year:
        return Refusal("cert_number_future_year", {"year": year})
    if year < FIRST_YEAR or year >= NO_SUCH_FROM_YEAR:
        return Refusal("cert_number_no_such", {"year": year})
    if year >= sync_start_year_of(number.key):
        # 2008–2011 outside 广西: the register syncs these; one that is missing is a data
        # problem for the issuing agency, not something to add by hand.
        return Refusal("cert_number_sync_years", {"year": year})
    digit = number.qualification_digit
    if digit not in QUALIFICATION_DIGITS:
        return Refusal("cert_number_type_digit", {"digit": digit})
    if digit == HIGHER_EDUCATION_DIGIT:
        return Refusal("cert_number_higher_education")
    return None


def issue_date_refusal(number: CertificateNumber | None, issued_on: datetime.date) -> Refusal | None:
    """签发日期: 1996-01-01 to 2012-01-01, outside 广西 at most 2008-08-01, and in the
    certification year of the number or the year after (a certificate decided in December
    is often printed in January)."""
    if not ISSUED_FROM <= issued_on <= ISSUED_UNTIL:
        return Refusal("cert_issued_out_of_range")
    if number is None:
        return None
    if not number.is_guangxi and issued_on > ISSUED_UNTIL_OUTSIDE_GUANGXI:
        return Refusal("cert_issued_after_sync_start")
    if issued_on.year not in (number.year, number.year + 1):
        return Refusal("cert_issued_year_mismatch", {"year": number.year})
    return None
