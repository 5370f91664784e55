"""After codes, notices and failures, no notify table holds a phone, an address, a live code,
a link token or a caller's dedupe key in clear (ADR 0003, testing.md "Personal data")."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from huey.contrib.djhuey import HUEY

from teacherreg.notify import delivery
from teacherreg.notify.codes import check_code, issue_code
from teacherreg.notify.services import notify_user, send_email, send_sms
from teacherreg.notify.sms.base import SendResult
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def dump_notify_tables() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("notify_"):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — introspected names
                chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_no_plaintext_contact_code_or_token_in_any_notify_table(memory_sms, django_capture_on_commit_callbacks):
    user = ApplicantFactory(phone="13912345678", email="wang.fang@example.com")
    token_link = "https://jszg.example/reset/Mg/c8x-4f1e9a0b7d2c6e5f/"
    with time_machine.travel(T0, tick=False) as clock, django_capture_on_commit_callbacks(execute=True):
        issue_code(phone=user.phone, purpose="sign_up", user=user)
        issue_code(phone="13700000042", purpose="certificate_query")
        notify_user(user, "password_changed", {}, dedupe_key=f"pw-{user.pk}-13912345678")
        send_email(
            to=user.email,
            template="password_reset_link",
            context={"name_masked": "王*", "link": token_link, "hours": 24},
            dedupe_key="reset-wang.fang@example.com",
            user=user,
        )
        memory_sms.next_result = SendResult(ok=False, error_code="isv.MOBILE_NUMBER_ILLEGAL", retryable=False)
        send_sms(phone="13600000077", template="sign_up_welcome", params={}, dedupe_key="failing")
        memory_sms.next_result = None
        clock.shift(10)
    codes = [m.params["code"] for m in memory_sms.sent if m.template == "sms_code"]
    assert len(codes) == 2
    check_code(phone=user.phone, purpose="sign_up", code=codes[0])
    assert delivery.stale_message_ids() == []

    haystack = dump_notify_tables() + repr(HUEY.pending()) + repr(HUEY.scheduled())
    # Sanity: the dump really holds the rows' text (JSON is stored with \u escapes on SQLite).
    assert "password_reset_link" in haystack
    assert "******" in haystack
    secrets = [
        "13912345678",
        "13700000042",
        "13600000077",
        "wang.fang@example.com",
        "wang.fang",
        *codes,
        "c8x-4f1e9a0b7d2c6e5f",
        "pw-",
        "reset-",
    ]
    assert [s for s in secrets if s in haystack] == []
