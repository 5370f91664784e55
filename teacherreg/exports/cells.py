"""Text that is safe in a spreadsheet cell (security.md §4.2: formula or "CSV" injection).

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a leading tab or carriage return) as a formula. Names, school names and messages
come from applicants, so every text cell passes through :func:`neutralise`: such a value gets
an apostrophe in front. The workbook also writes every value as a string cell, so even the
prefixed text is never evaluated; the apostrophe keeps it inert when someone copies the
column into another program or saves the sheet as CSV.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """``value`` as text, with an apostrophe in front when it could start a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
