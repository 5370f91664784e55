"""Verifying, withdrawing and resubmitting hand-added certificates (issue 4 item 3), and the
flag the confirmation point reads."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.accounts.models import StaffRole
from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import Certificate, CertificateSource, VerificationState
from teacherreg.certificates.services.manual_add import resubmit_manual_certificate
from teacherreg.certificates.services.manual_withdraw import withdraw_manual_certificate
from teacherreg.certificates.services.verification import (
    needs_manual_check,
    verification_queue,
    verify_manual_certificate,
)
from teacherreg.common.errors import DomainError
from teacherreg.registration.workflow import Status
from tests.certificates.manual_world import add, scan
from tests.documents.images import jpeg
from tests.factories import ApplicantFactory, ApplicationFactory, CertificateFactory, MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return ApplicantFactory(name="薛明")


@pytest.fixture
def pending(world, teacher):
    return add(world, teacher)


def province_staff(office, role=StaffRole.PROVINCE_ADMIN):
    return MembershipFactory(organisation=office, role=role).user


# ----------------------------------------------------------------------------------------
# Verification


def test_staff_of_the_province_verify_it(world, pending):
    staff = province_staff(world.shandong_office)

    verify_manual_certificate(staff, pending, accepted=True)

    pending.refresh_from_db()
    assert pending.verification_state == VerificationState.VERIFIED
    assert pending.verified_by == staff and pending.verified_at is not None
    assert not needs_manual_check(pending)
    event = AuditEvent.objects.get(action="certificate.manual_verified")
    assert event.actor == staff and event.data["state"] == ["pending", "verified"]


def test_a_refusal_needs_a_reason_which_the_applicant_reads(world, pending):
    staff = province_staff(world.shandong_office, StaffRole.PROVINCE_REVIEWER)
    with pytest.raises(DomainError) as caught:
        verify_manual_certificate(staff, pending, accepted=False, reason="  ")
    assert caught.value.code == "cert_verify_reason_required"

    verify_manual_certificate(staff, pending, accepted=False, reason="照片模糊，看不清证书号码。")

    pending.refresh_from_db()
    assert pending.verification_state == VerificationState.REJECTED
    assert pending.rejection_reason == "照片模糊，看不清证书号码。"
    assert needs_manual_check(pending)


def test_staff_of_another_province_cannot_decide(world, pending):
    with pytest.raises(DomainError) as caught:
        verify_manual_certificate(province_staff(world.beijing_office), pending, accepted=True)
    assert caught.value.code == "cert_verify_out_of_scope"
    # Nor can a county reviewer of the same province, nor staff without a membership.
    county = province_staff(world.lixia_office, StaffRole.COUNTY_REVIEWER)
    for staff in (county, StaffFactory()):
        with pytest.raises(DomainError):
            verify_manual_certificate(staff, pending, accepted=True)
    pending.refresh_from_db()
    assert pending.verification_state == VerificationState.PENDING


def test_a_decided_certificate_is_not_decided_again(world, pending):
    superuser = StaffFactory(is_superuser=True)
    verify_manual_certificate(superuser, pending, accepted=True)
    with pytest.raises(DomainError) as caught:
        verify_manual_certificate(superuser, pending, accepted=False, reason="重复")
    assert caught.value.code == "cert_verify_not_pending"


def test_a_synced_certificate_is_not_in_the_queue_and_needs_no_check(world):
    synced = CertificateFactory(province=world.shandong)
    assert not needs_manual_check(synced)
    with pytest.raises(DomainError) as caught:
        verify_manual_certificate(StaffFactory(is_superuser=True), synced, accepted=True)
    assert caught.value.code == "cert_not_manual"


def test_the_queue_is_scoped_to_the_reviewers_province(world, teacher, pending):
    guangxi = add_guangxi(world)
    shandong_admin = province_staff(world.shandong_office)
    guangxi_reviewer = province_staff(world.guangxi_office, StaffRole.PROVINCE_REVIEWER)
    assert list(verification_queue(shandong_admin)) == [pending]
    assert list(verification_queue(guangxi_reviewer)) == [guangxi]
    assert set(verification_queue(StaffFactory(is_superuser=True))) == {pending, guangxi}
    assert list(verification_queue(StaffFactory())) == []
    # An inactive membership counts for nothing.
    shandong_admin.memberships.update(is_active=False)
    assert list(verification_queue(shandong_admin)) == []


def add_guangxi(world):
    from teacherreg.certificates.services.manual_add import add_older_certificate

    return add_older_certificate(ApplicantFactory(), world.guangxi_data(), scan())


def test_a_pending_certificate_may_be_used_in_an_application_and_is_flagged(world, pending):
    application = ApplicationFactory(applicant=pending.holder, certificate=pending)
    assert application.certificate.needs_manual_check
    assert needs_manual_check(application.certificate)


# ----------------------------------------------------------------------------------------
# Withdrawal


def test_the_holder_withdraws_a_pending_certificate_and_its_photos_go(
    world, teacher, private_root, django_capture_on_commit_callbacks
):
    from teacherreg.certificates.services.manual_add import add_older_certificate

    certificate = add_older_certificate(teacher, world.data(), scan(), [jpeg()])
    files = [private_root / certificate.scan.name, private_root / certificate.photos.get().image.name]

    with pytest.raises(DomainError):
        withdraw_manual_certificate(ApplicantFactory(), certificate)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_manual_certificate(teacher, certificate)

    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    assert not any(path.exists() for path in files)
    assert AuditEvent.objects.filter(action="certificate.manual_withdrawn").exists()


def test_a_rejected_certificate_can_be_withdrawn_a_verified_one_cannot(world, teacher, pending):
    superuser = StaffFactory(is_superuser=True)
    verify_manual_certificate(superuser, pending, accepted=True)
    with pytest.raises(DomainError) as caught:
        withdraw_manual_certificate(teacher, pending)
    assert caught.value.code == "cert_withdraw_verified"

    other = add(world, teacher, "20053701021000124")
    verify_manual_certificate(superuser, other, accepted=False, reason="不是本人证书")
    withdraw_manual_certificate(teacher, other)
    assert not Certificate.objects.filter(pk=other.pk).exists()


def test_a_certificate_in_a_live_application_cannot_be_withdrawn(world, teacher, pending):
    application = ApplicationFactory(applicant=teacher, certificate=pending, status=Status.SUBMITTED)
    with pytest.raises(DomainError) as caught:
        withdraw_manual_certificate(teacher, pending)
    assert caught.value.code == "cert_in_live_application"
    assert application.number in caught.value.message

    # Withdrawn: the application's record still points at it, so it stays.
    application.status = Status.WITHDRAWN
    application.save(update_fields=["status"])
    with pytest.raises(DomainError) as caught:
        withdraw_manual_certificate(teacher, pending)
    assert caught.value.code == "cert_in_past_application"


def test_a_synced_certificate_cannot_be_withdrawn(world, teacher):
    synced = CertificateFactory(holder=teacher)
    with pytest.raises(DomainError) as caught:
        withdraw_manual_certificate(teacher, synced)
    assert caught.value.code == "cert_not_manual"


# ----------------------------------------------------------------------------------------
# Resubmission


def test_a_rejected_certificate_is_corrected_and_sent_back(
    world, teacher, pending, private_root, django_capture_on_commit_callbacks
):
    verify_manual_certificate(StaffFactory(is_superuser=True), pending, accepted=False, reason="签发日期不对")
    old_scan = private_root / pending.scan.name

    with django_capture_on_commit_callbacks(execute=True):
        resubmit_manual_certificate(teacher, pending, world.data(issued_on=datetime.date(2005, 9, 1)), scan())

    pending.refresh_from_db()
    assert pending.verification_state == VerificationState.PENDING
    assert pending.rejection_reason == "" and pending.verified_by is None
    assert pending.issued_on == datetime.date(2005, 9, 1)
    assert pending.source == CertificateSource.MANUAL
    assert (private_root / pending.scan.name).is_file() and not old_scan.exists()
    event = AuditEvent.objects.get(action="certificate.manual_resubmitted")
    assert event.data["previous_reason"] == "签发日期不对"


def test_the_number_stays_and_the_photo_may_stay(world, teacher, pending, private_root):
    verify_manual_certificate(StaffFactory(is_superuser=True), pending, accepted=False, reason="学科不对")
    kept = pending.scan.name
    resubmit_manual_certificate(teacher, pending, world.data("20053701021999999", subject=world.foreign))
    pending.refresh_from_db()
    assert pending.number == "20053701021000123" and pending.subject == world.foreign
    assert pending.scan.name == kept and (private_root / kept).is_file()


def test_only_a_rejected_certificate_is_resubmitted(world, teacher, pending):
    with pytest.raises(DomainError) as caught:
        resubmit_manual_certificate(teacher, pending, world.data())
    assert caught.value.code == "cert_resubmit_not_rejected"
