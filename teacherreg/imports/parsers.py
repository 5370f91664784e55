"""Cell parsers: text from a sheet in, a Python value out, or a ``CellError`` naming what is
wrong in words a clerk understands (the catalogue's ``import_cell_*`` codes).

Every parser receives the cell already stripped of surrounding spaces and never sees an empty
cell (the engine deals with blanks: a required column reports ``import_cell_required``).
Values are never evaluated: a cell reading ``=1+1`` is the text "=1+1" and fails a year or
date parser like any other text.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from teacherreg.accounts.models import DocumentType
from teacherreg.accounts.validation import validate_document
from teacherreg.certificates.services.manual_rules import CertificateNumber, parse_number
from teacherreg.common.dates import today
from teacherreg.common.messages import message_for
from teacherreg.common.normalise import document_number as normalise_document_number

Parser = Callable[[str], Any]


class CellError(ValueError):
    """One cell's value is not acceptable; ``message`` is ready to show."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return message_for(self.code, **self.params)


def _has_control(value: str) -> bool:
    # Zero-width and bidi characters (Cf) change what a reader sees without showing (§4.2).
    return any(unicodedata.category(c) in {"Cc", "Cf"} for c in value)


def text(max_length: int, *, min_length: int = 1) -> Parser:
    """Free text up to ``max_length`` characters, on one line, without invisible characters."""

    def parse(value: str) -> str:
        if _has_control(value.replace("\t", " ")):
            raise CellError("import_cell_invisible")
        folded = " ".join(value.split())
        if len(folded) > max_length:
            raise CellError("import_cell_too_long", max=max_length, length=len(folded))
        if len(folded) < min_length:
            raise CellError("import_cell_too_short", min=min_length)
        return folded

    return parse


def year(*, earliest: int = 1950, latest: Callable[[], int] | None = None) -> Parser:
    """A four-digit year from ``earliest`` to ``latest()`` (default: this year)."""

    def parse(value: str) -> int:
        folded = unicodedata.normalize("NFKC", value).removesuffix("年")
        if not re.fullmatch(r"\d{4}", folded):
            raise CellError("import_cell_year")
        number = int(folded)
        last = latest() if latest else today().year
        if not earliest <= number <= last:
            raise CellError("import_cell_year_range", earliest=earliest, latest=last)
        return number

    return parse


_DATE_SHAPES = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def date(*, earliest: datetime.date = datetime.date(1950, 1, 1), not_after_today: bool = True) -> Parser:
    """2024-09-01, 2024/9/1, 2024.9.1, 2024年9月1日 or 20240901 (Excel dates arrive as the first)."""

    def parse(value: str) -> datetime.date:
        folded = unicodedata.normalize("NFKC", value)
        for shape in _DATE_SHAPES:
            match = shape.fullmatch(folded)
            if match:
                break
        else:
            raise CellError("import_cell_date")
        try:
            day = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError("import_cell_date_invalid") from None
        if day < earliest:
            raise CellError("import_cell_date_too_early", earliest=earliest.isoformat())
        if not_after_today and day > today():
            raise CellError("import_cell_date_future")
        return day

    return parse


def decimal(*, places: int, maximum: Decimal, minimum: Decimal = Decimal(0)) -> Parser:
    """A number with at most ``places`` decimals between ``minimum`` and ``maximum``."""

    def parse(value: str) -> Decimal:
        folded = unicodedata.normalize("NFKC", value)
        if not re.fullmatch(r"-?\d+(\.\d+)?", folded):
            raise CellError("import_cell_number")
        try:
            number = Decimal(folded)
        except InvalidOperation:
            raise CellError("import_cell_number") from None
        if number != number.quantize(Decimal(1).scaleb(-places)):
            raise CellError("import_cell_places", places=places)
        if not minimum <= number <= maximum:
            raise CellError("import_cell_number_range", minimum=minimum, maximum=maximum)
        return number.quantize(Decimal(1).scaleb(-places))

    return parse


