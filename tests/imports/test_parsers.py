"""Cell parsers: what each accepts, and the exact message for what it refuses."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from teacherreg.imports import parsers
from teacherreg.imports.parsers import CellError
from teacherreg.profiles.models import AssessmentGrade, TrainingLevel
from tests.factories import RegionFactory
from tests.idnumbers import make_id_number

NOW = datetime.datetime(2025, 6, 1, 10, 0, tzinfo=datetime.UTC)


def refusal(parse, value: str) -> str:
    with pytest.raises(CellError) as caught:
        parse(value)
    return caught.value.message


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


class TestText:
    def test_it_folds_inner_spaces_and_keeps_formula_looking_text_as_it_is(self):
        assert parsers.text(20)("新课程  标准\t培训") == "新课程 标准 培训"
        assert parsers.text(20)('=HYPERLINK("x")') == '=HYPERLINK("x")'

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("王\u200b小明", "含有看不见的字符（如零宽字符、控制字符），请删除后重新输入。"),
            ("一二三四五六", "太长了：最多 5 个字，现在有 6 个字。"),
        ],
    )
    def test_it_refuses(self, value, message):
        assert refusal(parsers.text(5), value) == message

    def test_it_refuses_too_short(self):
        assert refusal(parsers.text(10, min_length=2), "王") == "太短了：至少要 2 个字。"


class TestYear:
    @pytest.mark.parametrize(
        ("value", "expected"), [("2024", 2024), ("２０２４", 2024), ("2024年", 2024), ("1990", 1990)]
    )
    def test_it_reads(self, value, expected):
        assert parsers.year(earliest=1990)(value) == expected

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("20x4", "年度应为四位数字，例如 2024。"),
            ("=2020+1", "年度应为四位数字，例如 2024。"),
            ("24", "年度应为四位数字，例如 2024。"),
            ("1989", "年度应在 1990 到 2025 之间。"),
            ("2026", "年度应在 1990 到 2025 之间。"),
        ],
    )
    def test_it_refuses(self, value, message):
        assert refusal(parsers.year(earliest=1990), value) == message


class TestDate:
    @pytest.mark.parametrize(
        "value", ["2024-09-01", "2024/9/1", "2024.9.1", "2024年9月1日", "20240901", "２０２４-０９-０１"]
    )
    def test_it_reads_every_usual_spelling(self, value):
        assert parsers.date()(value) == datetime.date(2024, 9, 1)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("9/1/2024", "日期格式不对。请写成 2024-09-01（也可以是 2024/9/1 或 2024年9月1日）。"),
            ("=TODAY()", "日期格式不对。请写成 2024-09-01（也可以是 2024/9/1 或 2024年9月1日）。"),
            ("2023-02-29", "没有这一天，请核对月份和日期。"),
            ("1949-12-31", "日期不能早于 1950-01-01。"),
            ("2025-06-02", "日期不能晚于今天。"),
        ],
    )
    def test_it_refuses(self, value, message):
        assert refusal(parsers.date(), value) == message

    def test_a_future_date_is_fine_where_allowed(self):
        assert parsers.date(not_after_today=False)("2030-01-01") == datetime.date(2030, 1, 1)


class TestNumbers:
    def test_it_reads_decimals(self):
        parse = parsers.decimal(places=1, maximum=Decimal("9999.9"))
        assert parse("24") == Decimal("24.0")
        assert parse("12.5") == Decimal("12.5")

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("二十", "应为数字，例如 24 或 12.5。"),
            ("1e3", "应为数字，例如 24 或 12.5。"),
            ("12.55", "最多保留 1 位小数。"),
            ("-1", "应在 0 到 9999.9 之间。"),
            ("10000", "应在 0 到 9999.9 之间。"),
        ],
    )
    def test_it_refuses_decimals(self, value, message):
        assert refusal(parsers.decimal(places=1, maximum=Decimal("9999.9")), value) == message

    @pytest.mark.parametrize(
        ("value", "message"),
        [("1.5", "应为整数，例如 1。"), ("0", "应在 1 到 20 之间。"), ("21", "应在 1 到 20 之间。")],
    )
    def test_it_refuses_whole_numbers(self, value, message):
        assert refusal(parsers.whole_number(minimum=1, maximum=20), value) == message


class TestChoice:
    def test_it_reads_labels_values_and_extra_spellings(self):
        parse = parsers.choice(AssessmentGrade, extra={"未参加": AssessmentGrade.NOT_RATED})
        assert parse("合格") == AssessmentGrade.PASS
        assert parse("basic_pass") == AssessmentGrade.BASIC_PASS
        assert parse("未参加") == AssessmentGrade.NOT_RATED
        assert parse("未参加/未定等次") == AssessmentGrade.NOT_RATED

    def test_it_lists_what_is_accepted(self):
        assert (
            refusal(parsers.choice(TrainingLevel), "区级") == "不是可选的值。可以填写：国家级、省级、市级、县级、校本。"
        )

    @pytest.mark.parametrize(
        ("value", "expected"), [("是", True), ("否", False), ("1", True), ("FALSE", False), ("无效", False)]
    )
    def test_yes_no(self, value, expected):
        assert parsers.yes_no(value) is expected

    def test_yes_no_refuses_anything_else(self):
        assert refusal(parsers.yes_no, "也许") == "请填写“是”或“否”。"


@pytest.mark.django_db
class TestDocumentNumber:
    def test_it_normalises_an_id_number_as_sign_up_does(self):
        RegionFactory(code="110108", level="county")
        number = make_id_number(5, birth=datetime.date(1980, 1, 1))
        spaced = " ".join(number[i : i + 6] for i in range(0, 18, 6))
        assert parsers.document_number(spaced) == number

    def test_it_accepts_other_documents(self):
        assert parsers.document_number("e1234567") == "E1234567"
        assert parsers.document_number("12345678") == "12345678"  # 台湾居民来往大陆通行证

    def test_it_gives_sign_ups_reason_for_a_bad_id_number(self):
        RegionFactory(code="110108", level="county")
        number = make_id_number(5)
        wrong = number[:17] + ("0" if number[17] != "0" else "1")
        assert refusal(parsers.document_number, wrong) == "证件号码有误：证件号码校验位不正确，请逐位核对。"

    @pytest.mark.parametrize("value", ["1.10105E+17", "110105194912310000000", "12345", "王小明"])
    def test_it_refuses_shapes_that_are_no_document(self, value):
        assert refusal(parsers.document_number, value).startswith("证件号码格式不对。")


class TestCodes:
    def test_certificate_numbers(self):
        assert parsers.certificate_number("2015 3700 1210 00001").key == "20153700121000001"
        assert parsers.certificate_number("153700121000001").key == "19153700121000001"
        assert refusal(parsers.certificate_number, "2015370012100000") == "证书号码应为 17 位数字（早期证书为 15 位）。"

    def test_codes_and_region_codes(self):
        assert parsers.code()("X0201") == "X0201"
        assert refusal(parsers.code(), "语文") == "代码只能包含字母、数字、点和连字符。"
        assert refusal(parsers.code(3), "ABCD") == "太长了：最多 3 个字，现在有 4 个字。"
        assert parsers.region_code("370102") == "370102"
        assert refusal(parsers.region_code, "3701") == "行政区划代码应为 6 位数字，例如 370102。"
