"""Exam results, Mandarin and education records (teacherreg.records national rows) and the
development identity registry (teacherreg.identity)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from teacherreg.common.fields import index_for
from teacherreg.identity.models import IdentityRecord
from teacherreg.identity.providers.base import CheckOutcome
from teacherreg.identity.providers.registry import DevelopmentRegistryProvider
from teacherreg.imports.models import ImportedRow
from teacherreg.records.models import (
    DegreeRecord,
    EducationRecord,
    ExamResult,
    MandarinRecord,
    RecordSource,
    VerificationState,
)
from teacherreg.reference.models import GraduationSchool, SchoolStatus
from tests.factories import ApplicationFactory, CodeItemFactory
from tests.imports.conftest import commit, csv_bytes, messages_of, person, upload


@pytest.fixture
def codes(db):
    return {
        "grade": CodeItemFactory(kind="mandarin_grade", code="2A", name="二级甲等"),
        "bachelor": CodeItemFactory(kind="education_level", code="bachelor", name="大学本科"),
        "full_time": CodeItemFactory(kind="study_form", code="full_time", name="普通全日制"),
    }


EXAM_HEADER = ["证件号码", "科目", "考试批次", "成绩", "是否合格", "考试合格证明编号", "有效期至"]


class TestExamResults:
    def test_results_are_keyed_by_person_session_and_subject(self, world):
        row = [person(1), "综合素质（小学）", "2024年上半年", "78", "是", "", "2026-06-30"]
        first = commit(
            upload(
                world,
                "exam_results",
                [EXAM_HEADER, row, [person(1), "教育教学知识与能力（小学）", "2024年上半年", "", "否", "", ""]],
            )
        )
        again = commit(upload(world, "exam_results", [EXAM_HEADER, [*row[:3], "80", *row[4:]]]))

        result = ExamResult.objects.get(subject_name="综合素质（小学）")
        assert (first.created_count, again.updated_count) == (2, 1)
        assert (result.score, result.passed, result.source) == (Decimal("80.0"), True, RecordSource.IMPORTED)
        assert result.person_index == index_for("document_number", person(1))

    def test_a_bad_pass_flag_is_reported(self, world):
        batch = upload(world, "exam_results", [EXAM_HEADER, [person(1), "综合素质", "2024", "78", "通过", "", ""]])

        assert messages_of(batch) == [(2, "是否合格", "请填写“是”或“否”。")]


MANDARIN_HEADER = ["证件号码", "等级", "证书编号", "测试/发证日期", "发证单位"]


class TestMandarin:
    def test_a_certificate_is_added_as_imported_and_verified(self, world, codes):
        commit(
            upload(
                world,
                "mandarin",
                [MANDARIN_HEADER, [person(1), "二级甲等", "3700000000001", "2012-05-20", "山东省语委"]],
            )
        )

        record = MandarinRecord.objects.get()
        assert (record.grade, record.source, record.verification_state) == (
            codes["grade"],
            RecordSource.IMPORTED,
            VerificationState.VERIFIED,
        )
        assert record.owner_id is None and record.person_document_number == person(1)

    def test_an_unknown_grade_names_the_code_table(self, world, codes):
        batch = upload(
            world, "mandarin", [MANDARIN_HEADER, [person(1), "特级", "3700000000001", "2012-05-20", "山东省语委"]]
        )

        assert messages_of(batch) == [(2, "等级", "“普通话水平等级”中没有这个值。请填写代码表中的名称或代码。")]

    def test_a_record_a_live_application_uses_is_locked(self, world, codes):
        commit(
            upload(world, "mandarin", [MANDARIN_HEADER, [person(1), "2A", "3700000000001", "2012-05-20", "山东省语委"]])
        )
        ApplicationFactory(mandarin_record=MandarinRecord.objects.get())

        batch = upload(
            world, "mandarin", [MANDARIN_HEADER, [person(1), "2A", "3700000000001", "2012-05-21", "山东省语委"]]
        )

        assert messages_of(batch) == [(2, "", "这条记录已被报名使用，不能修改。")]

    def test_the_applicants_own_entry_is_never_found_or_changed(self, world, codes):
        from tests.factories import ApplicantFactory

        owner = ApplicantFactory(document_number=person(1))
        MandarinRecord.objects.create(
            source=RecordSource.ENTERED,
            owner=owner,
            grade=codes["grade"],
            certificate_number="3700000000001",
            issued_on=datetime.date(2012, 5, 20),
            issuing_body="山东省语委",
            verification_state=VerificationState.PENDING,
        )

        batch = commit(
            upload(world, "mandarin", [MANDARIN_HEADER, [person(1), "2A", "3700000000001", "2012-05-20", "山东省语委"]])
        )

        assert batch.created_count == 1
        assert (
            MandarinRecord.objects.filter(source=RecordSource.ENTERED).get().verification_state
            == VerificationState.PENDING
        )


EDUCATION_HEADER = ["证件号码", "学历", "毕业学校", "所学专业", "毕业时间", "学习形式", "毕业证书编号"]


class TestEducation:
    def test_a_record_links_a_verified_school_of_the_same_name(self, world, codes):
        school = GraduationSchool.objects.create(name="山东师范大学（济南）", status=SchoolStatus.VERIFIED)
        row = [
            person(1),
            "大学本科",
            "山东师范大学 (济南)",
            "汉语言文学",
            "2008-07-01",
            "普通全日制",
            "104451200805000123",
        ]

        batch = commit(upload(world, "education", [EDUCATION_HEADER, row]))

        record = EducationRecord.objects.get()
        assert batch.created_count == 1
        assert (record.graduation_school, record.school_name, record.study_form) == (
            school,
            "山东师范大学（济南）",
            codes["full_time"],
        )
        assert ImportedRow.objects.get().model == "records.educationrecord"

    def test_an_unknown_study_form_is_reported(self, world, codes):
        row = [person(1), "大学本科", "山东师范大学", "汉语言文学", "2008-07-01", "函授班", "104451200805000123"]

        assert messages_of(upload(world, "education", [EDUCATION_HEADER, row])) == [
            (2, "学习形式", "“学习形式”中没有这个值。请填写代码表中的名称或代码。")
        ]


class TestDegrees:
    def test_a_degree_is_added_and_the_same_file_is_unchanged(self, world):
        bachelor = CodeItemFactory(kind="degree", code="bachelor", name="学士")
        body = [["证件号码", "学位", "学位授予单位", "所学专业", "授予日期", "学位证书编号"]]
        body.append([person(1), "学士", "山东师范大学", "汉语言文学", "2008-07-01", "1044542008000123"])

        first = commit(upload(world, "degrees", body))
        again = commit(upload(world, "degrees", body))

        record = DegreeRecord.objects.get()
        assert (first.created_count, again.unchanged_count) == (1, 1)
        assert (record.degree, record.source, record.graduation_school) == (bachelor, RecordSource.IMPORTED, None)

    def test_an_unknown_degree_names_the_code_table(self, world):
        body = [["证件号码", "学位", "学位授予单位", "所学专业", "授予日期", "学位证书编号"]]
        body.append([person(1), "博士后", "山东师范大学", "汉语言文学", "2008-07-01", "1044542008000123"])

        assert messages_of(upload(world, "degrees", body)) == [
            (2, "学位", "“学位”中没有这个值。请填写代码表中的名称或代码。")
        ]


class TestIdentityRegistry:
    def test_the_registry_answers_checks_from_imported_rows(self, world):
        batch = commit(
            upload(
                world,
                "identity_registry",
                [
                    ["证件号码", "姓名", "是否有效"],
                    [person(1), "王小明", ""],
                    [person(2), "李·明", "否"],
                    ["E1234567", "John Smith", "是"],
                ],
                national=True,
            )
        )

        provider = DevelopmentRegistryProvider()
        assert batch.created_count == 3
        assert provider.check(name="王小明", document_number=person(1)) == CheckOutcome.MATCH
        assert provider.check(name="李·明", document_number=person(2)) == CheckOutcome.NOT_FOUND
        assert provider.check(name="John Smith", document_number="E1234567") == CheckOutcome.MATCH

    def test_the_management_commands_english_headers_are_accepted(self, world):
        raw = csv_bytes([["document_number", "name", "valid"], [person(1), "王小明", "1"]])

        batch = commit(upload(world, "identity_registry", [], raw=raw, national=True))
        again = commit(upload(world, "identity_registry", [["证件号码", "姓名"], [person(1), "王晓明"]], national=True))

        assert (batch.created_count, again.updated_count) == (1, 1)
        assert IdentityRecord.objects.get().name == "王晓明"

    def test_a_latin_name_with_an_id_number_is_refused_with_sign_ups_reason(self, world):
        batch = upload(world, "identity_registry", [["证件号码", "姓名"], [person(1), "Wang Xiaoming"]], national=True)

        [(line, column, message)] = messages_of(batch)
        assert (line, column) == (2, "姓名") and message.startswith("姓名有误：")
