"""人工审核: request, approve, reject, the due date (P10), private storage and the purge."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from PIL import Image

from teacherreg.accounts.models import DocumentType, IdentityStatus
from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.documents.storage import private_root, private_storage
from teacherreg.identity.models import ManualReview, ReviewStatus
from teacherreg.identity.services import approve_review, purge_decided_review_photos, reject_review
from teacherreg.identity.tasks import purge_decided_review_photos as purge_task
from teacherreg.reference.models import CalendarDay, CalendarDayKind
from tests.documents.images import gps_exif, jpeg, other_format
from tests.factories import ApplicantFactory, StaffFactory
from tests.identity.conftest import photos, submit_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    return ApplicantFactory(name="张三", identity_status=IdentityStatus.FAILED)


@pytest.fixture
def reviewer():
    return StaffFactory()


# ----------------------------------------------------------------------------------------
# Requesting a review


def test_it_stores_the_photos_privately_under_uuid_names_without_exif(applicant, private_root):
    review = submit_review(applicant, front=jpeg((856, 540), exif=gps_exif()), back=jpeg((856, 540)))

    for field in (review.front_photo, review.back_photo):
        path = Path(private_storage.path(field.name))
        assert path.is_file()
        assert private_root in path.parents
        assert Path(django_settings.MEDIA_ROOT) not in path.parents
        assert Path(django_settings.STATIC_ROOT).resolve() not in path.parents
        assert len(path.stem) == 32 and int(path.stem, 16) >= 0
        assert path.stat().st_mode & 0o077 == 0  # readable by the service account only
        image = Image.open(io.BytesIO(path.read_bytes()))
        assert "exif" not in image.info and b"GPS" not in path.read_bytes()
    assert review.front_photo.name != review.back_photo.name


def test_it_marks_the_account_under_review_and_tells_the_applicant(applicant, notifications):
    with time_machine.travel(datetime.datetime(2026, 6, 17, 2, 0, tzinfo=datetime.UTC), tick=False):
        review = submit_review(applicant)

    applicant.refresh_from_db()
    assert applicant.identity_status == IdentityStatus.MANUAL_REVIEW
    assert review.status == ReviewStatus.PENDING
    assert (review.submitted_name, review.document_type) == ("张三", DocumentType.ID_CARD)
    assert review.consent_version == "2026.1"
    assert review.consented_at == review.submitted_at
    assert notifications.calls == [
        {
            "user": applicant.pk,
            "template": "identity_review_received",
            "context": {"due_by": "2026-06-26"},
            "dedupe_key": f"identity_review:{review.pk}:received",
            "channels": ("sms", "email"),
        }
    ]
    event = AuditEvent.objects.get(action="identity.review_requested")
    assert event.data["due_by"] == "2026-06-26"
    assert event.actor_id == applicant.pk


@pytest.mark.parametrize(
    ("calendar", "due"),
    [
        # Wednesday 17 June 2026: 7 working days are Thu 18 … Fri 26 (one weekend skipped).
        ({}, datetime.date(2026, 6, 26)),
        # 端午节 on Friday 19 June: a second weekday drops out, and the clock ends Monday 29.
        ({datetime.date(2026, 6, 19): CalendarDayKind.HOLIDAY}, datetime.date(2026, 6, 29)),
        # … and a make-up working Sunday 28 June (调休) brings it back by a day.
        (
            {datetime.date(2026, 6, 19): CalendarDayKind.HOLIDAY, datetime.date(2026, 6, 28): CalendarDayKind.WORKDAY},
            datetime.date(2026, 6, 28),
        ),
    ],
)
def test_the_due_date_is_seven_working_days_later(applicant, calendar, due):
    for day, kind in calendar.items():
        CalendarDay.objects.create(date=day, kind=kind, name="测试")

    # 23:30 on Wednesday 17 June in Shanghai is 15:30 UTC: the Shanghai date counts.
    with time_machine.travel(datetime.datetime(2026, 6, 17, 15, 30, tzinfo=datetime.UTC), tick=False):
        review = submit_review(applicant)

    assert review.due_by == due


def test_a_second_request_while_one_is_pending_is_refused(applicant):
    submit_review(applicant)

    with pytest.raises(DomainError) as refused:
        submit_review(applicant)

    assert refused.value.code == "identity_review_pending"
    assert ManualReview.objects.count() == 1


@pytest.mark.parametrize(
    ("version", "code"), [("", "identity_review_consent_required"), ("2025.1", "identity_review_consent_outdated")]
)
def test_it_needs_consent_to_the_current_text(applicant, version, code):
    with pytest.raises(DomainError) as refused:
        submit_review(applicant, consent_version=version)

    assert refused.value.code == code


def test_an_id_card_holder_checks_online_first():
    never_tried = ApplicantFactory()
    from teacherreg.identity.services import request_manual_review

    with pytest.raises(DomainError) as refused:
        request_manual_review(never_tried, name=never_tried.name, **photos(), consent_version="2026.1")

    assert refused.value.message == "请先进行实名核验；核验未通过的，可以再申请人工审核。"


def test_other_documents_may_ask_straight_away():
    passport = ApplicantFactory(document_type=DocumentType.PASSPORT, document_number="E12345678", name="John Smith")

    review = submit_review(passport)

    assert review.document_type == DocumentType.PASSPORT


def test_a_verified_account_asks_only_for_a_new_name(applicant):
    applicant.identity_status = IdentityStatus.VERIFIED
    applicant.save(update_fields=["identity_status"])

    with pytest.raises(DomainError, match="identity_already_verified"):
        submit_review(applicant, name="张三")
    review = submit_review(applicant, name="张叁")

    applicant.refresh_from_db()
    assert review.submitted_name == "张叁"
    assert applicant.identity_status == IdentityStatus.VERIFIED  # P9: stays verified meanwhile


def test_bad_photos_are_refused_per_side_and_leave_nothing_behind(applicant, private_root):
    with pytest.raises(ValidationError) as refused:
        submit_review(applicant, front=other_format("PNG"), back=None)

    assert refused.value.message_dict == {
        "front": ["文件不是 JPEG 格式的图片。请上传 JPG 图片；只改文件扩展名不能改变格式。"],
        "back": ["请上传证件反面（国徽面）的照片。"],
    }
    assert not ManualReview.objects.exists()
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_a_failed_save_removes_the_files_it_wrote(applicant, private_root, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("teacherreg.identity.services.review.audit.record", explode)

    with pytest.raises(RuntimeError):
        submit_review(applicant)

    assert not any(p.is_file() for p in private_root.rglob("*"))
    assert not ManualReview.objects.exists()


# ----------------------------------------------------------------------------------------
# Deciding


def test_approving_verifies_the_account_under_the_reviewed_name(applicant, reviewer, notifications):
    review = submit_review(applicant, name="张叁")

    decided = approve_review(review, by=reviewer, note="证件清晰")

    applicant.refresh_from_db()
    assert (applicant.identity_status, applicant.name) == (IdentityStatus.VERIFIED, "张叁")
    assert (decided.status, decided.reviewer, decided.note) == (ReviewStatus.APPROVED, reviewer, "证件清晰")
    assert decided.decided_at is not None
    assert notifications.templates == ["identity_review_received", "identity_review_approved"]
    assert notifications.calls[1]["dedupe_key"] == f"identity_review:{review.pk}:approved"
    assert notifications.calls[1]["context"] == {}
    approved = AuditEvent.objects.get(action="identity.review_approved")
    assert approved.actor_id == reviewer.pk
    assert approved.data == {
        "user": applicant.pk,
        "status": ["manual_review", "verified"],
        "name_changed": True,
    }
    assert AuditEvent.objects.filter(action="identity.name_changed").count() == 1


def test_rejecting_needs_a_reason(applicant, reviewer, notifications):
    review = submit_review(applicant)

    with pytest.raises(DomainError) as refused:
        reject_review(review, by=reviewer, reason="   ")

    assert refused.value.message == "审核不通过时必须填写原因，申请人会看到这个原因。"
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
    assert notifications.templates == ["identity_review_received"]


def test_rejecting_fails_the_account_and_tells_the_reason(applicant, reviewer, notifications):
    review = submit_review(applicant)

    decided = reject_review(review, by=reviewer, reason="照片模糊，请重新拍摄证件正面。")

    applicant.refresh_from_db()
    assert applicant.identity_status == IdentityStatus.FAILED
    assert (decided.status, decided.reason) == (ReviewStatus.REJECTED, "照片模糊，请重新拍摄证件正面。")
    assert notifications.calls[-1]["template"] == "identity_review_rejected"
    assert notifications.calls[-1]["context"] == {"reason": "照片模糊，请重新拍摄证件正面。"}
    rejected = AuditEvent.objects.get(action="identity.review_rejected")
    assert rejected.data["status"] == ["manual_review", "failed"]


def test_rejecting_a_verified_accounts_name_change_keeps_it_verified(applicant, reviewer):
    applicant.identity_status = IdentityStatus.VERIFIED
    applicant.save(update_fields=["identity_status"])
    review = submit_review(applicant, name="张叁")

    reject_review(review, by=reviewer, reason="证件姓名与申请不符。")

    applicant.refresh_from_db()
    assert (applicant.identity_status, applicant.name) == (IdentityStatus.VERIFIED, "张三")


def test_a_review_is_decided_once(applicant, reviewer):
    review = submit_review(applicant)
    approve_review(review, by=reviewer)

    with pytest.raises(DomainError, match="identity_review_already_decided"):
        reject_review(review, by=reviewer, reason="重复")
    with pytest.raises(DomainError, match="identity_review_already_decided"):
        approve_review(review, by=reviewer)


def test_only_staff_decide(applicant):
    review = submit_review(applicant)

    with pytest.raises(DomainError, match="identity_review_not_staff"):
        approve_review(review, by=ApplicantFactory())


def test_after_a_rejection_the_applicant_may_ask_again(applicant, reviewer):
    reject_review(submit_review(applicant), by=reviewer, reason="照片不全。")

    again = submit_review(applicant)

    assert again.is_pending and ManualReview.objects.count() == 2


# ----------------------------------------------------------------------------------------
# Private storage and the purge


def test_the_private_root_is_refused_inside_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "media" / "private"

    with pytest.raises(ImproperlyConfigured):
        private_root()


def test_private_files_have_no_url():
    with pytest.raises(NotImplementedError):
        private_storage.url("identity-reviews/x.jpg")


def test_the_default_private_root_is_var_private(settings):
    del settings.TEACHERREG_PRIVATE_ROOT

    assert private_root() == (Path(settings.VAR_DIR) / "private").resolve()


def decided_days_ago(applicant, reviewer, days: int) -> ManualReview:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days), tick=False):
        review = submit_review(applicant)
        return approve_review(review, by=reviewer)


def test_the_purge_deletes_photos_30_days_after_the_decision(
    reviewer, private_root, django_capture_on_commit_callbacks
):
    old = decided_days_ago(ApplicantFactory(identity_status=IdentityStatus.FAILED), reviewer, 30)
    recent = decided_days_ago(ApplicantFactory(identity_status=IdentityStatus.FAILED), reviewer, 29)
    pending = submit_review(ApplicantFactory(identity_status=IdentityStatus.FAILED))
    old_files = [Path(private_storage.path(f.name)) for f in (old.front_photo, old.back_photo)]

    # The files go once the rows no longer point at them: after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_decided_review_photos() == 1

    old.refresh_from_db()
    assert (old.front_photo.name, old.back_photo.name) == ("", "")
    assert old.photos_purged_at is not None
    assert old.status == ReviewStatus.APPROVED  # the decision itself stays
    assert not any(p.exists() for p in old_files)
    for kept in (recent, pending):
        kept.refresh_from_db()
        assert Path(private_storage.path(kept.front_photo.name)).is_file()
    assert AuditEvent.objects.get(action="identity.review_photos_purged").data == {"retention_days": 30, "files": 2}
    assert purge_decided_review_photos() == 0


def test_the_retention_comes_from_the_setting(settings, reviewer):
    settings.TEACHERREG_IDENTITY_PHOTO_RETENTION_DAYS = 5
    review = decided_days_ago(ApplicantFactory(identity_status=IdentityStatus.FAILED), reviewer, 6)

    assert purge_task.call_local() == 1

    review.refresh_from_db()
    assert review.photos_purged_at is not None
