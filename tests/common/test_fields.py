"""EncryptedTextField and BlindIndexField through the real User model (P3)."""

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import IntegrityError, connection, transaction

from teacherreg.accounts.models import User, UserKind
from teacherreg.common import crypto
from teacherreg.common.fields import BlindIndexField, index_for

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"  # GB 11643 example


def applicant(number=ID, **extra):
    return User.objects.create_applicant(
        document_type="id_card", document_number=number, name="薛宝钗", password=None, **extra
    )


def raw_row(user, *columns):
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [user.pk])  # noqa: S608
        return cursor.fetchone()


def test_it_round_trips_through_the_database():
    user = applicant(phone="13612345690", email="Xue.Baochai@QQ.com")
    loaded = User.objects.get(pk=user.pk)
    assert (loaded.document_number, loaded.phone, loaded.email) == (ID, "13612345690", "Xue.Baochai@QQ.com")


def test_it_keeps_null_and_empty_values_as_they_are():
    user = applicant(phone=None, email="")
    loaded = User.objects.get(pk=user.pk)
    assert loaded.phone is None
    assert loaded.email == ""
    assert raw_row(user, "phone", "phone_index", "email", "email_index") == (None, None, "", None)


def test_it_computes_the_blind_indexes_on_save():
    user = applicant(phone="+86 136-1234-5690", email=" Xue@QQ.com ")
    assert user.document_number_index == index_for("document_number", ID)
    assert raw_row(user, "document_number_index", "phone_index", "email_index") == (
        crypto.blind_index(ID, "document_number"),
        crypto.blind_index("13612345690", "phone"),
        crypto.blind_index("xue@qq.com", "email"),
    )


def test_it_recomputes_the_blind_index_when_the_value_changes():
    user = applicant(phone="13612345690")
    user.phone = "13987654321"
    user.save()
    assert raw_row(user, "phone_index") == (crypto.blind_index("13987654321", "phone"),)
    user.phone = None
    user.save()
    assert raw_row(user, "phone_index") == (None,)


def test_it_recomputes_the_blind_index_with_update_fields_that_name_both():
    user = applicant(phone="13612345690")
    user.phone = "13987654321"
    user.save(update_fields=["phone", "phone_index"])
    assert raw_row(user, "phone_index") == (crypto.blind_index("13987654321", "phone"),)


def test_it_refuses_update_fields_that_would_leave_the_index_stale():
    user = applicant(phone="13612345690")
    user.phone = "13987654321"
    with pytest.raises(ValueError, match="names 'phone' but not its blind index 'phone_index'"):
        user.save(update_fields=["phone"])
    assert User.objects.get(pk=user.pk).phone == "13612345690"


def test_it_computes_the_blind_index_in_bulk_create():
    users = User.objects.bulk_create(
        [
            User(kind=UserKind.APPLICANT, document_type="id_card", document_number=ID, phone="13612345690"),
            User(kind=UserKind.APPLICANT, document_type="id_card", document_number="110105194912310029"),
        ]
    )
    assert [u.document_number_index for u in users] == [
        crypto.blind_index(ID, "document_number"),
        crypto.blind_index("110105194912310029", "document_number"),
    ]
    found = User.objects.get_by_document_number("110105194912310029")
    assert found.document_number == "110105194912310029"
    assert User.objects.get(phone_index=index_for("phone", "136 1234 5690")).document_number == ID


def test_it_finds_a_user_by_an_unnormalised_document_number():
    user = applicant()
    # Full-width digits, an ASCII space, an ideographic space and a lowercase x (security.md §4.1).
    assert User.objects.get_by_document_number(" １１０１０５１９４９１２３１００２x\u3000") == user
    assert User.objects.get_by_document_number("11010519491231002ｘ") == user
    assert User.objects.get_by_document_number("1101051949123100 2X") == user


def test_it_does_not_find_another_number():
    applicant()
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_document_number("110105194912310029")


def test_it_stores_the_normalised_number_for_a_new_applicant():
    user = applicant(" １１０１０５１９４９１２３１００２x ")
    assert User.objects.get(pk=user.pk).document_number == ID


@pytest.mark.parametrize(
    "lookup",
    [
        {"document_number": ID},
        {"document_number__iexact": ID},
        {"document_number__startswith": "1101"},
        {"document_number__contains": "1949"},
        {"document_number__in": [ID]},
        {"document_number__gt": ""},
        {"phone": "13612345690"},
        {"email__icontains": "qq"},
        # exact None is not turned into isnull either: say isnull.
        {"document_number": None},
    ],
)
def test_it_refuses_lookups_on_ciphertext(lookup):
    with pytest.raises(FieldError, match="Unsupported lookup"):
        User.objects.filter(**lookup).exists()


def test_it_allows_isnull_on_ciphertext():
    with_phone = applicant(phone="13612345690")
    without = applicant("110105194912310029")
    assert list(User.objects.filter(phone__isnull=True)) == [without]
    assert list(User.objects.filter(phone__isnull=False)) == [with_phone]


def test_it_refuses_a_second_account_for_the_same_normalised_number():
    applicant()
    with transaction.atomic(), pytest.raises(IntegrityError):
        applicant(" 11010519491231002x ")
    # The model-level create path does not normalise: the index still collides.
    with transaction.atomic(), pytest.raises(IntegrityError):
        User.objects.bulk_create(
            [
                User(
                    kind=UserKind.APPLICANT,
                    document_type="passport",
                    document_number="１１０１０５１９４９１２３１００２ｘ",
                )
            ]
        )
    assert User.objects.count() == 1


def test_it_encrypts_values_written_by_queryset_update():
    user = applicant(phone="13612345690")
    User.objects.filter(pk=user.pk).update(phone="13987654321")
    (stored,) = raw_row(user, "phone")
    assert stored.startswith("t2:")
    assert "13987654321" not in stored
    assert User.objects.get(pk=user.pk).phone == "13987654321"


def test_it_names_the_column_in_the_associated_data():
    field = User._meta.get_field("phone")
    assert field.associated_data == "accounts.user.phone"


def test_it_refuses_a_ciphertext_moved_to_another_column():
    user = applicant(phone="13612345690", email="2345678@qq.com")
    (phone_token,) = raw_row(user, "phone")
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET email = %s WHERE id = %s", [phone_token, user.pk])  # noqa: S608
    with pytest.raises(crypto.DecryptionError):
        User.objects.get(pk=user.pk)
    # Reading only the other columns still works: the error is per value, not per row.
    assert User.objects.only("phone").get(pk=user.pk).phone == "13612345690"


def test_the_blind_index_field_deconstructs_with_its_source_and_normaliser():
    field = User._meta.get_field("phone_index")
    _, path, _args, kwargs = field.deconstruct()
    assert path == "teacherreg.common.fields.BlindIndexField"
    assert kwargs == {"source": "phone", "normaliser": "phone", "null": True, "db_index": True}


def test_the_blind_index_field_refuses_an_unknown_normaliser():
    with pytest.raises(ImproperlyConfigured, match="Unknown normaliser 'postcode'"):
        BlindIndexField(source="postcode", normaliser="postcode")
