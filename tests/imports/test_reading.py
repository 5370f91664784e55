"""Reading uploads: CSV in UTF-8 (with or without BOM) and GB18030, .xlsx with its cell types,
and every way a file as a whole is refused."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from teacherreg.imports import reading
from teacherreg.imports.reading import UnreadableFile, read_sheet

TEXT = "证件号码,姓名,年度\r\n370102198503150026,王小明,2024\r\n\r\n,,\r\n370102198503150026,李·明,2023\r\n"


def refusal(raw: bytes, name: str = "data.csv") -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_sheet(raw, name)
    return caught.value.message


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_it_reads_csv_in_each_encoding_and_skips_blank_rows(raw, encoding):
    sheet = read_sheet(raw, "data.csv")

    assert sheet.encoding == encoding and sheet.file_format == "csv"
    assert sheet.headers == ["证件号码", "姓名", "年度"]
    assert sheet.rows == [(2, ["370102198503150026", "王小明", "2024"]), (5, ["370102198503150026", "李·明", "2023"])]


def test_headers_lose_required_marks_and_full_width_forms():
    sheet = read_sheet("证件号码 *,年度（必填）,ＡＢ\n1,2,3\n".encode(), "x.csv")

    assert sheet.headers == ["证件号码", "年度", "AB"]


def test_a_quoted_cell_may_hold_a_comma_and_a_line_break():
    sheet = read_sheet('名称,说明\n"甲,乙","第一行\n第二行"\n丙,丁\n'.encode(), "x.csv")

    assert sheet.rows == [(2, ["甲,乙", "第一行\n第二行"]), (3, ["丙", "丁"])]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_reads_xlsx_cells_as_text_and_never_runs_a_formula():
    raw = _xlsx(
        [
            ["证件号码", "年度", "日期", "学时", "是否", "备注"],
            ["370102198503150026", 2024, datetime.datetime(2024, 9, 1), 12.5, True, "=SUM(1,2)"],
        ]
    )

    sheet = read_sheet(raw, "data.xlsx")

    assert sheet.file_format == "xlsx" and sheet.encoding == ""
    assert sheet.rows == [(2, ["370102198503150026", "2024", "2024-09-01", "12.5", "是", "=SUM(1,2)"])]


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"", "a.csv", "文件是空的，请选择填好数据的文件。"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "a.xls", "这是旧版 Excel（.xls）文件，无法读取。"),
        ("证件号码\n".encode("utf-16"), "a.csv", "文件是 UTF-16（Unicode 文本）编码，无法读取。"),
        (b"a,b\n\x80\xff\n", "a.csv", "无法识别文件的文字编码。"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "无法按 Excel（.xlsx）文件读取，文件可能已损坏。"),
        (b"a,b\n1,2\n", "a.xlsx", "无法按 Excel（.xlsx）文件读取，文件可能已损坏。"),
        (b"a,b\x00\n1,2\n", "a.csv", "文件中有无法识别的内容，不像是 CSV 文件。"),
        (b"\n\n,,\n", "a.csv", "文件里没有内容。"),
        ("证件号码,年度\n".encode(), "a.csv", "文件只有列名，没有数据行。"),
    ],
)
def test_it_refuses_files_it_cannot_read(raw, name, message):
    assert refusal(raw, name).startswith(message)


def test_it_refuses_a_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 10)

    assert refusal(b"a,b\n1,2\n3,4\n") == "文件太大，一次最多上传 0 MB。请把数据分成几个文件导入。"


def test_it_refuses_too_many_rows(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)

    assert refusal(b"a\n1\n2\n3\n") == "文件有 3 行数据，一次最多导入 2 行。请分成几个文件导入。"


def test_it_refuses_a_workbook_that_unpacks_too_big(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 100)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 1000)

    assert refusal(buffer.getvalue(), "a.xlsx").startswith("文件太大")
