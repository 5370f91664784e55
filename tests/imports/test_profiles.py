"""Annual assessments, training hours and ethics assessments (teacherreg.profiles), and the
province rule every teacher-record kind shares: a province changes only what it imported."""

from __future__ import annotations

from decimal import Decimal

import pytest

from teacherreg.common.fields import index_for
from teacherreg.imports.models import BatchStatus
from teacherreg.profiles.models import (
    AnnualAssessment,
    AssessmentGrade,
    EthicsAssessment,
    EthicsResult,
    RecordSource,
    TrainingLevel,
    TrainingRecord,
)
from tests.imports.conftest import commit, messages_of, person, upload


class TestAnnualAssessments:
    HEADER = ["证件号码", "姓名", "年度", "考核等次"]

    def test_good_rows_are_stored_by_blind_index_as_imported(self, world):
        batch = commit(
            upload(
                world,
                "annual_assessments",
                [self.HEADER, [person(1), "王小明", "2024", "未定等次"], [person(2), "", "2023", "不合格"]],
            )
        )

        assert batch.created_count == 2
        row = AnnualAssessment.objects.get(person_index=index_for("document_number", person(1)))
        assert (row.year, row.grade, row.source) == (2024, AssessmentGrade.NOT_RATED, RecordSource.IMPORTED)
        assert row.person_document_number == person(1)

    @pytest.mark.parametrize(
        ("cells", "column", "message"),
        [
            (["", "", "2024", "合格"], "证件号码", "必填，不能为空。"),
            (["ABC", "", "2024", "合格"], "证件号码", "证件号码格式不对。"),
            (["%s", "王\u200b明", "2024", "合格"], "姓名", "含有看不见的字符"),
            (["%s", "", "1989", "合格"], "年度", "年度应在 1990 到"),
            (["%s", "", "=2024", "合格"], "年度", "年度应为四位数字"),
            (
                ["%s", "", "2024", "称职"],
                "考核等次",
                "不是可选的值。可以填写：优秀、合格、基本合格、不合格、未参加/未定等次。",
            ),
        ],
    )
    def test_each_bad_cell_has_its_message(self, world, cells, column, message):
        cells = [c % person(1) if c == "%s" else c for c in cells]

        batch = upload(world, "annual_assessments", [self.HEADER, cells])

        assert batch.status == BatchStatus.HAS_PROBLEMS
        [(line, found_column, found_message)] = messages_of(batch)
        assert (line, found_column) == (2, column) and found_message.startswith(message)


class TestEthicsAssessments:
    def test_good_rows_update_and_refuse(self, world):
        header = ["证件号码", "年度", "考核结果"]
        commit(upload(world, "ethics_assessments", [header, [person(1), "2024", "合格"]]))

        batch = commit(
            upload(world, "ethics_assessments", [header, [person(1), "2024", "不合格"], [person(2), "2024", "合格"]])
        )
        bad = upload(world, "ethics_assessments", [header, [person(1), "2024", "良好"]])

        assert (batch.created_count, batch.updated_count) == (1, 1)
        assert (
            EthicsAssessment.objects.get(person_index=index_for("document_number", person(1))).result
            == EthicsResult.FAIL
        )
        assert messages_of(bad) == [(2, "考核结果", "不是可选的值。可以填写：合格、不合格。")]


class TestTrainingHours:
    HEADER = ["证件号码", "年度", "培训级别", "学时", "培训项目"]

    def test_a_row_is_person_year_level_and_project_and_hours_update(self, world):
        first = commit(
            upload(
                world,
                "training_hours",
                [
                    self.HEADER,
                    [person(1), "2024", "省级", "24", "新课程标准专题培训"],
                    [person(1), "2024", "省级", "12.5", ""],
                    [person(1), "2024", "校本", "12.5", ""],
                ],
            )
        )
        again = commit(
            upload(world, "training_hours", [self.HEADER, [person(1), "2024", "省级", "30", "新课程标准专题培训"]])
        )

        assert (first.created_count, again.updated_count) == (3, 1)
        assert sorted(TrainingRecord.objects.values_list("level", "hours", "title")) == [
            (TrainingLevel.PROVINCIAL, Decimal("12.5"), ""),
            (TrainingLevel.PROVINCIAL, Decimal("30.0"), "新课程标准专题培训"),
            (TrainingLevel.SCHOOL, Decimal("12.5"), ""),
        ]

    def test_a_formula_looking_project_name_is_kept_as_text(self, world):
        commit(
            upload(world, "training_hours", [self.HEADER, [person(1), "2024", "县级", "8", '=HYPERLINK("http://x")']])
        )

        assert TrainingRecord.objects.get().title == '=HYPERLINK("http://x")'

    @pytest.mark.parametrize(
        ("cells", "column", "message"),
        [
            (["2024", "区级", "8", ""], "培训级别", "不是可选的值。可以填写：国家级、省级、市级、县级、校本。"),
            (["2024", "省级", "八", ""], "学时", "应为数字，例如 24 或 12.5。"),
            (["2024", "省级", "8.25", ""], "学时", "最多保留 1 位小数。"),
            (["2024", "省级", "-8", ""], "学时", "应在 0 到 9999.9 之间。"),
            (["2024", "省级", "8", "项" * 101], "培训项目", "太长了：最多 100 个字，现在有 101 个字。"),
        ],
    )
    def test_each_bad_cell_has_its_message(self, world, cells, column, message):
        batch = upload(world, "training_hours", [self.HEADER, [person(1), *cells]])

        assert messages_of(batch) == [(2, column, message)]


class TestProvinceRule:
    HEADER = ["证件号码", "年度", "考核等次"]

    def test_another_provinces_row_is_not_changed_but_identical_values_are_unchanged(self, world):
        commit(upload(world, "annual_assessments", [self.HEADER, [person(1), "2024", "合格"]], other=True))

        changed = upload(world, "annual_assessments", [self.HEADER, [person(1), "2024", "优秀"]])
        same = commit(upload(world, "annual_assessments", [self.HEADER, [person(1), "2024", "合格"]]))

        assert messages_of(changed) == [
            (
                2,
                "",
                "已有一条不同的记录，它不是本省导入的（来自其他省份、全国系统或人工录入），本省导入不能修改它。"
                "如需更正，请联系原录入单位。",
            )
        ]
        assert (same.status, same.unchanged_count) == (BatchStatus.COMMITTED, 1)
        assert AnnualAssessment.objects.get().grade == AssessmentGrade.PASS

    def test_a_row_from_the_national_systems_is_not_changed_by_an_import(self, world):
        AnnualAssessment.objects.create(
            person_document_number=person(1), year=2024, grade=AssessmentGrade.PASS, source=RecordSource.NATIONAL
        )

        batch = upload(world, "annual_assessments", [self.HEADER, [person(1), "2024", "不合格"]])

        assert batch.status == BatchStatus.HAS_PROBLEMS and "不是本省导入的" in messages_of(batch)[0][2]

    def test_a_new_row_for_a_person_known_elsewhere_is_added(self, world):
        commit(upload(world, "annual_assessments", [self.HEADER, [person(1), "2023", "合格"]], other=True))

        batch = commit(upload(world, "annual_assessments", [self.HEADER, [person(1), "2024", "合格"]]))

        assert batch.created_count == 1 and AnnualAssessment.objects.count() == 2
