"""Everything the captcha says to a person, by stable code. The words live in the one
catalogue (P20, ``teacherreg.common.messages``) under ``captcha_<code>``."""

from __future__ import annotations

from typing import Any

from teacherreg.common.messages import MESSAGES as CATALOGUE
from teacherreg.common.messages import message_for

MESSAGES: dict[str, Any] = {
    key.removeprefix("captcha_"): text for key, text in CATALOGUE.items() if key.startswith("captcha_")
}


def message(code: str, **params: object) -> str:
    return message_for(f"captcha_{code}", **params)
