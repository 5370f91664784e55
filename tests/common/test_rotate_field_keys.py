"""manage.py rotate_field_keys: re-encrypt old-key values under the current key."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from teacherreg.accounts.models import User
from teacherreg.common import crypto
from teacherreg.common.management.commands import rotate_field_keys

pytestmark = pytest.mark.django_db

T1_ONLY = {"FIELD_ENCRYPTION_CURRENT_KEY_ID": "t1"}


def raw(user_pk, column):
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [user_pk])  # noqa: S608
        return cursor.fetchone()[0]


def run(*args):
    out = StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


def old_key_applicants(count=3):
    with override_settings(**T1_ONLY):
        users = [
            User.objects.create_applicant(
                document_type="id_card",
                document_number=f"1101051949123100{n:02d}",
                name="薛宝钗",
                password=None,
                phone=f"136123456{n:02d}",
                email=None if n % 2 else f"user{n}@qq.com",
            )
            for n in range(count)
        ]
    for user in users:
        assert raw(user.pk, "document_number").startswith("t1:")
    return users


def test_it_re_encrypts_old_key_values_under_the_current_key():
    users = old_key_applicants()
    staff = User.objects.create_user("officer", "pw")  # no encrypted values at all
    indexes = {u.pk: (raw(u.pk, "document_number_index"), raw(u.pk, "phone_index")) for u in users}

    out = run()

    assert "accounts.User: re-encrypted 8 values in 3 rows (document_number 3, phone 3, email 2" in out
    assert "8 values re-encrypted under key 't2'." in out
    for n, user in enumerate(users):
        assert raw(user.pk, "document_number").startswith("t2:")
        assert raw(user.pk, "phone").startswith("t2:")
        assert raw(user.pk, "email") is None if n % 2 else raw(user.pk, "email").startswith("t2:")
        loaded = User.objects.get(pk=user.pk)
        assert loaded.document_number == f"1101051949123100{n:02d}"
        assert loaded.phone == f"136123456{n:02d}"
        assert loaded.email == (None if n % 2 else f"user{n}@qq.com")
        # The plaintext did not change, so neither did the indexes.
        assert (raw(user.pk, "document_number_index"), raw(user.pk, "phone_index")) == indexes[user.pk]
    assert User.objects.get_by_document_number("110105194912310001") == users[1]
    assert raw(staff.pk, "document_number") is None


def test_it_is_idempotent():
    old_key_applicants()
    run()
    before = list(User.objects.values_list("pk", flat=True))
    tokens = {pk: raw(pk, "document_number") for pk in before}
    out = run()
    assert "accounts.User: re-encrypted 0 values in 0 rows" in out
    # Nothing was rewritten the second time (a rewrite would change the random nonce).
    assert {pk: raw(pk, "document_number") for pk in before} == tokens


def test_it_rewrites_only_rows_with_an_old_key_value():
    (old,) = old_key_applicants(1)
    current = User.objects.create_applicant(
        document_type="id_card", document_number="110105194912310029", name="林黛玉", password=None
    )
    untouched = raw(current.pk, "document_number")
    out = run()
    assert "accounts.User: re-encrypted 3 values in 1 rows (document_number 1, phone 1, email 1" in out
    assert raw(current.pk, "document_number") == untouched
    assert raw(old.pk, "document_number").startswith("t2:")


def test_it_keeps_current_values_of_a_row_it_rewrites():
    (user,) = old_key_applicants(1)
    # A row with one value under each key: the current one must survive the rewrite.
    user.email = "new@qq.com"
    user.save(update_fields=["email", "email_index"])
    assert raw(user.pk, "email").startswith("t2:")
    assert raw(user.pk, "phone").startswith("t1:")
    run()
    loaded = User.objects.get(pk=user.pk)
    assert (loaded.phone, loaded.email) == ("13612345600", "new@qq.com")


def test_it_works_in_batches(monkeypatch):
    monkeypatch.setattr(rotate_field_keys, "BATCH_SIZE", 2)
    users = old_key_applicants(5)
    out = run()
    assert "re-encrypted 13 values in 5 rows" in out
    assert all(raw(u.pk, "phone").startswith("t2:") for u in users)


def test_a_dry_run_counts_and_writes_nothing():
    users = old_key_applicants()
    tokens = [raw(u.pk, "phone") for u in users]
    out = run("--dry-run")
    assert "accounts.User: would re-encrypt 8 values in 3 rows (document_number 3, phone 3, email 2" in out
    assert "Dry run: 8 values would be re-encrypted under key 't2'." in out
    assert [raw(u.pk, "phone") for u in users] == tokens


def test_it_stops_on_a_value_it_cannot_decrypt_without_showing_it():
    (user,) = old_key_applicants(1)
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", ["t9:AAAA", user.pk])  # noqa: S608
    with pytest.raises(CommandError, match=rf"accounts.User pk={user.pk} phone: Unknown key id 't9'"):
        run()


def test_it_refuses_a_current_key_id_without_a_key():
    with override_settings(FIELD_ENCRYPTION_CURRENT_KEY_ID="t7"), pytest.raises(CommandError, match="'t7'"):
        run()


def test_it_finds_every_model_with_encrypted_columns():
    found = {model._meta.label: [f.name for f in fields] for model, fields in rotate_field_keys.encrypted_models()}
    # Other apps add encrypted columns of their own; these three are the User's personal data.
    assert found["accounts.User"][:3] == ["document_number", "phone", "email"]


def test_the_rotated_values_are_under_the_new_key_only():
    (user,) = old_key_applicants(1)
    run()
    # With t1 gone, everything still reads: nothing depends on the old key any more.
    with override_settings(FIELD_ENCRYPTION_KEYS={"t2": b"T" * 32}):
        loaded = User.objects.get(pk=user.pk)
        assert loaded.document_number == "110105194912310000"
        assert crypto.key_id_of(raw(user.pk, "phone")) == "t2"
