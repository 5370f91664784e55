"""Domain errors carry a stable code; the words come from the message catalogue (P20)."""

from __future__ import annotations

from typing import Any

from teacherreg.common.messages import message_for


class DomainError(Exception):
    """Raised by domain services when a rule refuses an action. Views show ``message``."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return message_for(self.code, **self.params)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
