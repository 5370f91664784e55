"""数据导入 pages (issue 6 item 6): which kinds each role sees, upload → report → commit through
the pages, the downloads, and the audit of views of people's records. The rules of each kind:
``tests/imports/``.
"""

from __future__ import annotations

import csv
import io

import pyotp
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from teacherreg.audit.models import AuditEvent
from teacherreg.imports.models import BatchStatus, ImportBatch
from teacherreg.imports.reading import MAX_BYTES
from teacherreg.profiles.models import AnnualAssessment
from tests.factories import MembershipFactory, StaffFactory
from tests.idnumbers import make_id_number
from tests.office.office_world import build_office_world, office_client

KIND = "annual_assessments"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def world(db):
    return build_office_world()


def url(name: str, **kwargs) -> str:
    return reverse(f"office:{name}", kwargs=kwargs)


def number(n: int) -> str:
    # The office world knows division 370102, so these numbers pass the address-code check.
    return make_id_number(n, region="370102")


def csv_file(text: str, name: str = "考核.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def post_file(client, text: str, kind: str = KIND):
    return client.post(url("import_kind", kind=kind), {"file": csv_file(text)})


class TestReach:
    def test_a_province_administrator_sees_teacher_records_and_no_national_data(self, world):
        client = office_client(world.ours.staff["province_admin"])

        html = client.get(url("imports")).content.decode()

        assert url("import_kind", kind=KIND) in html
        assert url("import_kind", kind="registration_history") in html
        assert url("import_kind", kind="certificates") not in html
        assert client.get(url("import_kind", kind="certificates")).status_code == 404
        assert client.get(url("import_template", kind="subjects", file_format="csv")).status_code == 404

    def test_a_system_administrator_sees_national_data_and_no_teacher_records(self, world):
        client = office_client(world.ours.staff["system_admin"])

        html = client.get(url("imports")).content.decode()

        for kind in ("certificates", "identity_registry", "organisations", "graduation_schools", "subjects", "majors"):
            assert url("import_kind", kind=kind) in html
        assert url("import_kind", kind=KIND) not in html
        assert client.get(url("import_kind", kind=KIND)).status_code == 404
        assert client.get(url("import_kind", kind="certificates")).status_code == 200

    def test_an_unknown_kind_or_template_format_answers_404(self, world):
        client = office_client(world.ours.staff["province_admin"])

        assert client.get(url("import_kind", kind="nonsense")).status_code == 404
        assert client.get(url("import_template", kind=KIND, file_format="pdf")).status_code == 404

    def test_a_province_administrator_of_a_city_has_no_province_to_import_for(self, world):
        staff = StaffFactory(totp_secret=pyotp.random_base32())
        MembershipFactory(user=staff, organisation=world.ours.city, role="province_admin")
        client = office_client(staff)

        index = client.get(url("imports"))
        assert index.status_code == 200
        assert url("import_kind", kind=KIND) not in index.content.decode()
        assert client.get(url("import_kind", kind=KIND)).status_code == 404

    def test_the_batch_list_shows_only_the_members_own_reach(self, world):
        ours = office_client(world.ours.staff["province_admin"])
        post_file(ours, f"证件号码,年度,考核等次\n{number(1)},2024,合格\n")
        batch = ImportBatch.objects.get()

        theirs = office_client(world.theirs.staff["province_admin"])
        system = office_client(world.ours.staff["system_admin"])

        assert url("import_batch", batch=batch.pk) in ours.get(url("imports")).content.decode()
        assert url("import_batch", batch=batch.pk) not in theirs.get(url("imports")).content.decode()
        assert theirs.get(url("import_batch", batch=batch.pk)).status_code == 404
        assert system.get(url("import_batch", batch=batch.pk)).status_code == 404
        assert system.get(url("import_report", batch=batch.pk)).status_code == 404


class TestUploadReportCommit:
    def test_a_file_with_errors_is_reported_row_by_row_with_masked_values_and_nothing_is_written(self, world):
        client = office_client(world.ours.staff["province_admin"])
        bad_number = number(2)[:-1] + ("0" if number(2)[-1] != "0" else "1")
        text = f"证件号码,姓名,年度,考核等次\n{number(1)},王小明,2024,合格\n{bad_number},李四,20x4,很好\n"

        answer = post_file(client, text)

        batch = ImportBatch.objects.get()
        assert answer.status_code == 302 and answer["Location"] == url("import_batch", batch=batch.pk)
        page = client.get(answer["Location"]).content.decode()
        assert "检查发现问题，数据没有导入" in page
        assert "证件号码校验位不正确" in page
        assert "年度应为四位数字" in page
        assert "不是可选的值" in page
        assert bad_number not in page and bad_number[:2] + "*****" + bad_number[-2:] in page
        assert "确认导入</button>" not in page
        assert AnnualAssessment.objects.count() == 0

    def test_a_clean_file_is_checked_then_committed_and_a_second_upload_changes_nothing(self, world):
        client = office_client(world.ours.staff["province_admin"])
        text = f"证件号码,年度,考核等次\n{number(1)},2023,合格\n{number(1)},2024,优秀\n"

        first = client.get(post_file(client, text)["Location"]).content.decode()
        batch = ImportBatch.objects.get()
        assert "检查通过" in first and "确认导入</button>" in first
        assert AnnualAssessment.objects.count() == 0

        done = client.post(url("import_commit", batch=batch.pk), follow=True).content.decode()
        assert "已导入：新增 2 条，更新 0 条，无变化 0 条。" in done
        assert AnnualAssessment.objects.count() == 2

        again = client.get(post_file(client, text)["Location"]).content.decode()
        assert f"批次 {batch.pk}）" in again  # the re-import note names the earlier batch
        second = ImportBatch.objects.exclude(pk=batch.pk).get()
        done = client.post(url("import_commit", batch=second.pk), follow=True).content.decode()
        assert "已导入：新增 0 条，更新 0 条，无变化 2 条。" in done

    def test_committing_twice_is_refused_with_a_message(self, world):
        client = office_client(world.ours.staff["province_admin"])
        post_file(client, f"证件号码,年度,考核等次\n{number(1)},2024,合格\n")
        batch = ImportBatch.objects.get()
        client.post(url("import_commit", batch=batch.pk))

        again = client.post(url("import_commit", batch=batch.pk), follow=True).content.decode()

        assert "这个批次不能导入" in again
        assert AnnualAssessment.objects.count() == 1

    def test_a_problem_found_at_commit_time_is_explained_and_nothing_is_written(self, world):
        client = office_client(world.ours.staff["province_admin"])
        post_file(client, f"证件号码,年度,考核等次\n{number(1)},2023,合格\n{number(2)},2024,合格\n")
        batch = ImportBatch.objects.get()
        theirs = office_client(world.theirs.staff["province_admin"])
        post_file(theirs, f"证件号码,年度,考核等次\n{number(2)},2024,不合格\n")
        theirs.post(url("import_commit", batch=ImportBatch.objects.exclude(pk=batch.pk).get().pk))

        page = client.post(url("import_commit", batch=batch.pk), follow=True).content.decode()

        assert "确认导入时发现新的问题" in page and "不是本省导入的" in page
        assert AnnualAssessment.objects.count() == 1

    def test_commit_answers_only_post(self, world):
        client = office_client(world.ours.staff["province_admin"])
        post_file(client, f"证件号码,年度,考核等次\n{number(1)},2024,合格\n")

        assert client.get(url("import_commit", batch=ImportBatch.objects.get().pk)).status_code == 405

    def test_an_unreadable_file_says_why(self, world):
        client = office_client(world.ours.staff["province_admin"])
        upload = SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)

        answer = client.post(url("import_kind", kind=KIND), {"file": upload}, follow=True).content.decode()

        assert "旧版 Excel（.xls）" in answer
        assert ImportBatch.objects.get().status == BatchStatus.UNREADABLE

    def test_no_file_and_a_too_big_file_are_form_errors(self, world):
        client = office_client(world.ours.staff["province_admin"])

        empty = client.post(url("import_kind", kind=KIND), {})
        big = client.post(
            url("import_kind", kind=KIND), {"file": SimpleUploadedFile("big.csv", b"x" * (MAX_BYTES + 1))}
        )

        assert "请选择要上传的文件。" in empty.content.decode()
        assert "文件太大" in big.content.decode()
        assert not ImportBatch.objects.exists()

    def test_the_report_csv_lists_every_problem_masked_and_neutralised(self, world):
        client = office_client(world.ours.staff["province_admin"])
        post_file(client, f"证件号码,姓名,年度,考核等次\n{number(1)},王小明,=1+1,合格\n12345,王小明,2024,@SUM(1)\n")
        batch = ImportBatch.objects.get()

        answer = client.get(url("import_report", batch=batch.pk))

        assert answer["Content-Type"].startswith("text/csv")
        assert answer["Cache-Control"] == "private, no-store"
        assert "attachment" in answer["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert rows[0] == ["行号", "列", "内容", "问题"]
        assert ["2", "年度", "'=1+1", "年度应为四位数字，例如 2024。"] in rows
        assert any(row[0] == "3" and row[1] == "考核等次" and row[2] == "'@SUM(1)" for row in rows)
        assert any(row[0] == "3" and row[1] == "证件号码" and row[2] == "*****" for row in rows)


class TestDownloadsAndAudit:
    def test_the_csv_template_has_the_header_and_one_example_row(self, world):
        client = office_client(world.ours.staff["province_admin"])

        answer = client.get(url("import_template", kind=KIND, file_format="csv"))

        assert answer.content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert rows == [["证件号码", "姓名", "年度", "考核等次"], ["370102198503150026", "王小明", "2024", "合格"]]

    def test_the_xlsx_template_has_text_cells_and_an_explanation_sheet(self, world):
        client = office_client(world.ours.staff["system_admin"])

        answer = client.get(url("import_template", kind="certificates", file_format="xlsx"))

        book = load_workbook(io.BytesIO(answer.content))
        data, notes = book.worksheets
        assert [c.value for c in data[1]][:2] == ["证书号码", "持证人姓名"]
        assert data["A2"].number_format == "@"
        assert notes["A1"].value == "列名" and notes["B2"].value == "是"

    def test_viewing_a_report_of_peoples_records_is_audited_and_national_data_is_not(self, world):
        province = office_client(world.ours.staff["province_admin"])
        post_file(province, "证件号码,年度,考核等次\n1,2024,合格\n")
        batch = ImportBatch.objects.get()

        province.get(url("import_batch", batch=batch.pk))
        province.get(url("import_report", batch=batch.pk))

        seen = AuditEvent.objects.filter(action="personal_data.view", object_ref=str(batch.pk))
        assert sorted(e.data["what"] for e in seen) == ["import_report", "import_report_csv"]
        assert AuditEvent.objects.filter(action="imports.checked", object_ref=str(batch.pk)).exists()

        system = office_client(world.ours.staff["system_admin"])
        system.post(url("import_kind", kind="majors"), {"file": csv_file("目录,代码,名称\n无,X,测试\n")})
        majors = ImportBatch.objects.get(kind="majors")
        system.get(url("import_batch", batch=majors.pk))
        assert not AuditEvent.objects.filter(action="personal_data.view", object_ref=str(majors.pk)).exists()
