"""The one mask() function and its template filter (security.md §2.5)."""

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from teacherreg.common.masking import mask

# No example database: nothing is written to the working tree.
property_settings = settings(database=None, max_examples=300)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        # The formats observed on the live system.
        ("document_number", "370102199001011220", "37*****20"),
        ("document_number", "11010519491231002X", "11*****2X"),
        ("phone", "13612345690", "136****90"),
        ("email", "2345678@qq.com", "2*****@qq.com"),
        ("name", "薛宝钗", "薛*"),
        ("name", "赵四", "赵*"),
        # Fixed stars: the length of the value does not show.
        ("document_number", "E12345678", "E1*****78"),
        ("name", "阿依古丽·买买提", "阿*"),
        ("email", "a.very.long.local.part@example.edu.cn", "a*****@example.edu.cn"),
        ("email", "x@y@qq.com", "x*****@qq.com"),
    ],
)
def test_it_masks_in_the_agreed_formats(kind, value, expected):
    assert mask(kind, value) == expected


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        # Too short to show both ends and still hide as much as is shown: all stars.
        ("document_number", "1", "*****"),
        ("document_number", "1234", "*****"),
        ("document_number", "1234567", "*****"),
        ("document_number", "12345678", "12*****78"),
        ("phone", "110", "****"),
        ("phone", "123456789", "****"),
        ("phone", "1234567890", "123****90"),
        ("name", "薛", "*"),
        ("email", "a@qq.com", "*****@qq.com"),
        ("email", "@qq.com", "*****@qq.com"),
        ("email", "not-an-address", "*****"),
    ],
)
def test_it_stars_short_values_completely(kind, value, expected):
    assert mask(kind, value) == expected


@pytest.mark.parametrize("kind", ["name", "document_number", "phone", "email"])
@pytest.mark.parametrize("value", ["", None])
def test_it_returns_nothing_for_an_empty_value(kind, value):
    assert mask(kind, value) == ""


@pytest.mark.parametrize("value", ["13612345690", "", None])
def test_it_refuses_an_unknown_kind_even_for_an_empty_value(value):
    with pytest.raises(ValueError, match="Unknown mask kind 'mobile'"):
        mask("mobile", value)


def test_it_masks_non_string_values_as_text():
    assert mask("phone", 13612345690) == "136****90"


def _shown(masked: str) -> int:
    """Characters of the output that are not stars."""
    return sum(1 for char in masked if char != "*")


@property_settings
@given(st.text(min_size=1))
def test_a_document_number_never_shows_more_than_four_characters(value):
    masked = mask("document_number", value)
    assert _shown(masked) <= 4
    assert masked == "*****" or masked == value[:2] + "*****" + value[-2:]


@property_settings
@given(st.text(min_size=1))
def test_a_phone_number_never_shows_more_than_five_characters(value):
    masked = mask("phone", value)
    assert _shown(masked) <= 5
    assert masked == "****" or masked == value[:3] + "****" + value[-2:]


@property_settings
@given(st.text(min_size=1))
def test_a_name_never_shows_more_than_one_character(value):
    masked = mask("name", value)
    assert _shown(masked) <= 1
    assert _shown(masked) < len(value) or value.count("*") == len(value)


@property_settings
@given(st.text(min_size=1), st.text())
def test_an_email_never_shows_more_than_one_character_of_the_local_part(local, domain):
    domain = domain.replace("@", "")
    masked = mask("email", f"{local}@{domain}")
    assert masked.endswith("@" + domain)
    local_part = masked[: -len("@" + domain)]
    assert _shown(local_part) <= 1
    assert _shown(local_part) < len(local) or local.count("*") == len(local)


@property_settings
@given(st.text(min_size=1))
def test_at_most_half_of_a_short_value_is_shown(value):
    # A 5-character number is not shown as "12*****45", nor a 6-digit one as "123****56".
    for kind in ("document_number", "phone"):
        masked = mask(kind, value)
        assert set(masked) == {"*"} or _shown(masked) * 2 <= len(value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("document_number", "370102199001011220"),
        ("phone", "13612345690"),
        ("email", "2345678@qq.com"),
        ("name", "薛宝钗"),
        ("phone", ""),
        ("phone", None),
    ],
)
def test_the_template_filter_renders_the_same_output(kind, value):
    rendered = Template("{% load masking %}{{ value|mask:kind }}").render(Context({"value": value, "kind": kind}))
    assert rendered == mask(kind, value)


def test_the_template_filter_escapes_what_it_shows():
    rendered = Template('{% load masking %}{{ value|mask:"email" }}').render(
        Context({"value": "ab@<script>x</script>"})
    )
    assert rendered == "a*****@&lt;script&gt;x&lt;/script&gt;"


def test_the_template_filter_fails_on_an_unknown_kind():
    template = Template('{% load masking %}{{ value|mask:"mobile" }}')
    with pytest.raises(ValueError, match="Unknown mask kind"):
        template.render(Context({"value": ""}))
