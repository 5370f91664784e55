"""The password validators speak Chinese on a Chinese page (Django's own catalogue misses one)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "密码太短，至少需要 8 个字符。"), ("en", "at least 8")])
def test_a_short_password_is_refused_in_the_page_language(language, expected):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        validate_password("k7#Qz")

    assert refused.value.error_list[0].code == "password_too_short"
    assert expected in refused.value.messages[0]


def test_eight_characters_pass_the_length_rule():
    validate_password("k7#Qz9!m")  # not common, exactly the minimum
