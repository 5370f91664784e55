"""Normalisers behind every blind index (P3, P14, security.md §4.1)."""

import pytest

from teacherreg.common import normalise
from teacherreg.common.fields import index_for

ID = "11010519491231002X"


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002X",
        "11010519491231002x",
        " 11010519491231002X ",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and X
        "１１０１０５１９４９１２３１００２ｘ",  # full-width lowercase x
        "11010519491231002\u2169",  # Roman numeral Ⅹ folds to X under NFKC
        "\u300011010519491231002x\u3000",  # ideographic spaces
        "\u00a011010519491231002X\t\n",  # NBSP, tab, newline
        "110105 19491231 002X",
    ],
)
def test_it_folds_a_document_number_to_one_form(value):
    assert normalise.document_number(value) == ID


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002\u0425",  # Cyrillic Х: NFKC does not fold it, the validator refuses it
        "11010519491231002\u00d7",  # multiplication sign ×
        "1101051949\u200b1231002X",  # zero-width space is kept for the validator to refuse
        "11010519491231002\ufeffX",
    ],
)
def test_it_leaves_lookalikes_and_format_characters_for_the_validator(value):
    assert normalise.document_number(value) != ID


@pytest.mark.parametrize(
    "value",
    [
        "13612345690",
        "+8613612345690",
        "+86 136 1234 5690",
        "008613612345690",
        "136-1234-5690",
        "(136) 1234 5690",
        "１３６１２３４５６９０",
    ],
)
def test_it_folds_a_phone_number_to_eleven_digits(value):
    assert normalise.phone(value) == "13612345690"


def test_it_keeps_86_without_a_plus_or_double_zero():
    # "86…" without + or 00 is not a country code we can recognise safely.
    assert normalise.phone("8613612345690") == "8613612345690"


@pytest.mark.parametrize("value", ["Xue@QQ.com", " xue@qq.com ", "ｘｕｅ＠ｑｑ．ｃｏｍ"])
def test_it_folds_an_email_address(value):
    assert normalise.email(value) == "xue@qq.com"


def test_it_prefixes_19_to_a_15_digit_certificate_number():
    assert normalise.certificate_number("981101010000123") == "19981101010000123"


@pytest.mark.parametrize("value", ["19981101010000123", "20231101010000456"])
def test_it_leaves_a_17_digit_certificate_number_unchanged(value):
    assert normalise.certificate_number(value) == value


def test_the_15_and_17_digit_forms_of_a_certificate_share_a_key():
    assert index_for("certificate_number", "981101010000123") == index_for("certificate_number", "19981101010000123")
    assert index_for("certificate_number", " ９８１１０１０１００００１２３ ") == index_for(
        "certificate_number", "19981101010000123"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("98110101000012", "98110101000012"),  # 14 digits: not the old form
        ("9811010100001234", "9811010100001234"),  # 16 digits
        ("98110101000012A", "98110101000012A"),  # not all digits
        ("٩٨١١٠١٠١٠٠٠٠١٢٣", "٩٨١١٠١٠١٠٠٠٠١٢٣"),  # Arabic-Indic digits are not ASCII digits
    ],
)
def test_it_prefixes_only_a_15_digit_ascii_number(value, expected):
    assert normalise.certificate_number(value) == expected


def test_every_blind_index_purpose_has_a_normaliser():
    assert set(normalise.NORMALISERS) == {"document_number", "phone", "email", "certificate_number"}
