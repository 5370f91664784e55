"""The record modules' pages and the centre's seven modules (manual §2; issue 4 item 1)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teacherreg.records.kinds import MANDARIN
from teacherreg.records.models import MandarinRecord, OtherCertificate
from teacherreg.records.services import add_entry, verify_entry
from teacherreg.registration.workflow import Status
from tests.documents.images import jpeg, other_format
from tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    ExamResultFactory,
    NationalEducationFactory,
    NationalMandarinFactory,
    StaffFactory,
)
from tests.records.conftest import BACKEND, mandarin_data

pytestmark = pytest.mark.django_db

SEVEN = (
    "个人身份信息",
    "教师资格考试信息",
    "普通话证书信息",
    "学历学籍信息",
    "学位证书信息",
    "教师资格证书信息",
    "其他证书信息",
)


@pytest.fixture
def signed_in(client, teacher):
    client.force_login(teacher, backend=BACKEND)
    return client


def upload(data: bytes, name: str = "scan.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def mandarin_post(codes, **overrides) -> dict:
    data = {
        "grade": codes["2A"].pk,
        "certificate_number": "1121001900518",
        "issued_on": "2019-05-18",
        "issuing_body": "北京市语言文字工作委员会",
        "scan": upload(jpeg()),
    }
    data.update(overrides)
    return data


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the centre ---------------------------------------------------------------------------


def test_the_centre_shows_the_seven_modules_in_the_manuals_order_with_counts(signed_in, teacher, codes):
    NationalMandarinFactory(person=teacher, grade=codes["2A"])
    add_entry(teacher, MANDARIN, mandarin_data(codes, certificate_number="E-1"), jpeg())
    ExamResultFactory(person=teacher)

    body = text(signed_in.get(reverse("applicant:centre")))

    cards = body[body.index('id="modules-heading"') : body.index('id="identity-info"')]
    positions = [cards.index(f">{title}</a>") for title in SEVEN]
    assert positions == sorted(positions)
    assert "共 2 条记录" in cards and "1 条待核验" in cards
    assert f'href="{reverse("applicant:record_list", args=["mandarin"])}"' in cards
    assert f'href="{reverse("applicant:certificates")}"' in cards
    assert f'href="{reverse("applicant:record_exams")}"' in cards


# --- module pages -------------------------------------------------------------------------


def test_the_exam_page_lists_national_results_read_only(signed_in, teacher):
    ExamResultFactory(person=teacher, subject_name="综合素质（小学）", score=98, certificate_number="15110100000042")
    ExamResultFactory(person=ApplicantFactory(), subject_name="别人的成绩")

    body = text(signed_in.get(reverse("applicant:record_exams")))

    assert "综合素质（小学）" in body and "15110100000042" in body and "2019-03-31" in body
    assert "别人的成绩" not in body
    assert "<form" not in body.split('id="main-content"')[1].split("site-footer")[0]


def test_a_module_page_shows_origin_state_reason_and_lock(signed_in, teacher, codes):
    national = NationalMandarinFactory(person=teacher, grade=codes["1B"], certificate_number="N-1")
    refused = add_entry(teacher, MANDARIN, mandarin_data(codes, certificate_number="E-1"), jpeg())
    verify_entry(StaffFactory(), refused, False, "扫描件看不清证书编号")
    ApplicationFactory(applicant=teacher, mandarin_record=national, status=Status.SUBMITTED)

    body = text(signed_in.get(reverse("applicant:record_list", args=["mandarin"])))

    assert "全国系统" in body and "本人录入" in body
    assert "核验未通过" in body and "原因：扫描件看不清证书编号" in body
    assert "已锁定" in body and "请联系受理该申请的注册机构" in body
    assert reverse("applicant:record_edit", args=["mandarin", refused.pk]) in body


def test_unknown_kinds_are_not_found(signed_in):
    assert signed_in.get("/me/records/exam-results/").status_code == 404
    assert signed_in.get("/me/records/mandarins/").status_code == 404


def test_the_pages_need_an_applicant(client):
    assert client.get(reverse("applicant:record_list", args=["degree"]))["Location"].startswith("/account/login")


# --- entering -----------------------------------------------------------------------------


def test_an_applicant_enters_a_mandarin_certificate_with_a_scan(signed_in, teacher, codes):
    page = text(signed_in.get(reverse("applicant:record_add", args=["mandarin"])))
    assert "190 KB（194,560 字节）" in page and "一级甲等" in page

    response = signed_in.post(reverse("applicant:record_add", args=["mandarin"]), mandarin_post(codes))

    assert response.status_code == 302
    record = MandarinRecord.objects.get()
    assert (record.owner, record.verification_state, record.grade) == (teacher, "pending", codes["2A"])
    listing = text(signed_in.get(response["Location"]))
    assert "待核验" in listing and "1121001900518" in listing


def test_a_refused_scan_re_renders_the_form_with_everything_typed(signed_in, codes):
    response = signed_in.post(
        reverse("applicant:record_add", args=["mandarin"]),
        mandarin_post(codes, scan=upload(other_format("PNG")), issuing_body="山东省语言文字工作委员会"),
    )

    body = text(response)
    assert response.status_code == 200
    assert "不是 JPEG 格式的图片" in body
    assert 'value="1121001900518"' in body
    assert 'value="山东省语言文字工作委员会"' in body
    assert 'value="2019-05-18"' in body
    assert re.search(rf'<option value="{codes["2A"].pk}" selected>', body)
    assert "请重新选择证书扫描件" in body
    assert not MandarinRecord.objects.exists()


def test_a_future_date_gets_a_chinese_message_and_keeps_the_input(signed_in, codes):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    body = text(
        signed_in.post(reverse("applicant:record_add", args=["mandarin"]), mandarin_post(codes, issued_on=tomorrow))
    )
    assert "日期不能晚于今天。" in body
    assert 'value="1121001900518"' in body


def test_an_oversized_scan_is_refused_on_the_page(signed_in, codes):
    from tests.documents.images import padded

    body = text(
        signed_in.post(
            reverse("applicant:record_add", args=["mandarin"]),
            mandarin_post(codes, scan=upload(padded(jpeg(), 194_561))),
        )
    )
    assert "190 KB（194,560 字节）的上限" in body


def test_education_uses_the_school_directory(signed_in, teacher, codes, school):
    response = signed_in.post(
        reverse("applicant:record_add", args=["education"]),
        {
            "education_level": codes["bachelor"].pk,
            "graduation_school": school.pk,
            "major_name": "汉语言文学",
            "graduated_on": "2008-07-01",
            "study_form": codes["full_time"].pk,
            "certificate_number": "100271200805000123",
            "scan": upload(jpeg()),
        },
    )
    assert response.status_code == 302
    body = text(signed_in.get(response["Location"]))
    assert "北京师范大学" in body and "大学本科" in body and "普通全日制" in body


def test_other_certificates_are_entered_too(signed_in, teacher):
    response = signed_in.post(
        reverse("applicant:record_add", args=["other"]),
        {
            "name": "心理咨询师证书",
            "certificate_number": "XL2018001",
            "issuing_body": "某职业技能鉴定中心",
            "issued_on": "2018-06-01",
            "scan": upload(jpeg()),
        },
    )
    assert response.status_code == 302
    assert OtherCertificate.objects.get().owner == teacher


# --- changing, deleting, scans ------------------------------------------------------------


def test_an_entry_is_changed_without_a_new_scan(signed_in, teacher, codes):
    record = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())
    url = reverse("applicant:record_edit", args=["mandarin", record.pk])
    assert 'value="1121001900518"' in text(signed_in.get(url))

    data = mandarin_post(codes, issuing_body="新的发证单位")
    del data["scan"]
    assert signed_in.post(url, data).status_code == 302
    record.refresh_from_db()
    assert record.issuing_body == "新的发证单位"


def test_a_locked_entry_cannot_be_changed_or_deleted_from_the_pages(signed_in, teacher, codes):
    record = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())
    ApplicationFactory(applicant=teacher, mandarin_record=record, status=Status.CONFIRMED)

    edit = signed_in.get(reverse("applicant:record_edit", args=["mandarin", record.pk]), follow=True)
    assert "请联系受理该申请的注册机构" in text(edit)
    deleted = signed_in.post(reverse("applicant:record_delete", args=["mandarin", record.pk]), follow=True)
    assert "请联系受理该申请的注册机构" in text(deleted)
    assert MandarinRecord.objects.filter(pk=record.pk, removed_at__isnull=True).exists()


def test_an_entry_is_deleted_after_confirmation(signed_in, teacher, codes):
    record = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())
    url = reverse("applicant:record_delete", args=["mandarin", record.pk])
    assert "确认删除" in text(signed_in.get(url))
    assert signed_in.post(url).status_code == 302
    assert not MandarinRecord.objects.exists()


def test_the_owner_sees_their_scan_and_nobody_else_does(client, signed_in, teacher, codes):
    record = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())
    url = reverse("applicant:record_scan", args=["mandarin", record.pk])

    mine = signed_in.get(url)
    assert mine.status_code == 200
    assert mine["Content-Type"] == "image/jpeg"
    assert "no-store" in mine["Cache-Control"]
    assert b"".join(mine.streaming_content)[:2] == b"\xff\xd8"
    b"".join(
        mine.streaming_content
    )  # read to the end, which closes the file; .close() would drop the PostgreSQL test connection

    other = ApplicantFactory()
    client.force_login(other, backend=BACKEND)
    assert client.get(url).status_code == 404
    assert client.get(reverse("applicant:record_edit", args=["mandarin", record.pk])).status_code == 404
    assert client.post(reverse("applicant:record_delete", args=["mandarin", record.pk])).status_code == 404
    # The wrong kind for the right number is not found either.
    assert client.get(reverse("applicant:record_scan", args=["degree", record.pk])).status_code == 404


def test_national_rows_have_no_edit_links(signed_in, teacher, codes):
    NationalEducationFactory(person=teacher, education_level=codes["bachelor"])
    body = text(signed_in.get(reverse("applicant:record_list", args=["education"])))
    assert "不可修改" in body and "/edit/" not in body
    assert "普通全日制" in body and "full_time" not in body  # code names, never raw codes
