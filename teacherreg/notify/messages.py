"""What the pages say about SMS verification codes (P12). The words live in the one catalogue
(P20, ``teacherreg.common.messages``) under ``sms_<code>``; the codes are part of the API
(``IssueResult.error_code``, ``CheckResult.error_code``)."""

from __future__ import annotations

from typing import Any

from teacherreg.common.messages import MESSAGES as CATALOGUE
from teacherreg.common.messages import message_for

CODE_MESSAGES: dict[str, Any] = {
    key.removeprefix("sms_"): text for key, text in CATALOGUE.items() if key.startswith("sms_")
}


def code_message(code: str, **params: Any) -> str:
    if code not in CODE_MESSAGES:
        raise KeyError(code)
    return message_for(f"sms_{code}", **params)
