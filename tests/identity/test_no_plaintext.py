"""After a whole identity journey, no table, private file or audit row holds the ID number or
the phone in clear (security.md finding 12; testing.md "Personal data")."""

from __future__ import annotations

import pytest
from django.db import connection

from teacherreg.accounts.models import IdentityStatus
from teacherreg.identity.services import approve_review, verify_identity
from tests.factories import ApplicantFactory, StaffFactory
from tests.identity.conftest import register, submit_review

pytestmark = pytest.mark.django_db


def dump_every_table() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_a_whole_journey_leaves_no_plaintext_number_or_phone(private_root):
    applicant = ApplicantFactory(name="张三")
    register(applicant, "张叁")
    verify_identity(applicant, name="张三")
    applicant.refresh_from_db()
    assert applicant.identity_status == IdentityStatus.FAILED
    approve_review(submit_review(applicant, name="张叁"), by=StaffFactory())

    haystack = dump_every_table() + "\n".join(
        p.read_bytes().decode("latin-1") for p in private_root.rglob("*") if p.is_file()
    )

    assert "张叁" in haystack  # the dump really holds the tables' text
    for secret in (applicant.document_number, applicant.document_number[6:], applicant.phone):
        assert secret not in haystack
