"""Sign-up input rules: security.md §4.1 (ID numbers), §4.2 (names), §4.3 (phones); P3–P5."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from teacherreg.accounts.validation import (
    password_context_check,
    validate_document,
    validate_mobile,
    validate_name,
)
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 28)
GB_EXAMPLE = "11010519491231002X"  # the standard's own example


@pytest.fixture(autouse=True)
def regions():
    RegionFactory(code="110105", name="朝阳区", level="county", is_municipality=False)
    RegionFactory(code="110228", name="密云县", level="county", is_municipality=False, valid_until=2015)


def _code(fn, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        fn(*args, **kwargs)
    return caught.value.code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (GB_EXAMPLE, GB_EXAMPLE),
        ("11010519491231002x", GB_EXAMPLE),  # lower-case x
        ("１１０１０５１９４９１２３１００２Ｘ", GB_EXAMPLE),  # full-width digits and letter
        ("  11010519491231002X  ", GB_EXAMPLE),
        ("110105 1949 1231 002X", GB_EXAMPLE),  # spaces inside
        ("\u300011010519491231002X", GB_EXAMPLE),  # ideographic space
        ("11010519491231002\u2169", GB_EXAMPLE),  # Roman numeral Ten folds to X under NFKC
    ],
)
def test_it_normalises_and_accepts_real_id_numbers(raw, expected):
    facts = validate_document(raw, "id_card", today=TODAY)
    assert facts.number == expected
    assert facts.sex == "female"
    assert facts.birth_date == datetime.date(1949, 12, 31)


def test_a_code_abolished_since_still_counts():
    number = "110228197001010011"  # 密云县 existed 1982-2015; the number stays valid (domain.md §6.11)
    from teacherreg.common.idnumber import check_char

    number = number[:17] + check_char(number[:17])
    assert validate_document(number, "id_card", today=TODAY).number == number


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("11010519491231002", "document_format"),  # 17 digits
        ("1101051949123100201", "document_format"),  # 19 digits
        ("11010519491231002A", "document_format"),  # a letter that is not X
        ("110105194912310021", "document_checksum"),
        ("11010519490231002" + "X", "document_checksum"),  # 31 Feb… checksum fails first
        ("11010520990101001" + "6", "document_birth_date"),
        ("00000019491231002" + "X", "document_region"),
        ("11010519491231002\u0425", "document_characters"),  # Cyrillic Ha is not X
        ("11010519491231002\u00d7", "document_characters"),  # multiplication sign
        ("1101051949\u200b1231002X", "document_invisible"),  # zero-width space inside
        ("\u202e11010519491231002X", "document_invisible"),  # bidi override
        ("' OR 1=1--", "document_format"),
        ("<script>", "document_format"),
        ("１１０１０５１９４９１２３１００２Ｘ一", "document_characters"),
        ("", "document_required"),
    ],
)
def test_it_refuses_bad_id_numbers_with_the_reason(raw, code):
    from teacherreg.common.idnumber import check_char

    if code in {"document_birth_date", "document_region"}:
        raw = raw[:17] + check_char(raw[:17])
    assert _code(validate_document, raw, "id_card", today=TODAY) == code


def test_it_refuses_an_impossible_date_with_a_correct_checksum():
    from teacherreg.common.idnumber import check_char

    first17 = "11010519990231001"
    assert _code(validate_document, first17 + check_char(first17), "id_card", today=TODAY) == "document_birth_date"


def test_residence_permits_need_their_prefix_and_pass_the_checksum():
    from teacherreg.common.idnumber import check_char

    first17 = "83000019800101001"
    number = first17 + check_char(first17)
    facts = validate_document(number, "hmt_residence_permit", today=TODAY)
    assert facts.birth_date == datetime.date(1980, 1, 1)
    assert _code(validate_document, GB_EXAMPLE, "hmt_residence_permit", today=TODAY) == "document_type_mismatch"


@pytest.mark.parametrize(
    ("document_type", "good", "bad"),
    [
        ("hk_macao_permit", "H12345678", "12345678"),
        ("taiwan_permit", "12345678", "A1234567"),
        ("passport", "E12345678", "E12"),
        ("foreign_pr_card", "USA110076012345", "US1100760123"),
    ],
)
def test_other_documents_have_their_own_shapes(document_type, good, bad):
    facts = validate_document(good.lower() if document_type == "passport" else good, document_type, today=TODAY)
    assert facts.number == good
    assert not facts.derived
    assert _code(validate_document, bad, document_type, today=TODAY) == "document_format"


@pytest.mark.parametrize(
    ("raw", "document_type", "expected"),
    [
        ("张三", "id_card", "张三"),
        ("欧阳娜娜", "id_card", "欧阳娜娜"),
        ("王𠈌", "id_card", "王𠈌"),  # Extension B
        ("李\U00031350", "id_card", "李\U00031350"),  # Extension H
        ("赵\U0002ebf0", "id_card", "赵\U0002ebf0"),  # Extension I
        ("买买提·艾力", "id_card", "买买提·艾力"),
        ("买买提•艾力", "id_card", "买买提·艾力"),  # U+2022
        ("买买提・艾力", "id_card", "买买提·艾力"),  # U+30FB
        ("买买提‧艾力", "id_card", "买买提·艾力"),  # U+2027
        ("买买提．艾力", "id_card", "买买提·艾力"),  # U+FF0E
        ("买买提⸱艾力", "id_card", "买买提·艾力"),  # U+2E31
        ("  张三  ", "id_card", "张三"),
        ("John O'Neil", "passport", "John O'Neil"),
        ("Anne-Marie  Ng", "foreign_pr_card", "Anne-Marie Ng"),
    ],
)
def test_it_accepts_real_names(raw, document_type, expected):
    assert validate_name(raw, document_type) == expected


@pytest.mark.parametrize(
    ("raw", "document_type", "code"),
    [
        ("John", "id_card", "name_characters"),  # Latin only for passports and PR cards
        ("张\ue000", "id_card", "name_invisible"),  # private use
        ("⿰木加", "id_card", "name_ids"),
        ("张\u200b三", "id_card", "name_invisible"),
        ("张\u202e三", "id_card", "name_invisible"),
        ("张" * 51, "id_card", "name_too_long"),
        ("<img src=x onerror=alert(1)>", "passport", "name_characters"),
        ("{{7*7}}", "id_card", "name_characters"),
        ("=HYPERLINK(1)", "id_card", "name_characters"),
        ("张三\r\nBcc:", "id_card", "name_invisible"),
        ("·买买提", "id_card", "name_dots"),
        ("买买提··艾力", "id_card", "name_dots"),
        ("   ", "id_card", "name_required"),
        ("张\x00三", "id_card", "name_invisible"),
        ("Lê Văn", "passport", "name_characters"),
    ],
)
def test_it_refuses_bad_names_with_the_reason(raw, document_type, code):
    assert _code(validate_name, raw, document_type) == code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("13600000000", "13600000000"), ("+86 136-0000-0000", "13600000000"), ("１３６００００００００", "13600000000")],
)
def test_it_normalises_mobile_numbers(raw, expected):
    assert validate_mobile(raw) == expected


@pytest.mark.parametrize("raw", ["1360000000", "136000000000", "12000000000", "010-12345678", "+44 7700 900123", "abc"])
def test_it_refuses_what_cannot_receive_an_sms(raw):
    assert _code(validate_mobile, raw) == "phone_format"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("x11010519491231002Xy", "password_contains_document"),
        ("x11010519491231002xy", "password_contains_document"),
        ("pass19491231word", "password_contains_birth_date"),
        ("pass1949-12-31word", "password_contains_birth_date"),
    ],
)
def test_passwords_may_not_contain_the_number_or_birth_date(password, code):
    assert (
        _code(password_context_check, password, document_number=GB_EXAMPLE, birth_date=datetime.date(1949, 12, 31))
        == code
    )


def test_an_unrelated_password_passes_the_context_check():
    password_context_check("Blue-river-2026", document_number=GB_EXAMPLE, birth_date=datetime.date(1949, 12, 31))
