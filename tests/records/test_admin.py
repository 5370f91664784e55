"""The records in the Django admin: national tables read only and masked, review queues whose
verdicts go through ``verify_entry`` (P21)."""

from __future__ import annotations

import pyotp
import pytest

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.audit.models import AuditEvent
from teacherreg.records.kinds import MANDARIN
from teacherreg.records.models import MandarinRecord, VerificationState
from teacherreg.records.services import add_entry
from tests.documents.images import jpeg
from tests.factories import NationalMandarinFactory, StaffFactory
from tests.records.conftest import mandarin_data

pytestmark = pytest.mark.django_db

QUEUE = "/admin/records/mandarinentry/"
NATIONAL = "/admin/records/mandarinrecord/"


@pytest.fixture
def admin_client(client):
    """A superuser who has passed the staff second factor (P22) through the office's page."""
    user = StaffFactory(is_superuser=True, totp_secret=pyotp.random_base32())
    client.force_login(user, backend=STAFF_BACKEND)
    response = client.post("/office/verify/", {"code": pyotp.TOTP(user.totp_secret).now(), "next": "/admin/"})
    assert response.status_code == 302, "the staff second factor was not passed"
    return client


def test_the_queue_lists_pending_entries_with_masked_numbers_only(admin_client, teacher, codes):
    pending = add_entry(teacher, MANDARIN, mandarin_data(codes, certificate_number="E-1"), jpeg())
    NationalMandarinFactory(person=teacher, grade=codes["1B"], certificate_number="N-1")

    html = admin_client.get(QUEUE).content.decode()

    assert "E-1" in html and "N-1" not in html
    assert "薛明" in html
    assert teacher.document_number not in html
    assert f"{QUEUE}{pending.pk}/change/" in html


def test_a_reviewer_rejects_selected_entries_with_a_reason(admin_client, teacher, codes):
    entry = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())

    asked = admin_client.post(QUEUE, {"action": "reject_selected", "_selected_action": [entry.pk]})
    assert "核验不通过原因" in asked.content.decode()
    entry.refresh_from_db()
    assert entry.verification_state == VerificationState.PENDING

    admin_client.post(
        QUEUE, {"action": "reject_selected", "_selected_action": [entry.pk], "reason": "扫描件缺少发证单位印章"}
    )
    entry.refresh_from_db()
    assert entry.verification_state == VerificationState.REJECTED
    assert entry.rejection_reason == "扫描件缺少发证单位印章"


def test_a_reviewer_verifies_from_the_entry_page(admin_client, teacher, codes):
    entry = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())

    page = admin_client.get(f"{QUEUE}{entry.pk}/change/").content.decode()
    assert f'src="{QUEUE}{entry.pk}/scan/"' in page
    assert AuditEvent.objects.filter(action="personal_data.view", object_ref=str(entry.pk)).count() == 1

    admin_client.post(f"{QUEUE}{entry.pk}/decide/verify/")
    entry.refresh_from_db()
    assert entry.verification_state == VerificationState.VERIFIED


def test_the_scan_streams_through_the_admin_and_is_audited(admin_client, teacher, codes):
    entry = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())

    response = admin_client.get(f"{QUEUE}{entry.pk}/scan/")

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    b"".join(
        response.streaming_content
    )  # read to the end, which closes the file; .close() would drop the PostgreSQL test connection
    event = AuditEvent.objects.filter(action="personal_data.view", data__scan=True).get()
    assert event.object_ref == str(entry.pk)


def test_staff_without_permission_see_no_queue(client, teacher, codes):
    entry = add_entry(teacher, MANDARIN, mandarin_data(codes), jpeg())
    user = StaffFactory(totp_secret=pyotp.random_base32())
    client.force_login(user, backend=STAFF_BACKEND)
    client.post("/office/verify/", {"code": pyotp.TOTP(user.totp_secret).now(), "next": "/admin/"})

    assert client.get(f"{QUEUE}{entry.pk}/scan/").status_code in (302, 403, 404)
    assert client.get(QUEUE).status_code in (302, 403)


def test_national_rows_are_read_only_with_the_document_masked(admin_client, teacher, codes):
    row = NationalMandarinFactory(person=teacher, grade=codes["1B"])

    html = admin_client.get(NATIONAL).content.decode()
    assert row.certificate_number in html
    assert teacher.document_number not in html
    detail = admin_client.get(f"{NATIONAL}{row.pk}/change/").content.decode()
    assert teacher.document_number not in detail
    assert 'name="certificate_number"' not in detail  # no editable inputs
    assert admin_client.post(f"{NATIONAL}{row.pk}/delete/").status_code == 403
    assert MandarinRecord.objects.filter(pk=row.pk).exists()
