"""Normalisers for values that are looked up by blind index.

A lookup only finds a row if the value was normalised the same way when it was stored,
so every writer and reader goes through these functions (P3).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_SPACES = re.compile(r"\s+")


def document_number(value: str) -> str:
    """P3: trimmed, full-width folded (NFKC), spaces removed, ``x`` → ``X``.

    Zero-width and bidi characters are *not* removed here: the sign-up validator refuses
    them, because silently deleting them would change an identity (security.md §4.1).
    """
    folded = unicodedata.normalize("NFKC", value)
    return _SPACES.sub("", folded).upper()


def phone(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value)
    digits = re.sub(r"[\s\-()]", "", folded)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def email(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().lower()


def certificate_number(value: str) -> str:
    """P14: a 15-digit number and the same number with "19" prefixed are one certificate."""
    digits = _SPACES.sub("", unicodedata.normalize("NFKC", value))
    # ASCII digits only: str.isdigit() is also true for e.g. Arabic-Indic digits, which NFKC
    # leaves alone and which are not a certificate number.
    if len(digits) == 15 and digits.isascii() and digits.isdigit():
        return "19" + digits
    return digits


NORMALISERS: dict[str, Callable[[str], str]] = {
    "document_number": document_number,
    "phone": phone,
    "email": email,
    "certificate_number": certificate_number,
}
