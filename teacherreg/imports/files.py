"""Files the office hands out: an empty template per kind (CSV, and .xlsx through openpyxl)
and a batch's error report as CSV.

CSV goes out as UTF-8 with a BOM so that Excel shows the Chinese correctly when it opens the
file. Cells that a spreadsheet would run as a formula (``= + - @``, tab, carriage return) are
prefixed with an apostrophe: a report quotes what the uploader typed, and that must not run
on the next person's machine.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from teacherreg.imports.importers.base import Importer
from teacherreg.imports.models import ImportBatch

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_csv(importer: Importer) -> bytes:
    """The header row and one example row (in our own words; P20)."""
    return _csv([[str(c.header) for c in importer.columns], [c.example for c in importer.columns]])


def template_xlsx(importer: Importer) -> bytes:
    """The same as :func:`template_csv` in a workbook whose cells are text-formatted (so an
    18-digit number keeps its last digits), with a second sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("数据")
    sheet.append([str(c.header) for c in importer.columns])
    sheet.append([c.example for c in importer.columns])
    for position, column in enumerate(importer.columns, start=1):
        letter = sheet.cell(row=1, column=position).column_letter
        sheet.column_dimensions[letter].width = max(12, len(str(column.header)) * 2 + 4)
        sheet.cell(row=1, column=position).font = Font(bold=True)
        # Text format for the whole column (what Excel applies to cells typed later) and for
        # the example cell itself.
        sheet.column_dimensions[letter].number_format = "@"
        sheet.cell(row=2, column=position).number_format = "@"
    notes = book.create_sheet(_("填写说明"))
    notes.append([_("列名"), _("必填"), _("说明")])
    for column in importer.columns:
        notes.append([str(column.header), _("是") if column.required else _("否"), str(column.note)])
    notes.append([])
    notes.append([str(importer.summary)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_csv(batch: ImportBatch) -> bytes:
    """Every problem of the batch: row number, column, value (masked when personal), message."""
    rows = [[_("行号"), _("列"), _("内容"), _("问题")]]
    for problem in batch.problems:
        line = problem["line"]
        rows.append([str(line) if line else _("整个文件"), problem["column"], problem["value"], problem["message"]])
    if batch.problems_truncated:
        rows.append(["", "", "", _("错误太多，只列出了前 %(count)s 条。") % {"count": len(batch.problems)}])
    return _csv(rows)
