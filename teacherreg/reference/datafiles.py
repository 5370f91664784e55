"""Reading the versioned reference files in ``reference/data/``.

Every file is UTF-8 CSV preceded by a block of ``#`` comment lines. The block must name the
data's source, licence, date and whether it is a subset (``# source: …`` and so on), so that
anyone who opens a file knows where it came from; :func:`read` refuses a file without them.

Code-table files may carry per-table attributes in ``x_…`` columns, which become keys of
``CodeItem.extra``: ``x_name[]`` is a ``|``-separated list, ``x_name#`` a number, any other
``x_name`` a string. Empty cells are left out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
HEADER_FIELDS = ("source", "licence", "date", "subset")


class ReferenceDataError(ValueError):
    """A reference file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Row:
    path: Path
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        try:
            return (self.values[column] or "").strip()
        except KeyError:
            raise self.error(f"missing column {column!r}") from None

    def get(self, column: str, default: str = "") -> str:
        return (self.values.get(column) or default).strip()

    def flag(self, column: str, default: bool = False) -> bool:
        value = self.get(column)
        if value == "":
            return default
        if value not in ("0", "1"):
            raise self.error(f"{column} must be 0 or 1, not {value!r}")
        return value == "1"

    def year(self, column: str) -> int | None:
        value = self.get(column)
        if not value:
            return None
        if not value.isdigit():
            raise self.error(f"{column} must be a year, not {value!r}")
        return int(value)

    def extra(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        for column, raw in self.values.items():
            if not column.startswith("x_") or raw is None or not raw.strip():
                continue
            name, value = column[2:], raw.strip()
            if name.endswith("[]"):
                extra[name[:-2]] = [part.strip() for part in value.split("|") if part.strip()]
            elif name.endswith("#"):
                try:
                    number = float(value)
                except ValueError:
                    raise self.error(f"{column} must be a number, not {value!r}") from None
                extra[name[:-1]] = int(number) if number.is_integer() else number
            else:
                extra[name] = value
        return extra

    def error(self, message: str) -> ReferenceDataError:
        return ReferenceDataError(f"{self.path.name}:{self.line}: {message}")


def header(path: Path) -> dict[str, str]:
    """The ``# key: value`` lines of a file's comment block, keyed by lower-case key."""
    fields: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            key, sep, value = line[1:].partition(":")
            if sep and key.strip().isascii() and " " not in key.strip():
                fields.setdefault(key.strip().lower(), value.strip())
    return fields


def missing_header_fields(path: Path) -> list[str]:
    present = header(path)
    return [field for field in HEADER_FIELDS if not present.get(field)]


def read(path: Path) -> list[Row]:
    """The data rows of a file, skipping ``#`` lines and blank lines."""
    missing = missing_header_fields(path)
    if missing:
        raise ReferenceDataError(f"{path.name}: header block lacks {', '.join(missing)}")
    numbered: list[tuple[int, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            numbered.append((number, line))
    if not numbered:
        raise ReferenceDataError(f"{path.name}: no column header")
    reader = csv.DictReader(line for _number, line in numbered)
    rows = []
    for (number, _line), values in zip(numbered[1:], reader, strict=True):
        if None in values:
            raise ReferenceDataError(f"{path.name}:{number}: more cells than columns")
        rows.append(Row(path, number, values))
    return rows


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """Every CSV file the loader reads."""
    return sorted(data_dir.glob("*.csv")) + sorted((data_dir / "codes").glob("*.csv"))
