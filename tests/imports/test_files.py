"""Templates per kind (CSV and .xlsx) read back by the importer itself, an .xlsx upload end to
end, and the neutralising of formula-looking cells in the files we hand out."""

from __future__ import annotations

import pytest

from teacherreg.imports import engine, files
from teacherreg.imports.importers import IMPORTERS
from teacherreg.imports.models import BatchStatus
from teacherreg.imports.reading import read_sheet
from teacherreg.profiles.models import AnnualAssessment, AssessmentGrade
from tests.imports.conftest import commit, person, upload


@pytest.mark.parametrize("slug", list(IMPORTERS))
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_each_template_reads_back_with_its_own_headers_and_example(slug, file_format):
    importer = IMPORTERS[slug]
    raw = files.template_csv(importer) if file_format == "csv" else files.template_xlsx(importer)

    sheet = read_sheet(raw, f"template.{file_format}")
    columns, problems = engine.match_headers(importer, sheet)

    assert problems == []
    assert [c.key for c in columns.values()] == [c.key for c in importer.columns]
    assert sheet.rows[0][1] == [c.example for c in importer.columns][: len(sheet.rows[0][1])]


def test_the_csv_template_opens_in_excel_as_utf8():
    assert files.template_csv(IMPORTERS["subjects"]).startswith("\ufeff".encode())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-2", "'-2"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("王小明", "王小明"),
        ("", ""),
    ],
)
def test_formula_looking_cells_are_neutralised(value, expected):
    assert files.neutralise(value) == expected


def test_an_xlsx_filled_from_the_template_imports(world):
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(files.template_xlsx(IMPORTERS["annual_assessments"])))
    sheet = book.worksheets[0]
    sheet["A2"], sheet["B2"], sheet["C2"], sheet["D2"] = person(1), "王小明", "2024", "优秀"
    sheet["A3"], sheet["C3"], sheet["D3"] = person(2), 2023, "合格"  # a year typed as a number
    buffer = BytesIO()
    book.save(buffer)

    batch = commit(upload(world, "annual_assessments", [], raw=buffer.getvalue(), name="考核.xlsx"))

    assert (batch.status, batch.file_format, batch.created_count) == (BatchStatus.COMMITTED, "xlsx", 2)
    assert sorted(AnnualAssessment.objects.values_list("year", "grade")) == [
        (2023, AssessmentGrade.PASS),
        (2024, AssessmentGrade.EXCELLENT),
    ]


def test_the_report_csv_says_when_it_was_cut(world):
    batch = upload(world, "annual_assessments", [["证件号码", "年度", "考核等次"], [person(1), "x", "合格"]])
    batch.problems_truncated = True

    text = files.report_csv(batch).decode("utf-8-sig")

    assert "错误太多，只列出了前 1 条。" in text
