"""The verification queue of hand-added certificates in the Django admin (P21): province scope,
the state filter, photos through an audited view, and the two decisions."""

from __future__ import annotations

import pytest

from teacherreg.accounts.models import StaffRole
from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import VerificationState
from teacherreg.certificates.services.manual_add import add_older_certificate
from teacherreg.certificates.services.verification import verify_manual_certificate
from tests.certificates.manual_world import add, scan
from tests.documents.images import jpeg
from tests.factories import ApplicantFactory, MembershipFactory, StaffFactory
from tests.identity.conftest import sign_in_staff

pytestmark = pytest.mark.django_db

QUEUE = "/admin/certificates/manualcertificate/"


@pytest.fixture
def shandong_certificate(world):
    return add_older_certificate(ApplicantFactory(name="薛明"), world.data(), scan(), [jpeg()])


@pytest.fixture
def guangxi_certificate(world):
    return add_older_certificate(ApplicantFactory(name="韦兰"), world.guangxi_data(), scan())


@pytest.fixture
def shandong_admin(world, client):
    staff = MembershipFactory(organisation=world.shandong_office, role=StaffRole.PROVINCE_ADMIN).user
    sign_in_staff(client, staff)
    return staff


def test_province_staff_see_only_their_province(client, shandong_admin, shandong_certificate, guangxi_certificate):
    html = client.get(QUEUE).content.decode()
    assert "薛*" in html and "薛明" not in html  # the list masks the name
    assert shandong_certificate.number_as_printed in html
    assert guangxi_certificate.number_as_printed not in html
    assert client.get(f"{QUEUE}{guangxi_certificate.pk}/change/").status_code in (302, 404)
    assert client.get(f"{QUEUE}{guangxi_certificate.pk}/scan/0/").status_code == 404


def test_superusers_see_every_province_and_filter_by_state_and_province(
    client, world, shandong_certificate, guangxi_certificate
):
    superuser = StaffFactory(is_superuser=True)
    sign_in_staff(client, superuser)
    verify_manual_certificate(superuser, guangxi_certificate, accepted=True)

    pending = client.get(QUEUE).content.decode()
    assert shandong_certificate.number_as_printed in pending
    assert guangxi_certificate.number_as_printed not in pending  # verified: not in the default view
    everything = client.get(QUEUE + "?state=all").content.decode()
    assert guangxi_certificate.number_as_printed in everything
    only_guangxi = client.get(QUEUE + "?state=all&province=450000").content.decode()
    assert guangxi_certificate.number_as_printed in only_guangxi
    assert shandong_certificate.number_as_printed not in only_guangxi


def test_staff_without_a_province_membership_see_nothing(client, world, shandong_certificate):
    staff = MembershipFactory(organisation=world.lixia_office, role=StaffRole.COUNTY_REVIEWER).user
    sign_in_staff(client, staff)
    assert client.get(QUEUE).status_code == 403


def test_the_record_shows_photos_through_the_admin_and_masks_the_document(client, shandong_admin, shandong_certificate):
    html = client.get(f"{QUEUE}{shandong_certificate.pk}/change/").content.decode()
    assert f'src="{QUEUE}{shandong_certificate.pk}/scan/0/"' in html
    assert f'src="{QUEUE}{shandong_certificate.pk}/scan/1/"' in html
    assert shandong_certificate.holder_document_number not in html
    # The reviewer compares the holder's name with the photo: shown in full on the record.
    assert "薛明" in html and "居民身份证" in html
    assert "核验通过" in html and "核验不通过" in html

    response = client.get(f"{QUEUE}{shandong_certificate.pk}/scan/0/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    b"".join(
        response.streaming_content
    )  # read to the end, which closes the file; .close() would drop the PostgreSQL test connection
    views = AuditEvent.objects.filter(action="personal_data.view", object_ref=str(shandong_certificate.pk))
    event = views.order_by("pk").last()
    assert event.actor == shandong_admin and event.data == {"photo": 0}


def test_verify_from_the_record(client, shandong_admin, shandong_certificate):
    response = client.post(f"{QUEUE}{shandong_certificate.pk}/verify/")
    assert response.status_code == 302
    shandong_certificate.refresh_from_db()
    assert shandong_certificate.verification_state == VerificationState.VERIFIED
    assert shandong_certificate.verified_by == shandong_admin


def test_reject_from_the_record_needs_a_reason(client, shandong_admin, shandong_certificate):
    response = client.post(f"{QUEUE}{shandong_certificate.pk}/reject/", {"reason": ""})
    assert response.status_code == 200
    shandong_certificate.refresh_from_db()
    assert shandong_certificate.verification_state == VerificationState.PENDING

    client.post(f"{QUEUE}{shandong_certificate.pk}/reject/", {"reason": "照片看不清证书号码"})
    shandong_certificate.refresh_from_db()
    assert shandong_certificate.verification_state == VerificationState.REJECTED
    assert shandong_certificate.rejection_reason == "照片看不清证书号码"


def test_the_bulk_refusal_asks_for_the_reason_first(client, world, shandong_admin, shandong_certificate):
    second = add(world, ApplicantFactory(), "20053701021000999")
    selected = {"action": "reject_selected", "_selected_action": [shandong_certificate.pk, second.pk]}

    page = client.post(QUEUE, selected)
    assert page.status_code == 200 and "不通过原因" in page.content.decode()
    shandong_certificate.refresh_from_db()
    assert shandong_certificate.verification_state == VerificationState.PENDING

    client.post(QUEUE, {**selected, "reason": "认定机构查无此证"})
    for certificate in (shandong_certificate, second):
        certificate.refresh_from_db()
        assert certificate.verification_state == VerificationState.REJECTED
        assert certificate.rejection_reason == "认定机构查无此证"


def test_the_bulk_verification(client, shandong_admin, shandong_certificate):
    client.post(QUEUE, {"action": "verify_selected", "_selected_action": [shandong_certificate.pk]})
    shandong_certificate.refresh_from_db()
    assert shandong_certificate.verification_state == VerificationState.VERIFIED


def test_the_full_certificate_admin_does_not_break_on_a_private_scan(client, shandong_certificate):
    sign_in_staff(client, StaffFactory(is_superuser=True))
    response = client.get(f"/admin/certificates/certificate/{shandong_certificate.pk}/change/")
    assert response.status_code == 200


def test_the_record_cannot_be_edited_in_the_admin(client, shandong_admin, shandong_certificate):
    response = client.post(f"{QUEUE}{shandong_certificate.pk}/change/", {"number_as_printed": "20053701021000999"})
    assert response.status_code == 403
    shandong_certificate.refresh_from_db()
    assert shandong_certificate.number_as_printed == "20053701021000123"