def whole_number(*, minimum: int = 1, maximum: int = 99) -> Parser:
    def parse(value: str) -> int:
        folded = unicodedata.normalize("NFKC", value)
        if not re.fullmatch(r"\d+", folded):
            raise CellError("import_cell_whole_number")
        number = int(folded)
        if not minimum <= number <= maximum:
            raise CellError("import_cell_number_range", minimum=minimum, maximum=maximum)
        return number

    return parse


def choice(options: Mapping[str, Any] | Iterable[tuple[Any, Any]], *, extra: Mapping[str, Any] | None = None) -> Parser:
    """One of a fixed list, by its Chinese label (or the stored value, or an ``extra`` spelling).

    ``options`` is a TextChoices class or ``(value, label)`` pairs. The error lists the labels
    so the clerk sees what is accepted.
    """
    pairs = list(options.choices) if hasattr(options, "choices") else list(options)  # type: ignore[union-attr]
    accepted: dict[str, Any] = {}
    for value, label in pairs:
        accepted[str(label)] = value
        accepted[str(value)] = value
    for spelling, value in (extra or {}).items():
        accepted[spelling] = value
    shown = "、".join(str(label) for _, label in pairs)

    def parse(value: str) -> Any:
        folded = unicodedata.normalize("NFKC", value).strip()
        if folded in accepted:
            return accepted[folded]
        # NFKC turns full-width brackets into ASCII ones; labels use the full-width forms.
        for spelling, stored in accepted.items():
            if unicodedata.normalize("NFKC", spelling) == folded:
                return stored
        raise CellError("import_cell_choice", choices=shown)

    return parse


_TRUE = {"是", "有效", "1", "true", "yes", "y", "√"}
_FALSE = {"否", "无效", "0", "false", "no", "n", "×"}


def yes_no(value: str) -> bool:
    folded = unicodedata.normalize("NFKC", value).strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError("import_cell_yes_no")


_OTHER_DOCUMENT = re.compile(r"[A-Z0-9]{5,20}")


def document_number(value: str) -> str:
    """A person's document number, normalised as P3 stores it.

    An 18-character number shaped like a 居民身份证 (17 digits and a digit or X) gets every
    check sign-up applies (check character, birth date, address code). Other documents
    (passports, permits) are 5–20 letters and digits, or 8 or 10 digits: the import has no document-type column,
    because records are keyed by the normalised number alone (P3).
    """
    if _has_control(value):
        raise CellError("import_cell_invisible")
    number = normalise_document_number(value)
    if re.fullmatch(r"\d{17}[\dX]", number):
        try:
            return validate_document(number, DocumentType.ID_CARD).number
        except ValidationError as refused:
            raise CellError("import_cell_document", reason=refused.messages[0]) from None
    # Digits only: a 台湾居民来往大陆通行证 has 8 or 10; any other length of bare digits is an
    # ID number gone wrong (often Excel's rounding of a long number).
    if not _OTHER_DOCUMENT.fullmatch(number) or (number.isdigit() and len(number) not in (8, 10)):
        raise CellError("import_cell_document_shape")
    return number


def certificate_number(value: str) -> CertificateNumber:
    """A 教师资格证书 number: 17 digits, or 15 for the oldest ones (domain.md §5.1–5.2)."""
    number = parse_number(value)
    if number is None:
        raise CellError("import_cell_certificate_number")
    return number


def code(max_length: int = 16) -> Parser:
    """A code from a code table or tree: letters, digits, dots and hyphens."""

    def parse(value: str) -> str:
        folded = unicodedata.normalize("NFKC", value).strip()
        if not re.fullmatch(r"[A-Za-z0-9.\-]+", folded):
            raise CellError("import_cell_code")
        if len(folded) > max_length:
            raise CellError("import_cell_too_long", max=max_length, length=len(folded))
        return folded

    return parse


def region_code(value: str) -> str:
    """A six-digit GB/T 2260 code (its existence is checked by the importer that needs it)."""
    folded = unicodedata.normalize("NFKC", value).strip()
    if not re.fullmatch(r"\d{6}", folded):
        raise CellError("import_cell_region_code")
    return folded
