"""Personal data: encrypted at rest, masked on office pages, every office view recorded, and a
ticket of another province is a 404 (security.md §1.5, §1.8, §1.9, §2.5)."""

from __future__ import annotations

import pytest
from django.db import connection

from teacherreg.audit.models import AuditEvent
from teacherreg.audit.services import PERSONAL_DATA_VIEW
from teacherreg.common.fields import index_for
from tests.support.world import ticket as make_ticket

pytestmark = pytest.mark.django_db


def test_the_columns_hold_no_plaintext(world):
    ticket = make_ticket("37", phone="13755556666")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document_number, phone, document_number_index FROM support_ticket WHERE id = %s", [ticket.pk]
        )
        number, phone, index = cursor.fetchone()

    assert ticket.document_number not in number
    assert ticket.document_number[-6:] not in number
    assert "13755556666" not in phone
    assert index == index_for("document_number", ticket.document_number)


def test_office_pages_mask_the_number_and_the_phone(world, staff):
    ticket = make_ticket("37", phone="13755556666")

    page = staff["ours"].get(f"/office/support/{ticket.pk}/").content.decode()

    number = ticket.document_number
    assert f"{number[:2]}*****{number[-2:]}" in page
    assert number not in page
    assert "137****66" in page
    assert "13755556666" not in page


def test_opening_a_ticket_and_a_screenshot_is_recorded(world, staff):
    ticket = make_ticket("37", screenshots=1)

    staff["ours"].get(f"/office/support/{ticket.pk}/")
    shot = staff["ours"].get(f"/office/support/{ticket.pk}/screenshots/1/")

    assert shot["Content-Type"] == "image/jpeg"
    assert shot["Cache-Control"] == "private, no-store"
    events = AuditEvent.objects.filter(
        action=PERSONAL_DATA_VIEW, object_type="support.ticket", object_ref=str(ticket.pk)
    )
    assert sorted(e.data["what"] for e in events) == ["support_screenshot_1", "support_ticket"]
    assert {e.actor for e in events} == {world.ours.staff["province_admin"]}


def test_another_province_gets_a_404_and_an_empty_queue(world, staff):
    ticket = make_ticket("37", screenshots=1)

    for url in (f"/office/support/{ticket.pk}/", f"/office/support/{ticket.pk}/screenshots/1/"):
        assert staff["theirs"].get(url).status_code == 404
    assert staff["theirs"].post(f"/office/support/{ticket.pk}/reply/", {"body": "x"}).status_code == 404
    assert staff["theirs"].post(f"/office/support/{ticket.pk}/close/").status_code == 404
    assert ticket.number not in staff["theirs"].get("/office/support/").content.decode()
    assert ticket.replies.count() == 0


def test_a_ticket_of_no_province_is_the_national_levels(world, staff):
    from tests.factories import MembershipFactory, StaffFactory
    from tests.office.office_world import office_client

    ticket = make_ticket("")
    national = StaffFactory(totp_secret="JBSWY3DPEHPK3PXP")
    MembershipFactory(user=national, organisation=world.national, role="province_admin")

    assert staff["ours"].get(f"/office/support/{ticket.pk}/").status_code == 404
    assert office_client(national).get(f"/office/support/{ticket.pk}/").status_code == 200


def test_the_queue_filters_by_status_and_number(world, staff):
    waiting = make_ticket("37")
    closed = make_ticket("37", status="closed")

    default = staff["reviewer"].get("/office/support/").content.decode()
    assert waiting.number in default
    assert closed.number not in default
    everything = staff["reviewer"].get("/office/support/?state=all").content.decode()
    assert waiting.number in everything and closed.number in everything
    found = staff["reviewer"].get(f"/office/support/?state=all&number={closed.number}").content.decode()
    assert closed.number in found and waiting.number not in found
