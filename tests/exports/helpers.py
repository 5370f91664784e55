"""Starting an export the way the office does and reading the file back.

Under the test settings huey runs tasks at once, and the build is queued on commit: inside a
test's transaction ``export_now`` runs the captured commit callbacks, so the job is built by
the real task before it returns.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from django.test import TestCase

from teacherreg.documents.storage import private_storage
from teacherreg.exports.models import ExportJob
from teacherreg.exports.services import start_export
from teacherreg.office.scope import scope_for


def export_now(user: Any, *, kind: str = "applications", filters: dict | None = None, **kwargs: Any) -> ExportJob:
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = start_export(scope_for(user), kind=kind, filters=filters or {}, **kwargs)
    job.refresh_from_db()
    return job


def job_path(job: ExportJob) -> Path:
    return Path(private_storage.path(job.file.name))


def sheet_rows(job: ExportJob) -> list[list[Any]]:
    """Every row of the first sheet as values (None for empty cells)."""
    book = openpyxl.load_workbook(job_path(job))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def sheet_cells(job: ExportJob) -> list[list[Any]]:
    book = openpyxl.load_workbook(job_path(job))
    return [list(row) for row in book.worksheets[0].iter_rows()]


def sheet_xml(job: ExportJob) -> str:
    with zipfile.ZipFile(job_path(job)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def data_rows(job: ExportJob) -> list[list[Any]]:
    """The rows between the header and the empty row above the footer."""
    rows = sheet_rows(job)[1:]
    end = next((i for i, row in enumerate(rows) if not any(v not in (None, "") for v in row)), len(rows))
    return rows[:end]


def footer(job: ExportJob) -> list[str]:
    rows = sheet_rows(job)
    return [row[0] for row in rows[len(data_rows(job)) + 2 :] if row and row[0]]
