"""Reading an uploaded sheet into text cells: CSV (UTF-8 with or without BOM, or GB18030) or
.xlsx (openpyxl, read-only, formulas never evaluated).

Every cell comes out as text. Excel date cells become ``YYYY-MM-DD``, whole numbers lose
Excel's ``.0``, and a formula cell is its formula text (``=SUM(A1:A3)``), kept as text and
never computed. Blank rows are skipped; a row's number is the one the spreadsheet shows
(the header is row 1 when it is the first line).
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from teacherreg.common.messages import message_for

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An .xlsx is a zip: refuse one that would unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
_ZIP = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The file as a whole cannot be read; nothing in it was looked at row by row."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return message_for(self.code, **self.params)


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)
    file_format: str = "csv"
    encoding: str = ""
    header_line: int = 1


def clean_header(value: str) -> str:
    """``" 年度 * "`` and ``"年度（必填）"`` both read as ``年度``."""
    folded = unicodedata.normalize("NFKC", value or "").replace("\ufeff", "").strip()
    for suffix in ("(必填)", "*"):
        folded = folded.removesuffix(suffix).strip()
    return folded


def read_sheet(raw: bytes, filename: str = "") -> Sheet:
    """The header row and the data rows of an uploaded file, or :class:`UnreadableFile`."""
    if not raw:
        raise UnreadableFile("import_file_empty")
    if len(raw) > MAX_BYTES:
        raise UnreadableFile("import_file_too_big", limit=MAX_BYTES // (1024 * 1024))
    if raw.startswith(_OLE2):
        raise UnreadableFile("import_file_xls")
    if raw.startswith(_ZIP):
        rows, encoding, file_format = _xlsx_rows(raw), "", "xlsx"
    elif filename.lower().endswith((".xlsx", ".xls")):
        raise UnreadableFile("import_file_not_xlsx")
    else:
        text, encoding = _decode(raw)
        rows, file_format = _csv_rows(text), "csv"
    return _sheet(rows, file_format, encoding)


def _sheet(rows: list[tuple[int, list[str]]], file_format: str, encoding: str) -> Sheet:
    filled = [(line, _trim(cells)) for line, cells in rows]
    filled = [(line, cells) for line, cells in filled if any(cells)]
    if not filled:
        raise UnreadableFile("import_file_no_header")
    header_line, header = filled[0]
    data = filled[1:]
    if len(data) > MAX_ROWS:
        raise UnreadableFile("import_file_too_many_rows", limit=MAX_ROWS, rows=len(data))
    if not data:
        raise UnreadableFile("import_file_no_rows")
    return Sheet([clean_header(h) for h in header], data, file_format, encoding, header_line)


def _trim(cells: list[str]) -> list[str]:
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


# --- CSV -------------------------------------------------------------------------------------


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(_UTF16_BOMS):
        raise UnreadableFile("import_file_utf16")
    if raw.startswith(_UTF8_BOM):
        try:
            return raw[len(_UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise UnreadableFile("import_file_encoding") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("import_file_encoding")


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    if "\x00" in text:
        raise UnreadableFile("import_file_binary")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        # The record's position, not the physical line: a quoted cell may span lines, and the
        # position is what a spreadsheet shows when it opens the file.
        return [(position, list(cells)) for position, cells in enumerate(reader, start=1)]
    except csv.Error:
        raise UnreadableFile("import_file_csv_broken") from None


# --- xlsx ------------------------------------------------------------------------------------


def _xlsx_rows(raw: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # imported here: only .xlsx uploads need it

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableFile("import_file_not_xlsx") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile("import_file_too_big", limit=MAX_BYTES // (1024 * 1024))
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they change no value.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
            try:
                sheet = book.worksheets[0]
                rows = []
                for position, values in enumerate(sheet.iter_rows(values_only=True), start=sheet.min_row or 1):
                    if position - 1 > MAX_ROWS + 1:
                        raise UnreadableFile("import_file_too_many_rows", limit=MAX_ROWS, rows=f"{MAX_ROWS}+")
                    rows.append((position, [_cell_text(v) for v in values]))
            finally:
                book.close()
    except UnreadableFile:
        raise
    except Exception:  # any parse failure of a hostile or broken file is "unreadable"
        raise UnreadableFile("import_file_not_xlsx") from None
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
