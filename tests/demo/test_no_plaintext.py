"""Issue 2 item 6: after the demo loads, no table, no media file and no queued task holds a
plaintext ID number or phone number."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY

from teacherreg.accounts.models import User, UserKind

pytestmark = pytest.mark.django_db


def _dump_every_table() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def _dump_media() -> str:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return ""
    return "\n".join(p.read_bytes().decode("latin-1") for p in root.rglob("*") if p.is_file())


def test_no_plaintext_id_number_or_phone_anywhere(demo_world):
    people = list(User.objects.filter(kind=UserKind.APPLICANT))
    secrets = {u.document_number for u in people} | {u.phone for u in people}
    assert len(secrets) == 400
    haystack = "\n".join([_dump_every_table(), _dump_media(), repr(HUEY.pending())])
    # A sanity check that the dump really contains the tables' text.
    assert "薛明" in haystack
    leaked = sorted(s for s in secrets if s in haystack)
    assert leaked == []
    # The last 11 digits of an ID number are not a birth date plus a stray digit elsewhere:
    # check the numbers' distinctive tails too.
    assert not [n for n in (u.document_number for u in people) if n[6:] in haystack]
