"""The outbox in the admin: read-only, recipients masked, secrets starred."""

from __future__ import annotations

import pyotp
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.notify.services import send_email, send_sms
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PHONE = "13600000001"


@pytest.fixture
def admin_client(client):
    """A superuser past the staff second factor (P22), through its own page."""
    seed = pyotp.random_base32()
    admin = StaffFactory(is_superuser=True, totp_secret=seed)
    client.force_login(admin, backend=STAFF_BACKEND)
    with time_machine.travel(timezone.now(), tick=False):  # no 30 s step boundary in between
        response = client.post("/office/verify/", {"code": pyotp.TOTP(seed).now(), "next": "/admin/"})
    assert response.status_code == 302, response.content.decode()[:300]
    assert client.get(reverse("admin:index")).status_code == 200
    return client


@pytest.fixture
def messages(memory_sms, django_capture_on_commit_callbacks):
    pending = send_sms(
        phone=PHONE,
        template="sms_code",
        params={"code": "482916", "minutes": "5", "purpose_label": "x"},
        dedupe_key="a",
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_email(to="li@example.com", template="sign_up_welcome", context={}, dedupe_key="b")
    return pending, sent


def test_the_list_shows_recipients_masked(admin_client, messages):
    response = admin_client.get(reverse("admin:notify_outboxmessage_changelist"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "136****01" in body
    assert "l*****@example.com" in body
    assert PHONE not in body
    assert "li@example.com" not in body


def test_the_list_filters_by_status_and_channel(admin_client, messages):
    url = reverse("admin:notify_outboxmessage_changelist")
    assert "136****01" not in admin_client.get(url, {"status__exact": "sent"}).content.decode()
    assert "l*****@example.com" not in admin_client.get(url, {"channel__exact": "sms"}).content.decode()


def test_a_full_phone_number_finds_its_messages_through_the_blind_index(admin_client, messages):
    url = reverse("admin:notify_outboxmessage_changelist")
    body = admin_client.get(url, {"q": "+86 136 0000 0001"}).content.decode()
    assert "136****01" in body
    assert "l*****@example.com" not in body
    assert "+86 136 0000 0001" in body  # the search box echoes what the searcher typed, nothing more
    assert admin_client.get(url, {"q": "key:b"}).content.decode().count("l*****@example.com") == 1


def test_the_detail_page_stars_the_code(admin_client, messages):
    pending, _ = messages
    body = admin_client.get(reverse("admin:notify_outboxmessage_change", args=[pending.pk])).content.decode()
    assert "482916" not in body
    assert "******" in body
    assert PHONE not in body


def test_the_outbox_cannot_be_edited_from_the_admin(admin_client, messages):
    pending, _ = messages
    assert admin_client.get(reverse("admin:notify_outboxmessage_add")).status_code == 403
    response = admin_client.post(reverse("admin:notify_outboxmessage_change", args=[pending.pk]), {"status": "sent"})
    assert response.status_code == 403
    assert admin_client.post(reverse("admin:notify_outboxmessage_delete", args=[pending.pk])).status_code == 403
