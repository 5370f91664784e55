"""Applicant-entered records: add with a P13 scan, change, delete, the lock of manual §2.1,
and the reviewer's verdict (issue 4 item 1)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from PIL import Image

from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.documents.storage import private_storage
from teacherreg.records.kinds import EDUCATION, MANDARIN, OTHER
from teacherreg.records.models import MandarinRecord, VerificationState
from teacherreg.records.services import add_entry, delete_entry, is_locked, update_entry, verify_entry
from teacherreg.registration.workflow import Status
from tests.documents.images import gps_exif, jpeg, other_format, padded
from tests.factories import ApplicantFactory, ApplicationFactory, NationalMandarinFactory, StaffFactory
from tests.records.conftest import mandarin_data

pytestmark = pytest.mark.django_db


def add_mandarin(user, codes, scan=None, **overrides) -> MandarinRecord:
    return add_entry(user, MANDARIN, mandarin_data(codes, **overrides), scan if scan is not None else jpeg())


# --- adding -----------------------------------------------------------------------------


def test_it_adds_an_entry_with_a_valid_scan_pending_review(teacher, codes, private_root):
    record = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg((900, 600), exif=gps_exif()))

    record.refresh_from_db()
    assert record.source == "entered"
    assert record.owner == teacher
    assert record.verification_state == VerificationState.PENDING
    assert record.grade.name == "二级甲等"
    # Stored privately under a name the server chose, re-encoded without the GPS EXIF.
    path = private_root / record.scan.name
    assert path.is_file() and private_root in path.parents
    assert record.scan.name.startswith("record-scans/") and record.scan.name.endswith(".jpg")
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    event = AuditEvent.objects.get(action="records.entry_added")
    assert event.object_ref == str(record.pk)
    assert event.data["kind"] == "mandarin"


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        pytest.param(other_format("PNG"), "不是 JPEG 格式", id="png-renamed-jpg"),
        pytest.param(padded(jpeg(), 194_561), "190 KB（194,560 字节）", id="one-byte-over-190kb"),
        pytest.param(b"", "文件是空的", id="empty"),
    ],
)
def test_a_bad_scan_is_refused_on_the_scan_field_and_leaves_nothing(teacher, codes, private_root, upload, expected):
    with pytest.raises(ValidationError) as caught:
        add_mandarin(teacher, codes, scan=upload)

    assert expected in " ".join(caught.value.message_dict["scan"])
    assert not MandarinRecord.objects.exists()
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_a_scan_of_exactly_190_kb_is_accepted(teacher, codes):
    assert add_mandarin(teacher, codes, scan=padded(jpeg(), 194_560)).scan.name


def test_a_scan_is_required(teacher, codes):
    with pytest.raises(ValidationError) as caught:
        add_entry(teacher, MANDARIN, mandarin_data(codes), None)
    assert caught.value.message_dict["scan"] == ["请上传证书扫描件。"]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(2026, 6, 2), "日期不能晚于今天。"),
        (datetime.date(1949, 12, 31), "日期不能早于 1950 年 1 月 1 日。"),
    ],
)
def test_dates_in_the_future_or_before_1950_are_refused(teacher, codes, day, message):
    noon = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False), pytest.raises(ValidationError) as caught:
        add_mandarin(teacher, codes, issued_on=day)
    assert caught.value.message_dict["issued_on"] == [message]


def test_today_and_1950_01_01_are_accepted(teacher, codes):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        add_mandarin(teacher, codes, issued_on=datetime.date(2026, 6, 1))
        add_mandarin(teacher, codes, issued_on=datetime.date(1950, 1, 1), certificate_number="1950")


def test_the_same_number_twice_or_one_in_the_national_records_is_refused(teacher, codes):
    add_mandarin(teacher, codes)
    with pytest.raises(ValidationError) as caught:
        add_mandarin(teacher, codes)
    assert "已经录入过编号为 1121001900518" in caught.value.message_dict["certificate_number"][0]

    NationalMandarinFactory(person=teacher, grade=codes["1B"], certificate_number="4211000000001")
    with pytest.raises(ValidationError) as caught:
        add_mandarin(teacher, codes, certificate_number="4211000000001")
    assert "全国系统中已有编号为 4211000000001" in caught.value.message_dict["certificate_number"][0]


def test_staff_cannot_enter_records(codes):
    with pytest.raises(DomainError) as caught:
        add_mandarin(StaffFactory(), codes)
    assert caught.value.code == "records_applicant_only"


# --- changing and deleting ---------------------------------------------------------------


def test_a_change_goes_back_to_pending_and_is_audited_with_old_and_new_values(teacher, codes):
    record = add_mandarin(teacher, codes)
    verify_entry(StaffFactory(), record, False, "看不清证书编号")

    changed = update_entry(teacher, record, mandarin_data(codes, grade=codes["1B"]))

    assert changed.verification_state == VerificationState.PENDING
    assert changed.rejection_reason == ""
    assert changed.grade == codes["1B"]
    event = AuditEvent.objects.get(action="records.entry_updated")
    assert event.data["changes"] == {"grade": [codes["2A"].pk, codes["1B"].pk]}
    assert event.data["state"] == ["rejected", "pending"]


def test_a_new_scan_replaces_the_old_file(teacher, codes, private_root, django_capture_on_commit_callbacks):
    record = add_mandarin(teacher, codes)
    old = record.scan.name
    with django_capture_on_commit_callbacks(execute=True):
        changed = update_entry(teacher, record, mandarin_data(codes), jpeg((700, 500)))
    assert changed.scan.name != old
    assert not private_storage.exists(old)
    assert private_storage.exists(changed.scan.name)


def test_another_persons_entry_and_national_rows_cannot_be_changed(teacher, codes):
    record = add_mandarin(teacher, codes)
    with pytest.raises(DomainError) as caught:
        update_entry(ApplicantFactory(), record, mandarin_data(codes))
    assert caught.value.code == "records_not_found"

    national = NationalMandarinFactory(person=teacher, grade=codes["1B"])
    with pytest.raises(DomainError) as caught:
        delete_entry(teacher, national)
    assert caught.value.code == "records_not_editable"


def test_an_unused_entry_is_deleted_with_its_scan(teacher, codes, django_capture_on_commit_callbacks):
    record = add_mandarin(teacher, codes)
    name = record.scan.name
    with django_capture_on_commit_callbacks(execute=True):
        delete_entry(teacher, record)
    assert not MandarinRecord.objects.filter(pk=record.pk).exists()
    assert not private_storage.exists(name)
    assert AuditEvent.objects.filter(action="records.entry_deleted").count() == 1


# --- the lock (manual §2.1) ---------------------------------------------------------------


def test_a_live_application_locks_the_record_and_a_withdrawal_frees_it(teacher, codes):
    record = add_mandarin(teacher, codes)
    application = ApplicationFactory(applicant=teacher, mandarin_record=record, status=Status.SUBMITTED)
    assert is_locked(record)

    for change in (
        lambda: update_entry(teacher, record, mandarin_data(codes, issuing_body="别的单位")),
        lambda: delete_entry(teacher, record),
    ):
        with pytest.raises(DomainError) as caught:
            change()
        assert caught.value.code == "records_locked"
        assert "请联系受理该申请的注册机构" in caught.value.message
    record.refresh_from_db()
    assert record.issuing_body == "北京市语言文字工作委员会"

    application.status = Status.WITHDRAWN
    application.save(update_fields=["status"])
    assert not is_locked(record)
    update_entry(teacher, record, mandarin_data(codes, issuing_body="别的单位"))
    # The withdrawn application still points at it: hidden, not removed (its history stays).
    delete_entry(teacher, record)
    record.refresh_from_db()
    assert record.removed_at is not None
    assert not MandarinRecord.objects.entered_by(teacher).exists()


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.QUALIFIED, Status.RETURNED])
def test_every_live_status_locks(teacher, codes, status):
    record = add_mandarin(teacher, codes)
    ApplicationFactory(applicant=teacher, mandarin_record=record, status=status)
    assert is_locked(record)


def test_a_lapsed_application_does_not_lock(teacher, codes):
    record = add_mandarin(teacher, codes)
    ApplicationFactory(applicant=teacher, mandarin_record=record, status=Status.LAPSED)
    assert not is_locked(record)


def test_other_certificates_are_never_locked(teacher):
    record = add_entry(
        teacher,
        OTHER,
        {
            "name": "心理咨询师证书",
            "certificate_number": "XL2018001",
            "issuing_body": "某职业技能鉴定中心",
            "issued_on": datetime.date(2018, 6, 1),
        },
        jpeg(),
    )
    assert not is_locked(record)


# --- verdicts ------------------------------------------------------------------------------


def test_a_reviewer_verifies_an_entry(teacher, codes):
    record = add_mandarin(teacher, codes)
    staff = StaffFactory()

    verified = verify_entry(staff, record, True)

    assert verified.verification_state == VerificationState.VERIFIED
    assert verified.reviewed_by == staff and verified.reviewed_at is not None
    event = AuditEvent.objects.get(action="records.entry_verified")
    assert event.actor == staff


def test_a_rejection_needs_a_reason_the_applicant_sees(teacher, codes):
    record = add_mandarin(teacher, codes)
    staff = StaffFactory()
    with pytest.raises(DomainError) as caught:
        verify_entry(staff, record, False, "  ")
    assert caught.value.code == "records_reason_required"

    rejected = verify_entry(staff, record, False, "扫描件看不清证书编号，请重新扫描。")

    assert rejected.verification_state == VerificationState.REJECTED
    assert rejected.rejection_reason == "扫描件看不清证书编号，请重新扫描。"
    assert AuditEvent.objects.get(action="records.entry_rejected").data["reason"] == rejected.rejection_reason


def test_a_decided_entry_or_a_national_row_cannot_be_decided_again(teacher, codes):
    record = add_mandarin(teacher, codes)
    staff = StaffFactory()
    verify_entry(staff, record, True)
    with pytest.raises(DomainError) as caught:
        verify_entry(staff, record, False, "原因")
    assert caught.value.code == "records_already_decided"
    with pytest.raises(DomainError):
        verify_entry(staff, NationalMandarinFactory(person=teacher, grade=codes["1B"]), True)


def test_only_staff_decide(teacher, codes):
    record = add_mandarin(teacher, codes)
    with pytest.raises(DomainError) as caught:
        verify_entry(teacher, record, True)
    assert caught.value.code == "records_not_staff"


def test_education_copies_the_school_name(teacher, codes, school):
    record = add_entry(
        teacher,
        EDUCATION,
        {
            "education_level": codes["bachelor"],
            "graduation_school": school,
            "major_name": "汉语言文学",
            "graduated_on": datetime.date(2008, 7, 1),
            "study_form": codes["full_time"],
            "certificate_number": "100271200805000123",
        },
        jpeg(),
    )
    assert record.school_name == "北京师范大学"
