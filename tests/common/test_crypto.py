"""Field encryption and blind indexes (teacherreg.common.crypto, security.md §1.8, §2.6)."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from teacherreg.accounts.models import User
from teacherreg.common import crypto

AD = "accounts.user.phone"
T1 = b"t" * 32
T2 = b"T" * 32
NEW = b"N" * 32


def test_it_round_trips_a_value():
    token = crypto.encrypt("13612345690", AD)
    assert crypto.decrypt(token, AD) == "13612345690"


def test_it_round_trips_non_ascii_and_empty_strings():
    for value in ["薛𠀀·阿依古丽", ""]:
        assert crypto.decrypt(crypto.encrypt(value, AD), AD) == value


def test_it_prefixes_the_current_key_id():
    assert crypto.encrypt("x", AD).startswith("t2:")
    assert crypto.key_id_of(crypto.encrypt("x", AD)) == "t2"


def test_it_never_encrypts_the_same_value_the_same_way():
    tokens = {crypto.encrypt("11010519491231002X", AD) for _ in range(20)}
    assert len(tokens) == 20


def test_it_refuses_a_ciphertext_moved_to_another_column():
    token = crypto.encrypt("13612345690", "accounts.user.phone")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, "accounts.user.email")


def test_it_refuses_a_tampered_byte():
    token = crypto.encrypt("13612345690", AD)
    key_id, _, body = token.partition(":")
    raw = bytearray(base64.b64decode(body))
    for position in (0, len(raw) // 2, len(raw) - 1):  # nonce, ciphertext, tag
        flipped = bytearray(raw)
        flipped[position] ^= 0x01
        with pytest.raises(crypto.DecryptionError, match="failed authentication"):
            crypto.decrypt(f"{key_id}:{base64.b64encode(bytes(flipped)).decode()}", AD)


@pytest.mark.parametrize(
    "token",
    ["t2:not base64!", "t2:", "t2:AAAA", "t2:" + base64.b64encode(b"\x00" * 40).decode(), "t2:ｘｙ"],
)
def test_it_refuses_malformed_ciphertext(token):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, AD)


@pytest.mark.parametrize("token", ["t9:AAAA", "no-separator", "", ":AAAA"])
def test_it_refuses_an_unknown_key_id(token):
    with pytest.raises(crypto.DecryptionError, match="Unknown key id"):
        crypto.decrypt(token, AD)


def test_it_refuses_a_value_whose_key_was_removed():
    token = crypto.encrypt("13612345690", AD)
    with (
        override_settings(FIELD_ENCRYPTION_KEYS={"t1": T1}, FIELD_ENCRYPTION_CURRENT_KEY_ID="t1"),
        pytest.raises(crypto.DecryptionError, match="Unknown key id 't2'"),
    ):
        crypto.decrypt(token, AD)


def test_it_refuses_a_key_id_whose_key_changed():
    token = crypto.encrypt("13612345690", AD)
    with (
        override_settings(FIELD_ENCRYPTION_KEYS={"t2": NEW}),
        pytest.raises(crypto.DecryptionError, match="failed authentication"),
    ):
        crypto.decrypt(token, AD)


def test_it_still_decrypts_old_key_values_after_the_current_key_changes():
    with override_settings(FIELD_ENCRYPTION_KEYS={"t1": T1}, FIELD_ENCRYPTION_CURRENT_KEY_ID="t1"):
        old = crypto.encrypt("13612345690", AD)
    assert old.startswith("t1:")
    # The test settings (t2 current, t1 kept) and a later rotation to a third key.
    assert crypto.decrypt(old, AD) == "13612345690"
    with override_settings(FIELD_ENCRYPTION_KEYS={"t3": NEW, "t2": T2, "t1": T1}, FIELD_ENCRYPTION_CURRENT_KEY_ID="t3"):
        assert crypto.decrypt(old, AD) == "13612345690"
        assert crypto.encrypt("13612345690", AD).startswith("t3:")


def test_it_reports_a_current_key_id_that_has_no_key():
    with (
        override_settings(FIELD_ENCRYPTION_CURRENT_KEY_ID="t7"),
        pytest.raises(ImproperlyConfigured, match="'t7' is not in FIELD_ENCRYPTION_KEYS"),
    ):
        crypto.encrypt("x", AD)


def test_it_refuses_to_decrypt_without_keys():
    token = crypto.encrypt("x", AD)
    with (
        override_settings(FIELD_ENCRYPTION_KEYS={}),
        pytest.raises(crypto.DecryptionError, match="No field-encryption"),
    ):
        crypto.decrypt(token, AD)


def test_it_gives_equal_blind_indexes_for_equal_inputs():
    first = crypto.blind_index("11010519491231002X", "document_number")
    assert first == crypto.blind_index("11010519491231002X", "document_number")
    assert len(first) == 64
    assert first != crypto.blind_index("11010519491231003X", "document_number")


def test_it_gives_different_blind_indexes_per_purpose():
    assert crypto.blind_index("13612345690", "phone") != crypto.blind_index("13612345690", "document_number")


def test_it_gives_different_blind_indexes_under_another_index_key():
    before = crypto.blind_index("13612345690", "phone")
    with override_settings(BLIND_INDEX_KEY=b"j" * 32):
        assert crypto.blind_index("13612345690", "phone") != before
    assert crypto.blind_index("13612345690", "phone") == before


@pytest.mark.django_db
def test_it_stores_no_plaintext_in_the_column():
    user = User.objects.create_applicant(
        document_type="id_card",
        document_number="11010519491231002X",
        name="薛宝钗",
        password=None,
        phone="13612345690",
        email="2345678@qq.com",
    )
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT document_number, document_number_index, phone, phone_index, email, email_index "  # noqa: S608
            f"FROM {table} WHERE id = %s",
            [user.pk],
        )
        row = cursor.fetchone()
    stored = " ".join(row)
    for plaintext in ["11010519491231002X", "110105", "13612345690", "1361234", "2345678", "qq.com"]:
        assert plaintext not in stored
    assert [row[0][:3], row[2][:3], row[4][:3]] == ["t2:", "t2:", "t2:"]
    assert crypto.decrypt(row[0], "accounts.user.document_number") == "11010519491231002X"
    assert crypto.decrypt(row[2], "accounts.user.phone") == "13612345690"
    assert row[1] == crypto.blind_index("11010519491231002X", "document_number")


@pytest.mark.xfail(
    strict=True,
    reason="The associated data names table and column but not the row (security.md §1.8 asks for the row id too).",
)
@pytest.mark.django_db
def test_it_refuses_a_ciphertext_swapped_between_rows():
    first = User.objects.create_applicant(
        document_type="id_card", document_number="11010519491231002X", name="甲", password=None
    )
    second = User.objects.create_applicant(
        document_type="id_card", document_number="110105194912310029", name="乙", password=None
    )
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT document_number FROM {table} WHERE id = %s", [first.pk])  # noqa: S608
        (token,) = cursor.fetchone()
        cursor.execute(f"UPDATE {table} SET document_number = %s WHERE id = %s", [token, second.pk])  # noqa: S608
    with pytest.raises(crypto.DecryptionError):
        User.objects.get(pk=second.pk)
