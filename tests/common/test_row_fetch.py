"""``OneRow``: one whole row by key, written once, the same instance the ORM gives (issue 7).

The suite runs on SQLite and on PostgreSQL, so each comparison holds on both: SQLite needs the
backend's converters (datetimes stored as text), PostgreSQL its own parameter adaptation.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teacherreg.accounts.models import User
from teacherreg.common import crypto
from teacherreg.common.row_fetch import OneRow
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

BY_ID = OneRow(User, ("id", "="))
LIVE = OneRow(Session, ("session_key", "="), ("expire_date", ">"))


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_a_user_comes_back_exactly_as_the_orm_reads_it():
    user = ApplicantFactory(email="li@example.cn", totp_secret="JBSWY3DPEHPK3PXP")
    user.last_login = timezone.now()
    user.save()

    fetched = BY_ID.fetch(user.pk)
    expected = User.objects.get(pk=user.pk)

    assert _fields(fetched) == _fields(expected)
    # The encrypted columns are decrypted and the timestamps are aware, as the ORM gives them.
    assert fetched.document_number == user.document_number
    assert fetched.phone == user.phone and fetched.email == "li@example.cn"
    assert fetched.totp_secret == "JBSWY3DPEHPK3PXP"
    assert timezone.is_aware(fetched.last_login) and timezone.is_aware(fetched.date_joined)
    assert isinstance(fetched.birth_date, datetime.date) and fetched.is_active is True
    # A saved row, not a new one: saving it updates in place.
    assert fetched._state.adding is False and fetched._state.db == "default"
    fetched.name = "李改"
    fetched.save(update_fields=["name"])
    assert User.objects.get(pk=user.pk).name == "李改"


def test_no_row_is_none():
    assert BY_ID.fetch(987654321) is None


def test_it_is_one_counted_query():
    user = ApplicantFactory()
    with CaptureQueriesContext(connection) as queries:
        BY_ID.fetch(user.pk)
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("SELECT ")


def test_a_live_session_is_found_and_an_expired_one_is_not():
    store = DjangoSessionStore()
    store["_auth_user_id"] = "7"
    store.create()
    key = store.session_key

    live = LIVE.fetch(key, timezone.now())
    assert _fields(live) == _fields(Session.objects.get(session_key=key))
    assert live.get_decoded()["_auth_user_id"] == "7"

    # The datetime parameter is adapted as the ORM adapts it (UTC text on SQLite).
    assert LIVE.fetch(key, live.expire_date - datetime.timedelta(seconds=1)) is not None
    assert LIVE.fetch(key, live.expire_date) is None
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert LIVE.fetch(key, timezone.now()) is None


def test_a_hostile_key_is_a_value_not_sql():
    store = DjangoSessionStore()
    store.create()
    hostile = "x' OR '1'='1"
    assert LIVE.fetch(hostile, timezone.now()) is None
    assert LIVE.fetch(None, timezone.now()) is None
    assert Session.objects.filter(session_key=store.session_key).exists()


def test_a_tampered_ciphertext_fails_as_it_does_through_the_orm():
    user = ApplicantFactory()
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {table} WHERE id = %s", [user.pk])  # noqa: S608
        (token,) = cursor.fetchone()
        flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
        cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", [flipped, user.pk])  # noqa: S608
    with pytest.raises(crypto.DecryptionError):
        User.objects.get(pk=user.pk)
    with pytest.raises(crypto.DecryptionError):
        BY_ID.fetch(user.pk)


def test_it_refuses_what_it_cannot_write_safely():
    with pytest.raises(ValueError, match="operator"):
        OneRow(User, ("id", "= 1 OR 1 ="))
    with pytest.raises(ValueError, match="condition"):
        OneRow(User)
    with pytest.raises(TypeError, match="takes 2 values"):
        LIVE.fetch("only-the-key")
