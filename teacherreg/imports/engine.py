"""Running one importer over one sheet: every row parsed, checked and written in order.

``run`` always writes; the caller decides what happens to the writes. A dry run calls it in a
transaction it rolls back, so the dry run sees exactly what a commit would do (a subject whose
parent is three rows up, a certificate the same file adds) while leaving nothing behind. A
commit calls it in a transaction it keeps only when no row has a problem (all-or-nothing; see
``services.commit``).

Each row is written in its own savepoint, so a row the database refuses becomes one problem
in the report instead of ending the run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model

from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.imports.importers.base import Column, ImportContext, Importer, RowError, update_fields_for
from teacherreg.imports.parsers import CellError
from teacherreg.imports.reading import Sheet, clean_header

# A value shown in the report is cut here: the report says what is wrong, not the whole cell.
SHOWN_VALUE_MAX = 40


@dataclass(frozen=True)
class Problem:
    line: int  # the spreadsheet's row number (the header is row 1)
    column: str  # the column's header as the template names it ("" for the whole row)
    value: str  # already masked for personal columns
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def problem_rows(self) -> int:
        return len({p.line for p in self.problems})


def shown(column: Column | None, raw: str) -> str:
    """How a cell's value appears in the report: masked when personal, cut when long."""
    if not raw:
        return ""
    if column is not None and column.mask:
        return mask(column.mask, raw)
    return raw if len(raw) <= SHOWN_VALUE_MAX else raw[: SHOWN_VALUE_MAX - 1] + "…"


def match_headers(importer: Importer, sheet: Sheet) -> tuple[dict[int, Column], list[Problem]]:
    """Which column each header names; unknown, repeated and missing headers are problems."""
    names: dict[str, Column] = {}
    for column in importer.columns:
        for name in (str(column.header), *column.aliases):
            names[clean_header(name)] = column
    found: dict[int, Column] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    line = sheet.header_line
    for position, header in enumerate(sheet.headers):
        if not header:
            problems.append(Problem(line, "", "", message_for("import_header_blank", position=position + 1)))
            continue
        column = names.get(header)
        if column is None:
            # A column name has no digits; a "header" with digits in a file about people may be
            # someone's number, so it is not repeated.
            quoted = "*****" if importer.personal and any(c.isdigit() for c in header) else shown(None, header)
            problems.append(Problem(line, quoted, quoted, message_for("import_header_unknown")))
            continue
        if column.key in seen:
            problems.append(Problem(line, str(column.header), "", message_for("import_header_repeated")))
            continue
        seen.add(column.key)
        found[position] = column
    if not found:
        # Most often the file has no header row and its first row is data (perhaps people's
        # numbers): say so once, and quote none of it.
        return found, [Problem(line, "", "", message_for("import_header_none_known"))]
    for column in importer.columns:
        if column.required and column.key not in seen:
            problems.append(Problem(line, str(column.header), "", message_for("import_header_missing")))
    return found, problems


def _parse_row(
    line: int, cells: list[str], columns: dict[int, Column], header_count: int, keys: list[str], personal: bool
) -> tuple[dict[str, Any], list[Problem]]:
    # Every column of the kind has a value, None when blank or when the file leaves it out.
    values: dict[str, Any] = dict.fromkeys(keys)
    problems: list[Problem] = []
    for position, column in columns.items():
        raw = cells[position] if position < len(cells) else ""
        if not raw:
            if column.required:
                problems.append(Problem(line, str(column.header), "", message_for("import_cell_required")))
            continue
        try:
            values[column.key] = column.parse(raw)
        except CellError as refused:
            problems.append(Problem(line, str(column.header), shown(column, raw), refused.message))
    for position in range(header_count, len(cells)):
        if cells[position]:
            # A value to the right of the last header belongs to no column: say so rather than
            # drop it silently.
            extra = message_for("import_row_extra_cell", position=position + 1)
            # A cell of no column has no masking rule: in a file about people, do not repeat it.
            problems.append(Problem(line, "", "" if personal else shown(None, cells[position]), extra))
            break
    return values, problems


def _header_of(importer: Importer, key: str) -> Column | None:
    return next((c for c in importer.columns if c.key == key), None)


def run(importer: Importer, sheet: Sheet, ctx: ImportContext) -> Outcome:
    """Parse, check and write every row of ``sheet``; return the counts and the problems."""
    outcome = Outcome(rows=len(sheet.rows))
    columns, header_problems = match_headers(importer, sheet)
    if header_problems:
        outcome.problems = header_problems
        return outcome

    parsed: list[tuple[int, dict[str, Any]]] = []
    keys = [column.key for column in importer.columns]
    for line, cells in sheet.rows:
        values, problems = _parse_row(line, cells, columns, len(sheet.headers), keys, importer.personal)
        outcome.problems.extend(problems)
        if not problems:
            parsed.append((line, values))
    importer.prepare([values for _, values in parsed], ctx)

    seen: dict[tuple, int] = {}
    for line, values in parsed:
        try:
            _write_row(importer, values, ctx, outcome, seen, line)
        except RowError as refused:
            column = _header_of(importer, refused.column) if refused.column else None
            value = values.get(refused.column) if refused.column else None
            outcome.problems.append(
                Problem(line, str(column.header) if column else "", _value_text(column, value), refused.message)
            )
        except DomainError as refused:
            outcome.problems.append(Problem(line, "", "", refused.message))
        except IntegrityError:
            outcome.problems.append(Problem(line, "", "", message_for("import_row_database")))
    return outcome


def _value_text(column: Column | None, value: Any) -> str:
    if value is None or column is None:
        return ""
    text = getattr(value, "printed", None) or str(value)
    return shown(column, text)


def _write_row(
    importer: Importer, values: dict[str, Any], ctx: ImportContext, outcome: Outcome, seen: dict[tuple, int], line: int
) -> None:
    values = importer.clean(values, ctx)
    key = importer.key(values)
    if key in seen:
        raise RowError("import_row_repeated", first=seen[key])
    seen[key] = line
    with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
        existing = importer.find(values, ctx)
        stored = importer.stored(values, ctx, existing)
        if existing is None:
            obj = importer.build(stored, ctx)
            obj.save()
            importer.after_write(obj, ctx, created=True, before={})
            outcome.created += 1
            return
        changed = [name for name, value in stored.items() if _differs(existing, name, value)]
        if not changed:
            outcome.unchanged += 1
            return
        importer.guard(existing, ctx)
        before = {name: getattr(existing, name) for name in changed}
        for name in changed:
            setattr(existing, name, stored[name])
        existing.save(update_fields=update_fields_for(existing, changed))
        importer.after_write(existing, ctx, created=False, before=before)
        outcome.updated += 1


def _differs(obj: Model, name: str, value: Any) -> bool:
    return getattr(obj, name) != value
