"""Messages of the WeChat pages: the ``wechat_*`` codes of the one catalogue (P20)."""

from __future__ import annotations

from typing import Any

from teacherreg.common.messages import MESSAGES as CATALOGUE
from teacherreg.common.messages import message_for

MESSAGES: dict[str, Any] = {key: text for key, text in CATALOGUE.items() if key.startswith("wechat_")}

__all__ = ["MESSAGES", "message_for"]
