"""The batch's life (services and engine, through the annual-assessment kind): headers, the
dry run that writes nothing, all-or-nothing commit, idempotent re-import, encryption of the
kept file, retention and audit."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.imports import services
from teacherreg.imports.models import BatchStatus, ImportBatch, ImportedRow
from teacherreg.imports.tasks import purge_expired_import_files
from teacherreg.profiles.models import AnnualAssessment, AssessmentGrade
from tests.imports.conftest import commit, csv_bytes, messages_of, person, upload

KIND = "annual_assessments"
HEADER = ["证件号码", "姓名", "年度", "考核等次"]


def rows(*body: list[str]) -> list[list[str]]:
    return [HEADER, *body]


class TestHeaders:
    def test_unknown_repeated_blank_and_missing_headers_are_reported_and_no_row_is_read(self, world):
        batch = upload(world, KIND, [["证件号码", "年份", "证件号码", "", "备注"], [person(1), "2024", "x", "", ""]])

        assert batch.status == BatchStatus.HAS_PROBLEMS
        assert messages_of(batch) == [
            (1, "年份", "无法识别这个列名。请使用模板中的列名（可下载模板对照）。"),
            (1, "证件号码", "这个列名出现了两次，请只保留一列。"),
            (1, "", "第 4 列没有列名。请删除这一列，或填写模板中的列名。"),
            (1, "备注", "无法识别这个列名。请使用模板中的列名（可下载模板对照）。"),
            (1, "年度", "缺少这一必填列。请按模板补上这一列。"),
            (1, "考核等次", "缺少这一必填列。请按模板补上这一列。"),
        ]

    def test_a_file_without_a_header_row_is_told_so_and_quotes_none_of_its_data(self, world):
        batch = upload(world, KIND, [[person(1), "王小明", "2024", "合格"], [person(2), "李明", "2024", "合格"]])

        assert batch.problems == [
            {
                "line": 1,
                "column": "",
                "value": "",
                "message": "第一行没有可以识别的列名。文件的第一行必须是列名（可下载模板对照）；"
                "如果第一行就是数据，请在它上面插入一行列名。",
            }
        ]

    def test_an_unknown_header_with_digits_is_not_repeated_in_a_file_about_people(self, world):
        batch = upload(world, KIND, [[*HEADER, person(3)], [person(1), "", "2024", "合格", ""]])

        assert [(p["column"], p["value"]) for p in batch.problems] == [("*****", "*****")]
        assert person(3) not in str(batch.problems)

    def test_optional_columns_may_be_left_out_and_columns_may_come_in_any_order(self, world):
        batch = upload(world, KIND, [["考核等次", "年度", "证件号码"], ["合格", "2024", person(1)]])

        assert batch.status == BatchStatus.CHECKED and batch.created_count == 1

    def test_a_value_right_of_the_last_header_is_reported(self, world):
        batch = upload(world, KIND, rows([person(1), "王小明", "2024", "合格", "多余"]))

        assert messages_of(batch) == [(2, "", "第 5 列没有列名，其中的内容无法导入。请删除，或补上列名。")]
        assert batch.problems[0]["value"] == ""  # no masking rule for it, so not repeated


class TestDryRun:
    def test_it_checks_every_row_and_writes_nothing(self, world):
        before = AuditEvent.objects.count()
        batch = upload(world, KIND, rows([person(1), "王小明", "2023", "合格"], [person(2), "", "2024", "优秀"]))

        assert (batch.status, batch.row_count, batch.created_count, batch.problems) == (BatchStatus.CHECKED, 2, 2, [])
        assert not AnnualAssessment.objects.exists()
        assert not ImportedRow.objects.exists()
        # Only the batch's own event: the rows' writes were rolled back.
        assert list(AuditEvent.objects.all()[before:].values_list("action", flat=True)) == ["imports.checked"]

    def test_every_bad_cell_of_every_row_is_reported_with_row_and_column(self, world):
        batch = upload(
            world,
            KIND,
            rows([person(1), "王小明", "2024", "合格"], ["", "李四", "20x4", "很好"], [person(3), "", "", ""]),
        )

        assert batch.status == BatchStatus.HAS_PROBLEMS
        assert batch.problem_row_count == 2
        assert [(line, column) for line, column, _ in messages_of(batch)] == [
            (3, "证件号码"),
            (3, "年度"),
            (3, "考核等次"),
            (4, "年度"),
            (4, "考核等次"),
        ]
        assert messages_of(batch)[0][2] == "必填，不能为空。"

    def test_the_same_record_twice_in_one_file_is_reported_on_the_second_row(self, world):
        batch = upload(world, KIND, rows([person(1), "", "2024", "合格"], [person(1).lower(), "", "2024", "优秀"]))

        assert messages_of(batch) == [(3, "", "与第 2 行是同一条记录，请只保留一行。")]

    def test_personal_values_in_the_report_are_masked(self, world):
        batch = upload(world, KIND, rows([person(1)[:-1] + "0", "王小明", "2024", "合格"]))

        assert batch.problems[0]["value"] == person(1)[:2] + "*****" + person(1)[-2:][:1] + "0"


class TestCommit:
    def test_it_writes_every_row_and_remembers_the_province(self, world):
        batch = commit(upload(world, KIND, rows([person(1), "", "2023", "合格"], [person(1), "", "2024", "优秀"])))

        assert (batch.status, batch.created_count, batch.committed_by) == (BatchStatus.COMMITTED, 2, world.admin)
        assert sorted(AnnualAssessment.objects.values_list("year", "grade")) == [
            (2023, AssessmentGrade.PASS),
            (2024, AssessmentGrade.EXCELLENT),
        ]
        assert set(ImportedRow.objects.values_list("organisation", "batch")) == {(world.province.pk, batch.pk)}

    def test_re_importing_the_same_file_changes_nothing_and_the_audit_says_so(self, world):
        body = rows([person(1), "", "2023", "合格"], [person(1), "", "2024", "优秀"])
        first = commit(upload(world, KIND, body))
        stamp = list(AnnualAssessment.objects.values_list("pk", "grade", "recorded_at"))

        second = commit(upload(world, KIND, body))

        assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 2)
        assert list(AnnualAssessment.objects.values_list("pk", "grade", "recorded_at")) == stamp
        assert second.file_hash == first.file_hash
        assert services.earlier_commit(second) == first
        event = AuditEvent.objects.get(action="imports.committed", object_ref=str(second.pk))
        assert event.data | {} == {
            "kind": KIND,
            "file_hash": first.file_hash,
            "rows": 2,
            "created": 0,
            "updated": 0,
            "unchanged": 2,
            "problem_rows": 0,
            "status": "committed",
        }
        assert event.actor == world.admin and event.actor_organisation_id == world.province.pk

    def test_a_changed_value_updates_the_row_the_province_imported(self, world):
        commit(upload(world, KIND, rows([person(1), "", "2024", "合格"])))

        batch = commit(upload(world, KIND, rows([person(1), "", "2024", "优秀"])))

        assert (batch.updated_count, AnnualAssessment.objects.get().grade) == (1, AssessmentGrade.EXCELLENT)

    def test_a_batch_with_problems_or_already_committed_cannot_be_committed(self, world):
        bad = upload(world, KIND, rows([person(1), "", "20x4", "合格"]))
        done = commit(upload(world, KIND, rows([person(1), "", "2024", "合格"])))

        for batch in (bad, done):
            with pytest.raises(DomainError) as refused:
                services.commit(batch, actor=world.admin)
            assert refused.value.code == "import_not_committable"
        assert AnnualAssessment.objects.count() == 1

    def test_a_problem_found_at_commit_time_writes_nothing_at_all(self, world):
        # Row 2 is fine; row 3 is fine at the dry run, then another province imports a
        # different grade for the same person and year before this one commits.
        batch = upload(world, KIND, rows([person(1), "", "2023", "合格"], [person(2), "", "2024", "合格"]))
        commit(upload(world, KIND, rows([person(2), "", "2024", "不合格"]), other=True))

        result = commit(batch)

        assert result.status == BatchStatus.HAS_PROBLEMS
        assert messages_of(result) == [(3, "", messages_of(result)[0][2])]
        assert "不是本省导入的" in messages_of(result)[0][2]
        assert not AnnualAssessment.objects.filter(year=2023).exists()
        assert AuditEvent.objects.filter(action="imports.commit_refused", object_ref=str(batch.pk)).exists()


class TestFiles:
    def test_an_unreadable_file_is_kept_as_a_batch_with_its_reason(self, world):
        batch = upload(world, KIND, [], raw=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", name="old.xls")

        assert batch.status == BatchStatus.UNREADABLE and not batch.can_commit
        assert batch.problems[0]["line"] == 0 and "旧版 Excel" in batch.problems[0]["message"]

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
    def test_each_encoding_imports_the_same_rows(self, world, encoding):
        raw = csv_bytes(rows([person(1), "王小明", "2024", "基本合格"]), encoding=encoding)

        batch = commit(upload(world, KIND, [], raw=raw))

        assert batch.encoding == encoding and AnnualAssessment.objects.get().grade == AssessmentGrade.BASIC_PASS

    def test_the_kept_file_is_encrypted_and_no_table_holds_the_number_in_clear(self, world, _private_files):
        number = person(1)
        # One batch with a problem (its report quotes the number, masked), one committed.
        upload(world, KIND, rows([number, "王小明", "2024", "合格"], [number[:-1] + "0", "王小明", "2024", "合格"]))
        batch = commit(upload(world, KIND, rows([number, "王小明", "2023", "合格"])))

        files = [p.read_bytes() for p in _private_files.rglob("*") if p.is_file()]
        assert len(files) == 2 and not any(number.encode() in f or "王小明".encode() in f for f in files)
        assert services.stored_bytes(batch).decode().count(number) == 1
        with connection.cursor() as cursor:
            dump = []
            for table in connection.introspection.table_names():
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — from introspection
                dump.extend(repr(row) for row in cursor.fetchall())
        haystack = "\n".join(dump)
        assert "王小明" not in haystack and number not in haystack and number[:17] not in haystack

    def test_the_file_name_shown_is_only_the_base_name(self, world):
        batch = upload(world, KIND, rows([person(1), "", "2024", "合格"]), name="C:\\Users\\王\\..\\考核\u202e.csv")

        assert batch.file_name == "考核.csv"
        assert not batch.file.name.endswith(".csv") and batch.file.name.startswith("imports/")

    def test_files_past_their_retention_are_deleted_and_the_record_stays(self, world):
        batch = commit(upload(world, KIND, rows([person(1), "", "2024", "合格"])))
        later = batch.retain_until + datetime.timedelta(days=1)

        assert services.purge_expired_files(batch.retain_until) == 0
        assert services.purge_expired_files(later) == 1

        batch.refresh_from_db()
        assert not batch.file and batch.file_purged_at is not None and batch.created_count == 1
        assert AuditEvent.objects.filter(action="imports.file_purged", object_ref=str(batch.pk)).exists()
        with pytest.raises(DomainError):
            services.stored_bytes(batch)
        assert ImportBatch.objects.count() == 1

    def test_the_daily_job_purges_what_is_due_today(self, world):
        batch = commit(upload(world, KIND, rows([person(1), "", "2024", "合格"])))
        ImportBatch.objects.filter(pk=batch.pk).update(retain_until=datetime.date(2000, 1, 1))

        assert purge_expired_import_files.call_local() == 1
